// Force generation (report §III): the UN mission's deployed companies move towards the smaller of the troop
// ceiling and what the troop money pays for. Contributors take time to send companies (mission.generationRate
// of the shortfall a month), but a lower ceiling or an empty purse sends companies home at once, as the 2025
// liquidity crisis did. In a gap no new company arrives; after an exit decision the force leaves in equal parts
// over mission.drawdownMonths. Mobility and technology money per company sets how far and fast a company can
// respond (mobility factor 2x/(1+x), x = money per company relative to the baseline $1.1M a company-year:
// 1 at the baseline, never above 2).
import type { Stream } from '../../engine/rng.js';
import { affordableUnits } from './budget.js';
import { completeDeparture } from './exit.js';
import { COMPANY_PERSONNEL, DRAWDOWN, GAP, MANDATED, UN_FORCE, type World, offsetCell } from './world.js';

/** Mobility money per company-year at the baseline: $1.1bn x 10% / 100 companies. */
const MOBILITY_REFERENCE_USDM = 1.1;

export function generateForces(w: World): void {
  const m = w.mission;
  const b = w.budget;
  const affordable = affordableUnits(w);
  const ceilingUnits = Math.floor(m.terms.ceilingPersons / COMPANY_PERSONNEL);
  let units = m.units;
  if (m.status === MANDATED) {
    const target = Math.min(ceilingUnits, affordable);
    if (w.month === 0 || units >= target) units = target;
    else units = Math.min(target, units + Math.ceil(w.p.mission.generationRate * (target - units)));
  } else if (m.status === GAP) {
    units = Math.min(w.month === 0 ? ceilingUnits : units, affordable);
  } else if (m.status === DRAWDOWN) {
    m.drawdownLeft--;
    units = Math.min(affordable, Math.ceil((m.drawdownFrom * m.drawdownLeft) / w.p.mission.drawdownMonths));
    if (m.drawdownLeft <= 0) units = 0;
  } else {
    units = 0;
  }
  m.units = Math.max(0, units);
  setForceSize(w, UN_FORCE, m.units, w.rng.learning);
  if (m.status === DRAWDOWN && m.units === 0) completeDeparture(w);

  const mobilityMoney = m.units > 0 ? b.monthCashUsdM * w.p.budget.mobilityShare : 0;
  b.spentUsdM += m.units * b.companyMonthUsdM + mobilityMoney;
  const x = m.units > 0 ? (mobilityMoney * 12) / m.units / MOBILITY_REFERENCE_USDM : 0;
  m.mobility = (2 * x) / (1 + x);
}

/**
 * Grow or shrink force f to n companies; the last ones leave first. A new company sets up its base in the
 * conflict zones of the start (within two cells of where a fighter stood): forces deploy where the conflict was.
 */
export function setForceSize(w: World, f: number, n: number, s: Stream): void {
  const base = f * w.unitSlots;
  const target = Math.min(n, w.unitSlots);
  for (let j = w.forceUnits[f]; j < target; j++) {
    const hub = w.hubCells[s.int(w.hubCells.length)];
    w.unitCell[base + j] = offsetCell(w, hub, s.int(5) - 2, s.int(5) - 2);
    w.unitWeight[base + j] = 1;
  }
  w.forceUnits[f] = target;
}
