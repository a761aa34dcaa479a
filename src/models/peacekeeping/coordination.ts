// Coordination of parallel deployments (report §IV, the Sahel): "parallel deployments require better cooperation,
// coordination and a clear definition of their respective roles ... to prevent unnecessary overlap and
// duplication, such as presently seen in the Sahel."
//
// Non-UN forces chase the same violence the UN hears of: each month 30% of their companies move to a recent
// report. With probability `coordination` a moving company is placed by a UN-led division of labour instead:
// of three recent reports it takes the one with the fewest UN companies within reach. A company with a company
// of another force within reach (Chebyshev distance <= protection.reach) overlaps; without coordination half
// of the effort of an overlapping company repeats the other force's patrols, with coordination the two divide
// the area. So each company's weight is 1 - 0.5 (1 - coordination) overlap, and duplicatedEffort is the share of
// all company-months of all forces lost this way.
import { recentReports, reportAt } from './learning.js';
import type { World } from './world.js';
import * as world from './world.js';

// Imported bindings are read through a getter at every use under tsx and vitest (about ten times slower in hot
// loops than a module constant; compiled code does not care), so the ones used in loops here are bound once.
const { FORCES, UN_FORCE, offsetCell, torusDistance } = world;

const PARALLEL_TEMPO = 0.3;
const CANDIDATES = 3;

function unCompaniesWithin(w: World, cell: number, reach: number): number {
  let n = 0;
  for (let j = 0; j < w.forceUnits[UN_FORCE]; j++) if (torusDistance(w, cell, w.unitCell[j]) <= reach) n++;
  return n;
}

export function coordinateForces(w: World): void {
  const s = w.rng.coordination;
  const c = w.p.coordination;
  const reach = w.p.protection.reach;
  const recent = recentReports(w);
  for (let f = 1; f < FORCES; f++) {
    const base = f * w.unitSlots;
    for (let j = 0; j < w.forceUnits[f]; j++) {
      const u = s.next();
      const coordinated = s.next() < c;
      const jitter = s.int(9);
      let best = -1;
      let bestUn = Number.POSITIVE_INFINITY;
      for (let k = 0; k < CANDIDATES; k++) {
        const pick = s.next();
        if (recent === 0 || (k > 0 && !coordinated)) continue;
        const cell = reportAt(w, Math.floor(pick * recent));
        const un = coordinated ? unCompaniesWithin(w, cell, reach) : 0;
        if (un < bestUn) {
          bestUn = un;
          best = cell;
        }
      }
      if (u >= PARALLEL_TEMPO || best < 0) continue;
      w.unitCell[base + j] = offsetCell(w, best, (jitter % 3) - 1, Math.floor(jitter / 3) - 1);
    }
  }
  assessOverlap(w);
}

/** Set every company's weight and add this month's duplicated and total company-months to the tallies. */
function assessOverlap(w: World): void {
  const c = w.p.coordination;
  const reach = w.p.protection.reach;
  const t = w.tallies;
  for (let f = 0; f < FORCES; f++) {
    const base = f * w.unitSlots;
    for (let j = 0; j < w.forceUnits[f]; j++) {
      const cell = w.unitCell[base + j];
      let overlap = 0;
      for (let g = 0; g < FORCES && !overlap; g++) {
        if (g === f) continue;
        const gb = g * w.unitSlots;
        for (let k = 0; k < w.forceUnits[g]; k++) {
          if (torusDistance(w, cell, w.unitCell[gb + k]) <= reach) {
            overlap = 1;
            break;
          }
        }
      }
      const lost = 0.5 * (1 - c) * overlap;
      w.unitWeight[base + j] = 1 - lost;
      t.duplicatedUnitMonths += lost;
      t.unitMonths += 1;
    }
  }
}
