// Regional deployment (report §II, §IV): non-UN forces beside the UN and a regional stand-in when it fails.
//
// regional.parallelForces forces (regional organisations, ad hoc coalitions, unilateral operations: the Sahel's
// MINUSMA, Barkhane, the G5 Sahel Joint Force, the MNJTF) stand in the theatre from the start. When the UN
// mandate has lapsed or the mission stands in a gap, the regional organisation decides each month, with
// probability regional.standInProb x regional.capacity, to deploy a force of its own. Every force aims at
// capacity x maxPersonnel x donor funding, and closes (0.1 + 0.4 capacity) of the gap each month: capacity is
// both size and speed ("many regional organizations still lack the capacity and funds", §II). Donor funding is
// drawn each year as 1 - donorDependence x U(0, 1): the more a force depends on donors, the more its strength
// swings (§IV). How host and population receive a force (its credibility) scales its protective effect
// (protection.ts).
import { setForceSize } from './deployment.js';
import { COMPANY_PERSONNEL, EXIT_LAPSED, FORCES, GAP, STAND_IN_FORCE, type World, pushEvent } from './world.js';

export function deployRegionalForces(w: World): void {
  const p = w.p.regional;
  const s = w.rng.regional;
  if (w.month % 12 === 0) {
    for (let f = 1; f < FORCES; f++) w.forceFunding[f] = 1 - p.donorDependence * s.next();
  }
  for (let f = 1; f <= p.parallelForces && f < STAND_IN_FORCE; f++) w.forceActive[f] = 1;
  const m = w.mission;
  const unFailed = m.status === GAP || m.exitType === EXIT_LAPSED;
  const u = s.next();
  if (!w.forceActive[STAND_IN_FORCE] && unFailed && u < p.standInProb * p.capacity) {
    w.forceActive[STAND_IN_FORCE] = 1;
    w.standInMonth = w.month;
    pushEvent(w, 'regionalDeploy', 'a regional organisation deploys after the UN mandate failed');
  }
  const speed = 0.1 + 0.4 * p.capacity;
  for (let f = 1; f < FORCES; f++) {
    if (!w.forceActive[f]) continue;
    const target = Math.round((p.capacity * p.maxPersonnel * w.forceFunding[f]) / COMPANY_PERSONNEL);
    w.forceTarget[f] = target;
    const now = w.forceUnits[f];
    let next = target;
    if (w.month > 0 || f === STAND_IN_FORCE) {
      // At least one company a month towards the target, never past it.
      const step = Math.max(1, Math.round(speed * Math.abs(target - now)));
      next = target > now ? Math.min(target, now + step) : Math.max(target, now - step);
    }
    setForceSize(w, f, next, s);
  }
}

/** Personnel of all non-UN forces now. */
export function regionalPersonnel(w: World): number {
  let n = 0;
  for (let f = 1; f < FORCES; f++) n += w.forceUnits[f];
  return n * COMPANY_PERSONNEL;
}
