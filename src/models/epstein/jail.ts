// Jail terms: how long, when they are served, and where the released go.
//
// Mesa 3.x (agents.py): a term is randint(0, Jmax); a jailed citizen spends each of its own activations taking
// one step off the term and acts normally on the activation at which the term is 0; it never leaves its cell.
// NetLogo Rebellion: a term is `random max-jail-term` (0..Jmax-1); every term falls by one at the end of each tick
// and the citizen is free once it is 0 (a zero draw frees it on the spot); it stays on its patch, which others
// may enter. Ascape (the authors' code, Citizen.java): randomInRange(0, jailTerm); the jailed leave the lattice
// and come back quiet on the nearest free cell to where they were caught.
import type { Stream } from '../../engine/rng.js';
import type { EpsteinParams } from './params.js';
import { type EpsteinState, JAILED, freeCitizen, jailCitizen, setActive } from './state.js';

export function drawJailTerm(p: EpsteinParams, rng: Stream): number {
  if (p.jailDraw === 'inclusive') return rng.int(p.jailMax + 1);
  return p.jailMax === 0 ? 0 : rng.int(p.jailMax);
}

/** Arrest an active citizen: draw its term and jail it (under endOfStep a zero term frees it on the spot). */
export function arrest(s: EpsteinState, i: number): void {
  const term = drawJailTerm(s.p, s.rng.arrest);
  if (term === 0 && s.p.jailCountdown === 'endOfStep') setActive(s, i, false);
  else jailCitizen(s, i, term);
}

/** Let a jailed citizen out, quiet. Returns false when it cannot be placed (no empty cell at all). */
export function releaseFromJail(s: EpsteinState, i: number): boolean {
  const p = s.p;
  let c = s.cell[i];
  if (p.jailedPlacement === 'removed') {
    c = p.releaseSite === 'nearHome' ? s.occupancy.pickEmptyNear(s.homeCell[i], s.releaseSearch, s.rng.release) : -1;
    if (c < 0) c = s.occupancy.pickEmpty(s.rng.release);
    if (c < 0) return false;
  }
  freeCitizen(s, i, c);
  return true;
}

/** jailCountdown endOfStep: every term falls by one after all agents acted; terms at 0 end. */
export function serveJailTermsAtEndOfStep(s: EpsteinState): void {
  for (let i = 0; i < s.used; i++) {
    if (s.alive[i] === 0 || s.status[i] !== JAILED) continue;
    if (s.jailTerm[i] > 0) s.jailTerm[i]--;
    if (s.jailTerm[i] === 0) releaseFromJail(s, i);
  }
}
