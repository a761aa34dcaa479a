// Movement rule M: move to a uniformly drawn empty cell within vision (Mesa's `random.choice(empty_neighbors)`,
// NetLogo's `move-to one-of targets`); stay put when there is none. Which cells count as empty depends on
// jailedPlacement (see occupancy.ts and state.ts).
import type { Neighbourhood } from '../../engine/grid.js';
import { COP, type EpsteinState, moveCop, moveFreeCitizen } from './state.js';

export function moveToRandomEmptyCell(s: EpsteinState, i: number, nb: Neighbourhood): void {
  const to = s.occupancy.pickEmptyAround(s.cell[i], nb, s.rng.movement);
  if (to < 0) return;
  if (s.kind[i] === COP) moveCop(s, i, to);
  else moveFreeCitizen(s, i, to);
}
