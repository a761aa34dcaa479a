// Budget cycle (report §III): a yearly budget that grows (or shrinks) at budget.annualGrowth, liquidity shocks
// that cut the cash of a year, and the monthly split of cash into troops, mobility/technology and programmes.
//
// Numbers from data: a MINUSCA-size mission costs about $1.1bn a year for about 14,000 uniformed personnel; the
// UN peacekeeping budget fell from $8.27bn (2015/16) to $5.59bn (2024/25), -4.3% a year compounded; in 2025 the
// UN Controller told missions to plan for cuts of up to 20% as cash ran short. Month 0 opens a budget year.
import { type World, missionPresent, pushEvent } from './world.js';

export function runBudgetCycle(w: World): void {
  const p = w.p.budget;
  const b = w.budget;
  b.spentUsdM = 0;
  if (w.month % 12 === 0) {
    if (w.month > 0) b.annualUsdM *= 1 + p.annualGrowth;
    // Two draws every year, shock or not, so the budget stream stays aligned across scenarios.
    const shock = w.rng.budget.next() < p.liquidityShockProb;
    const cut = p.maxLiquidityCut * w.rng.budget.next();
    b.cashShare = shock ? 1 - cut : 1;
    if (shock && missionPresent(w)) pushEvent(w, 'liquidityShock', `cash cut by ${(100 * cut).toFixed(0)}% this year`);
  }
  if (!missionPresent(w)) {
    b.monthCashUsdM = 0;
    b.troopMoneyUsdM = 0;
    return;
  }
  b.monthCashUsdM = (b.annualUsdM * b.cashShare) / 12;
  b.troopMoneyUsdM = b.monthCashUsdM * (1 - p.programmeShare - p.mobilityShare);
}

/** Companies the troop money of this month pays for. */
export function affordableUnits(w: World): number {
  const b = w.budget;
  return Math.floor(b.troopMoneyUsdM / b.companyMonthUsdM + 1e-9);
}

/** Cash of this month at an annual rate (0 without a mission): the budgetUsdM series. */
export function cashAnnualUsdM(w: World): number {
  return w.budget.monthCashUsdM * 12;
}
