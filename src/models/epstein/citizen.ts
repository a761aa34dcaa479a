// Agent rule A (Epstein 2002): grievance G = H(1 - L); estimated arrest probability P = 1 - exp(-k (C/A)_v) with
// C the cops and A = 1 + the actives within vision (the citizen counts itself as if active); net risk N = R P;
// the citizen is active when G - N > T, quiet otherwise.
//
// How C/A enters P is the best-known open point (caRule): the paper prints C/A; the authors' Ascape code
// (Citizen.java, getProbabilityArrestEstimate) divides two Java ints, which floors it, and NetLogo Rebellion
// writes `floor (C / A)`; Mesa 3.x (agents.py) uses Python's round(), which rounds halves to even.
import { attack } from './model2.js';
import { moveToRandomEmptyCell } from './movement.js';
import { releaseFromJail } from './jail.js';
import type { EpsteinParams } from './params.js';
import { type EpsteinState, JAILED, setActive } from './state.js';

/** Python 3's round(): to the nearest integer, halves to the even neighbour (round(0.5) = 0, round(1.5) = 2). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** The C/A term of the arrest estimate under each caRule. */
export function copsPerActive(cops: number, actives: number, rule: EpsteinParams['caRule']): number {
  const ratio = cops / actives;
  if (rule === 'floor') return Math.floor(ratio);
  if (rule === 'round') return roundHalfEven(ratio);
  return ratio;
}

/** P = 1 - exp(-k (C/A)), with A >= 1 counting the citizen itself. */
export function arrestProbability(cops: number, actives: number, k: number, rule: EpsteinParams['caRule']): number {
  return 1 - Math.exp(-k * copsPerActive(cops, actives, rule));
}

/** Apply rule A to free citizen i at its current cell; returns whether it is now active. */
export function decideActive(s: EpsteinState, i: number): boolean {
  const p = s.p;
  const g = s.group[i];
  const grievance = s.hardship[i] * (1 - s.legitimacyNow[g]);
  let active = false;
  // N = R P >= 0, so G <= T means quiet whatever is in sight: the counts are not needed.
  if (grievance > p.threshold) {
    const c = s.cell[i];
    const nb = s.citizenNb;
    const cops = s.cops.sumAround(c, nb);
    let p0 = 0;
    if (cops > 0) {
      // The active counts are all zero when nobody is active (most steps of a quiet run): skip the sums then.
      let actives = 0;
      if (!s.twoGroups) {
        if (s.nActive[0] > 0) actives = s.actives[0].sumAround(c, nb);
      } else if (p.model2.arrestEstimateActives === 'ownGroup') {
        if (s.nActive[g] > 0) actives = s.actives[g].sumAround(c, nb);
      } else {
        if (s.nActive[0] > 0) actives += s.actives[0].sumAround(c, nb);
        if (s.nActive[1] > 0) actives += s.actives[1].sumAround(c, nb);
      }
      // Under floor and round the term is an integer no larger than C: read P from the run's table.
      p0 =
        p.caRule === 'none'
          ? arrestProbability(cops, 1 + actives, p.arrestConstant, 'none')
          : s.arrestTable[copsPerActive(cops, 1 + actives, p.caRule)];
    }
    active = grievance - s.riskAversion[i] * p0 > p.threshold;
    if (active && s.twoGroups && p.model2.activeNeedsTarget) active = s.free[1 - g].sumAround(c, nb) > 0;
  }
  setActive(s, i, active);
  return active;
}

/**
 * One citizen's turn: a jailed citizen serves (jailCountdown onActivation) or waits; a free one moves and decides
 * in the order movePhase says, and in Model II an active one kills.
 */
export function activateCitizen(s: EpsteinState, i: number): void {
  const p = s.p;
  if (s.status[i] === JAILED) {
    if (p.jailCountdown === 'endOfStep') return;
    if (s.jailTerm[i] > 0) {
      s.jailTerm[i]--;
      return;
    }
    if (!releaseFromJail(s, i)) return;
  }
  if (p.movement && p.movePhase === 'beforeAction') moveToRandomEmptyCell(s, i, s.citizenNb);
  const active = decideActive(s, i);
  if (active && s.twoGroups) attack(s, i);
  if (p.movement && p.movePhase === 'afterAction') moveToRandomEmptyCell(s, i, s.citizenNb);
}
