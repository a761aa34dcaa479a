// Council vote (report §II): a renewal negotiation among 15 members on a norms axis.
//
// The P3 and P2 blocs sit at +-(0.2 + 0.6 fragmentation) and accept drafts within a tolerance that shrinks by 40%
// as fragmentation goes from 0 to 1. The penholder (a P3 member) drafts POC strength, troop ceiling, length and
// clarity; the draft's place on the axis rises with its POC strength and size. Vaguer wording lets every member
// read the text closer to its own position (effective distance x (0.4 + 0.6 clarity)). Round by round the
// penholder waters the draft down (POC x 0.85, ceiling x 0.95, clarity x 0.9, and from the third concession a
// shorter length) until its soundings say no P5 member will veto, then tables it. On the vote day each member
// shifts by an unforeseen shock (issue linkage); a P5 member beyond its tolerance vetoes, one within 0.15 of its
// edge abstains; elected members vote yes within their tolerance and abstain beyond it. Nine yes votes and no veto
// adopt. When concessions run out (or the penholder's own bloc would reject the text) talks fail and the penholder
// asks for a technical rollover of the text in force, which only a member far from it (beyond tolerance + 0.3:
// blocking a rollover closes a mission, a step members take rarely) vetoes. A vetoed rollover leaves the mission
// without a mandate (mandate.ts).
import { COUNCIL_SIZE, FIRST_ELECTED, type MandateTerms, P2, P3, type World, pushEvent } from './world.js';
import { drawElected } from './initialise.js';

const POC_CONCESSION = 0.85;
const CEILING_CONCESSION = 0.95;
const CLARITY_CONCESSION = 0.9;
const ABSTAIN_BAND = 0.15;
const ROLLOVER_SLACK = 0.3;
const VOTES_TO_ADOPT = 9;
const LENGTHS = [6, 12, 24, 36] as const;

export type RenewalResult =
  | { readonly kind: 'adopted'; readonly terms: MandateTerms; readonly concessionShare: number }
  | { readonly kind: 'rollover' }
  | { readonly kind: 'failed' };

/** Place of a draft on the norms axis: robust POC language and a large force sit at the liberal end. */
export function draftPosition(w: World, terms: MandateTerms): number {
  const size = Math.min(1, terms.ceilingPersons / w.p.mandate.troopCeiling);
  return -1 + 2 * (0.75 * terms.pocStrength + 0.25 * size);
}

function effectiveDistance(x: number, member: number, clarity: number): number {
  return Math.abs(x - member) * (0.4 + 0.6 * clarity);
}

function shorter(lengthMonths: number): number {
  for (let i = LENGTHS.length - 1; i >= 0; i--) if (LENGTHS[i] < lengthMonths) return LENGTHS[i];
  return LENGTHS[0];
}

/** Half the elected members change each January (two-year terms). */
export function rotateElectedMembers(w: World): void {
  if (w.month === 0 || w.month % 12 !== 0) return;
  const first = FIRST_ELECTED + ((w.month / 12) % 2) * 5;
  for (let m = first; m < first + 5; m++) w.council.position[m] = drawElected(w);
}

interface Vote {
  vetoes: number;
  abstentions: number;
  yes: number;
}

function castVotes(w: World, x: number, clarity: number, slack: number, out: Vote): void {
  const c = w.council;
  const tau = c.tolerance + slack;
  out.vetoes = 0;
  out.abstentions = 0;
  out.yes = 0;
  for (let m = 0; m < COUNCIL_SIZE; m++) {
    const d = effectiveDistance(x, c.position[m] + c.shock[m], clarity);
    if (m < FIRST_ELECTED) {
      if (d > tau) out.vetoes++;
      else if (d > tau - ABSTAIN_BAND) out.abstentions++;
      else out.yes++;
    } else if (d > tau) out.abstentions++;
    else out.yes++;
  }
}

/** Run one renewal negotiation. `statusQuo` is the text in force (the basis of a rollover). */
export function negotiateRenewal(w: World, statusQuo: MandateTerms): RenewalResult {
  const p = w.p;
  const c = w.council;
  const t = w.tallies;
  const s = w.rng.council;
  // Every member's vote-day shift is drawn up front: the same number of draws whatever happens.
  for (let m = 0; m < COUNCIL_SIZE; m++) c.shock[m] = p.council.voteNoise * s.normal();
  const draft: MandateTerms = {
    pocStrength: p.mandate.pocStrength,
    ceilingPersons: p.mandate.troopCeiling,
    lengthMonths: p.mandate.lengthMonths,
    clarity: p.mandate.clarity,
  };
  const vote: Vote = { vetoes: 0, abstentions: 0, yes: 0 };
  const maxRounds = p.council.maxRounds;
  for (let round = 0; round <= maxRounds; round++) {
    const x = draftPosition(w, draft);
    // The penholder's soundings: every P5 member within tolerance, without the unforeseen shifts.
    let soundingsClear = true;
    for (const m of P2) if (effectiveDistance(x, c.position[m], draft.clarity) > c.tolerance) soundingsClear = false;
    for (const m of P3) if (effectiveDistance(x, c.position[m], draft.clarity) > c.tolerance) soundingsClear = false;
    if (soundingsClear) {
      castVotes(w, x, draft.clarity, 0, vote);
      t.abstentions += vote.abstentions;
      if (vote.vetoes > 0) {
        t.vetoes++;
        pushEvent(w, 'veto', `draft vetoed by ${vote.vetoes} permanent member(s) after ${round} concession round(s)`);
      } else if (vote.yes >= VOTES_TO_ADOPT) {
        if (round > 0) t.wateredDown++;
        return { kind: 'adopted', terms: { ...draft }, concessionShare: maxRounds > 0 ? round / maxRounds : 0 };
      }
    }
    if (round === maxRounds) break;
    // Water the draft down; stop if the penholder's own bloc would reject the weaker text.
    const next: MandateTerms = {
      pocStrength: draft.pocStrength * POC_CONCESSION,
      ceilingPersons: Math.max(0, Math.round(draft.ceilingPersons * CEILING_CONCESSION)),
      lengthMonths: round >= 2 ? shorter(draft.lengthMonths) : draft.lengthMonths,
      clarity: draft.clarity * CLARITY_CONCESSION,
    };
    const nx = draftPosition(w, next);
    let ownBlocRejects = false;
    for (const m of P3) if (effectiveDistance(nx, c.position[m], next.clarity) > c.tolerance) ownBlocRejects = true;
    if (ownBlocRejects) break;
    draft.pocStrength = next.pocStrength;
    draft.ceilingPersons = next.ceilingPersons;
    draft.lengthMonths = next.lengthMonths;
    draft.clarity = next.clarity;
  }
  // Talks on a new text failed: a technical rollover of the text in force.
  castVotes(w, draftPosition(w, statusQuo), statusQuo.clarity, ROLLOVER_SLACK, vote);
  t.abstentions += vote.abstentions;
  if (vote.vetoes > 0) {
    t.vetoes++;
    pushEvent(w, 'veto', `technical rollover vetoed by ${vote.vetoes} permanent member(s)`);
    return { kind: 'failed' };
  }
  return vote.yes >= VOTES_TO_ADOPT ? { kind: 'rollover' } : { kind: 'failed' };
}
