// Cop rule C: inspect all cells within vision v* and arrest one active citizen drawn uniformly among those seen
// (Mesa 3.x agents.py `Cop.step`; NetLogo Rebellion `enforce`). The paper's Model II keeps the same rule: cops are
// peacekeepers who arrest actives of either group.
import { arrest } from './jail.js';
import { moveToRandomEmptyCell } from './movement.js';
import { ACTIVE, type EpsteinState, moveCop } from './state.js';

/** Arrest a uniformly drawn active citizen in the cop's vision; returns the arrestee's cell, or -1 if none. */
export function arrestOneInVision(s: EpsteinState, i: number): number {
  const c = s.cell[i];
  const nb = s.copNb;
  const a0 = s.actives[0];
  const a1 = s.actives[1];
  let n = 0;
  if (s.nActive[0] > 0) n += a0.sumAround(c, nb);
  if (s.twoGroups && s.nActive[1] > 0) n += a1.sumAround(c, nb);
  if (n === 0) return -1;
  let k = s.rng.arrest.int(n);
  const cells = s.cellScratch;
  const m = s.torus.neighbourCells(c, nb, cells);
  for (let j = 0; j < m; j++) {
    const cell = cells[j];
    const here = a0.counts[cell] + (s.twoGroups ? a1.counts[cell] : 0);
    if (k >= here) {
      k -= here;
      continue;
    }
    for (let a = s.cellHead[cell]; a >= 0; a = s.nextInCell[a]) {
      if (s.status[a] !== ACTIVE) continue;
      if (k === 0) {
        arrest(s, a);
        return cell;
      }
      k--;
    }
  }
  throw new Error('arrestOneInVision: active counts disagree with the agents on the cells (index corrupted)');
}

/** One cop's turn: move (before or after, per movePhase), arrest, and step onto the arrestee's cell if asked. */
export function activateCop(s: EpsteinState, i: number): void {
  const p = s.p;
  if (p.movePhase === 'beforeAction') moveToRandomEmptyCell(s, i, s.copNb);
  const at = arrestOneInVision(s, i);
  if (at >= 0 && p.copFollowsArrest && (p.jailedPlacement === 'transparent' || s.occupancy.isEmpty(at))) {
    moveCop(s, i, at);
  }
  if (p.movePhase === 'afterAction') moveToRandomEmptyCell(s, i, s.copNb);
}
