// Observation (ODD "observation"): monthly accumulators are reset at the start of each month, the series are
// written at its end, and the outcomes are read from the final state and the tallies.
import { countGroups } from './armedGroups.js';
import { cashAnnualUsdM } from './budget.js';
import { regionalPersonnel } from './regional.js';
import type { World } from './world.js';
import * as world from './world.js';

// Imported bindings are read through a getter at every use under tsx and vitest (about ten times slower in hot
// loops than a module constant; compiled code does not care), so the ones used in loops here are bound once.
const {
  CIVILIAN,
  COMPANY_PERSONNEL,
  DISPLACED,
  DRAWDOWN,
  EXIT_NONE,
  FIGHTER,
  GAP,
  GONE,
  JAILED,
  MANDATED,
  NEVER,
  RELAPSE_MIN_OBSERVED_MONTHS,
  RELAPSE_WINDOW_MONTHS,
} = world;

export function openMonth(w: World): void {
  w.groupAttacks.fill(0);
  w.stateAttacks.fill(0);
  w.misconductCell.fill(0);
  w.engagements.fill(0);
  w.tallies.monthDeaths = 0;
  w.tallies.monthCivilianDeaths = 0;
  w.tallies.monthGroupAttacks = 0;
  w.tallies.monthStateAttacks = 0;
  w.tallies.monthMisconduct = 0;
}

export function recordMonth(w: World): void {
  const t = w.tallies;
  const m = w.mission;
  const s = w.series;
  const k = w.month;
  const troops = m.units * COMPANY_PERSONNEL;
  const regional = regionalPersonnel(w);
  t.costUsdM += w.budget.spentUsdM;
  t.troopsSum += troops;
  t.regionalSum += regional;
  if (m.status === MANDATED) {
    t.claritySum += m.terms.clarity;
    t.clarityMonths++;
  }
  if (t.monthDeaths >= w.p.theatre.conflictThreshold) t.monthsInConflict++;
  if (t.monthDeaths > t.peakViolence) t.peakViolence = t.monthDeaths;

  let displaced = 0;
  let actives = 0;
  let hardship = 0;
  let civilians = 0;
  for (let i = 0; i < w.persons; i++) {
    const r = w.role[i];
    if (r === DISPLACED) displaced++;
    else if (r === CIVILIAN) {
      civilians++;
      hardship += w.hardship[i];
      if (w.active[i]) actives++;
    }
  }
  s.violence[k] = t.monthDeaths;
  s.civilianDeaths[k] = t.monthCivilianDeaths;
  s.troops[k] = troops;
  s.regionalTroops[k] = regional;
  s.missionLegitimacy[k] = m.status === NEVER ? Number.NaN : w.missionViewMean;
  s.stateLegitimacy[k] = w.stateViewMean;
  s.activeFighters[k] = w.fighters;
  s.armedGroups[k] = countGroups(w);
  s.budgetUsdM[k] = cashAnnualUsdM(w);
  s.hardship[k] = civilians > 0 ? hardship / civilians : 0;
  s.troopCeiling[k] =
    m.status === MANDATED || m.status === GAP ? m.terms.ceilingPersons : m.status === DRAWDOWN ? troops : 0;
  s.mandateClarity[k] = m.status === MANDATED ? m.terms.clarity : 0;
  s.spendingUsdM[k] = w.budget.spentUsdM;
  s.costUsdMCumulative[k] = t.costUsdM;
  s.civilianDeathsCumulative[k] = t.civilianDeathsGroups + t.civilianDeathsState;
  s.displaced[k] = displaced;
  s.activeCivilians[k] = actives;
  s.structuralProgress[k] = w.programmes.structural;
  if (m.status !== NEVER && m.status !== GONE) t.missionLegitimacyLast = w.missionViewMean;
}

/**
 * Relapse: conflict months were more frequent in the 24 months after the last company left than in the 24
 * months before the exit decision (violence came back, or grew, once the mission was gone). Undefined when fewer
 * than RELAPSE_MIN_OBSERVED_MONTHS months after departure lie within the horizon.
 */
function relapseAfter(w: World): number {
  const violence = w.series.violence;
  const threshold = w.p.theatre.conflictThreshold;
  const m = w.mission;
  const afterStart = m.departedMonth + 1;
  const afterEnd = Math.min(w.p.horizonMonths - 1, m.departedMonth + RELAPSE_WINDOW_MONTHS);
  const afterMonths = afterEnd - afterStart + 1;
  if (afterMonths < RELAPSE_MIN_OBSERVED_MONTHS) return Number.NaN;
  const beforeStart = Math.max(0, m.exitMonth - RELAPSE_WINDOW_MONTHS);
  const beforeMonths = m.exitMonth - beforeStart;
  let after = 0;
  for (let k = afterStart; k <= afterEnd; k++) if (violence[k] >= threshold) after++;
  let before = 0;
  for (let k = beforeStart; k < m.exitMonth; k++) if (violence[k] >= threshold) before++;
  const beforeRate = beforeMonths > 0 ? before / beforeMonths : 0;
  return after / afterMonths > beforeRate ? 1 : 0;
}

export function collectOutcomes(w: World): Record<string, number> {
  const t = w.tallies;
  const m = w.mission;
  const months = w.p.horizonMonths;
  let displaced = 0;
  let residents = 0;
  for (let i = 0; i < w.persons; i++) {
    const r = w.role[i];
    if (r === DISPLACED) displaced++;
    else if (r === CIVILIAN || r === FIGHTER || r === JAILED) residents++;
  }
  const deployed = m.status !== NEVER;
  const departed = m.departedMonth >= 0;
  return {
    civilianDeaths: t.civilianDeathsGroups + t.civilianDeathsState,
    civilianDeathsByArmedGroups: t.civilianDeathsGroups,
    civilianDeathsByState: t.civilianDeathsState,
    peakMonthlyViolence: t.peakViolence,
    monthsInConflict: t.monthsInConflict,
    armedGroupsFinal: countGroups(w),
    groupSplits: t.groupSplits,
    groupMergers: t.groupMergers,
    vetoes: t.vetoes,
    mandateGapMonths: t.gapMonths,
    meanMandateClarity: t.clarityMonths > 0 ? t.claritySum / t.clarityMonths : Number.NaN,
    meanTroops: t.troopsSum / months,
    meanRegionalTroops: t.regionalSum / months,
    missionLegitimacyFinal: deployed ? t.missionLegitimacyLast : Number.NaN,
    stateLegitimacyFinal: w.stateViewMean,
    structuralProgress: w.programmes.structural,
    exitMonth: m.exitType === EXIT_NONE ? Number.NaN : m.exitMonth,
    exitType: m.exitType,
    relapse: departed ? relapseAfter(w) : Number.NaN,
    peacekeeperFatalities: t.peacekeeperDeaths,
    misconductIncidents: t.misconduct,
    costUsdM: t.costUsdM,
    duplicatedEffort: t.unitMonths > 0 ? t.duplicatedUnitMonths / t.unitMonths : 0,
    renewals: t.renewals,
    wateredDownRenewals: t.wateredDown,
    rollovers: t.rollovers,
    abstentions: t.abstentions,
    fighterDeaths: t.fighterDeaths,
    displacedFinal: displaced,
    residentsFinal: residents,
    programmeWasteUsdM: w.programmes.wastedUsdM,
    attacksDeterred: t.attacksDeterred,
  };
}
