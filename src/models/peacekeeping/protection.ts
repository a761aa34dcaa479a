// Protection (report §III; Hultman, Kathman & Shannon 2013, 2014; Fjelde, Hultman & Nilsson 2019): companies
// deter attacks on civilians within reach, before they happen.
//
// Protection at a cell is the sum, over companies within protection.reach, of their weight (less any duplicated
// effort, coordination.ts) times their strength: for a UN company the POC strength in force x (0.5 + 0.5
// clarity) x mobility, scaled by what the mission may do (1 under a mandate, 0.25 in a gap when it only guards
// itself, 0.5 while it draws down); for a non-UN company 0.5 x (0.3 + 0.7 credibility): forces that are not
// trusted get less cooperation and information. An armed-group attack goes ahead with probability
// exp(-deterrence x protection): more companies, nearer, with a stronger and clearer mandate, prevent more
// (HKS 2013: more UN troops, fewer civilians killed; FHN 2019: local presence cuts rebel violence against
// civilians). State forces are deterred only by protection.stateDeterrenceShare of that (FHN 2019 find no such
// effect on government violence). Peacekeepers also damp clashes between fighters and state forces (HKS 2014:
// UN troops reduce battlefield deaths): clash chances are multiplied by exp(-0.5 deterrence x protection).
import { boxSum } from './fields.js';
import { DRAWDOWN, FORCES, GAP, GONE, MANDATED, UN_FORCE, type World } from './world.js';

const REGIONAL_POSTURE = 0.5;
const RESIDUAL_HANDOVER = 0.5;
/** Monthly fading of the protection partners keep after departure: a two-year half-life. */
const RESIDUAL_FADE = 0.5 ** (1 / 24);

function statusFactor(status: number): number {
  if (status === MANDATED) return 1;
  if (status === DRAWDOWN) return 0.5;
  if (status === GAP) return 0.25;
  return 0;
}

export function buildProtectionField(w: World): void {
  const p = w.p;
  const m = w.mission;
  m.pocEffect = m.terms.pocStrength * (0.5 + 0.5 * m.terms.clarity) * m.mobility * statusFactor(m.status);
  const otherStrength = REGIONAL_POSTURE * (0.3 + 0.7 * p.regional.credibility);
  w.unWeight.fill(0);
  w.otherWeight.fill(0);
  for (let f = 0; f < FORCES; f++) {
    const base = f * w.unitSlots;
    const into = f === UN_FORCE ? w.unWeight : w.otherWeight;
    const strength = f === UN_FORCE ? m.pocEffect : otherStrength;
    for (let j = 0; j < w.forceUnits[f]; j++) into[w.unitCell[base + j]] += w.unitWeight[base + j] * strength;
  }
  const reach = p.protection.reach;
  boxSum(w.torus, reach, w.otherWeight, w.protection, w.scratch);
  boxSum(w.torus, reach, w.unWeight, w.unProtection, w.scratch);
  // What partners took over counts only once the mission has gone, and fades from then on.
  const gone = m.status === GONE;
  if (gone) for (let c = 0; c < w.cells; c++) w.residualProtection[c] *= RESIDUAL_FADE;
  for (let c = 0; c < w.cells; c++) {
    const un = Math.max(w.unProtection[c], 0);
    w.unProtection[c] = un;
    const v = w.protection[c] + un + (gone ? w.residualProtection[c] : 0);
    w.protection[c] = Math.max(v, 0);
  }
}

/** Chance that an armed-group attack on this cell is prevented. */
export function deterrenceAt(w: World, cell: number): number {
  return 1 - Math.exp(-w.p.protection.deterrence * w.protection[cell]);
}

/**
 * At the exit decision partners take over part of that month's UN protection, before the drawdown thins it
 * (partner-based exit); it counts once the last company has left.
 */
export function handOverProtection(w: World): void {
  const share = RESIDUAL_HANDOVER * w.p.partnership.civilSociety;
  for (let c = 0; c < w.cells; c++) w.residualProtection[c] = share * w.unProtection[c];
}
