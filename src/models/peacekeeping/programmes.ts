// Structural programmes (report §III, §V.4): programme money starts a cohort each month; a cohort lowers hardship
// only once it has run programmes.maturityMonths (24 by default: DDR, justice, local governance work outlasts
// a one-year mandate). Two mechanisms make short mandates costly, both from §V.4 ("one-year ad hoc mandates ...
// are a major challenge for the planning of structural activities"):
//  - planning: the mission can commit to structural work only within its planning horizon, the length of the
//    mandate in force; a share min(1, length / maturity) of programme money goes into structural cohorts, the
//    rest into short-term activities with no lasting effect on hardship;
//  - renewals: each renewal cuts each running, immature cohort with probability cutBase + cutDivided x (share of
//    concession rounds the renewal needed; 1 for a technical rollover): a divided council reshuffles priorities.
// Matured money M lowers hardship by maxHardshipReduction x (1 - exp(-M / saturationUsdM)). After the mission
// leaves, matured gains erode by 2% a month times (1 - partnership.civilSociety): local partners who took over
// keep them going.
import { planningHorizonMonths } from './mandate.js';
import { GONE, MANDATED, NEVER, type World } from './world.js';

const POST_EXIT_EROSION = 0.02;

export function runProgrammes(w: World): void {
  const p = w.p;
  const pr = w.programmes;
  const m = w.mission;
  if (m.status === NEVER) return;
  if (m.status === MANDATED) {
    const money = w.budget.monthCashUsdM * p.budget.programmeShare;
    const structuralShare = Math.min(1, planningHorizonMonths(w) / p.programmes.maturityMonths);
    w.budget.spentUsdM += money;
    if (money * structuralShare > 0) {
      pr.amountUsdM[pr.cohorts] = money * structuralShare;
      pr.startMonth[pr.cohorts] = w.month;
      pr.cohorts++;
    }
  }
  for (let k = 0; k < pr.cohorts; k++) {
    const a = pr.amountUsdM[k];
    if (a > 0 && w.month - pr.startMonth[k] >= p.programmes.maturityMonths) {
      pr.maturedUsdM += a;
      pr.amountUsdM[k] = 0;
    }
  }
  if (m.status === GONE) pr.maturedUsdM *= 1 - POST_EXIT_EROSION * (1 - p.partnership.civilSociety);
  pr.structural = p.programmes.maxHardshipReduction * (1 - Math.exp(-pr.maturedUsdM / p.programmes.saturationUsdM));
}

/** At a renewal: cut each immature cohort with a probability that rises with how contested the renewal was. */
export function reviewProgrammes(w: World, concessionShare: number): void {
  const p = w.p.programmes;
  const pr = w.programmes;
  const cut = Math.min(1, p.cutBase + p.cutDivided * concessionShare);
  for (let k = 0; k < pr.cohorts; k++) {
    if (pr.amountUsdM[k] <= 0) continue;
    if (w.rng.programmes.next() < cut) {
      pr.wastedUsdM += pr.amountUsdM[k];
      pr.amountUsdM[k] = 0;
    }
  }
}

/** At the exit decision: running cohorts go on with local partners with probability partnership.civilSociety. */
export function handOverProgrammes(w: World): void {
  const pr = w.programmes;
  const keep = w.p.partnership.civilSociety;
  for (let k = 0; k < pr.cohorts; k++) {
    if (pr.amountUsdM[k] <= 0) continue;
    if (w.rng.programmes.next() >= keep) {
      pr.wastedUsdM += pr.amountUsdM[k];
      pr.amountUsdM[k] = 0;
    }
  }
}
