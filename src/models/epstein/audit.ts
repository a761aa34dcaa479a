// A from-scratch check of a run's state: every per-cell index and counter is recomputed from the agent arrays
// alone and compared with what the incremental updates maintained. Used by the property tests after every step;
// never called in a normal run.
import { ACTIVE, CITIZEN, COP, type EpsteinState, JAILED, QUIET } from './state.js';

/** Every disagreement found, as one line each (empty when the state is consistent). */
export function auditState(s: EpsteinState): string[] {
  const problems: string[] = [];
  const cells = s.torus.size;
  const cops = new Int32Array(cells);
  const block = new Int32Array(cells);
  const actives = [new Int32Array(cells), new Int32Array(cells)];
  const free = [new Int32Array(cells), new Int32Array(cells)];
  const listed = new Int32Array(cells);
  const population = [0, 0];
  const nActive = [0, 0];
  const nJailed = [0, 0];
  const placement = s.p.jailedPlacement;
  for (let i = 0; i < s.used; i++) {
    if (s.alive[i] === 0) continue;
    const c = s.cell[i];
    if (s.kind[i] === COP) {
      if (c < 0 || c >= cells) problems.push(`cop ${i} is on no cell (${c})`);
      else {
        cops[c]++;
        block[c]++;
      }
      continue;
    }
    if (s.kind[i] !== CITIZEN) problems.push(`agent ${i} has kind ${s.kind[i]}`);
    const g = s.group[i];
    if (g !== 0 && (g !== 1 || !s.twoGroups)) problems.push(`citizen ${i} has group ${g}`);
    population[g]++;
    const st = s.status[i];
    if (st === JAILED) {
      nJailed[g]++;
      if (placement === 'removed' && c !== -1) problems.push(`jailed citizen ${i} is on cell ${c} under removed`);
      if (placement !== 'removed' && (c < 0 || c >= cells)) problems.push(`jailed citizen ${i} lost its cell`);
      if (placement === 'stay' && c >= 0) block[c]++;
      if (s.jailTerm[i] < 0) problems.push(`jailed citizen ${i} has term ${s.jailTerm[i]}`);
      continue;
    }
    if (st !== QUIET && st !== ACTIVE) problems.push(`citizen ${i} has status ${st}`);
    if (c < 0 || c >= cells) {
      problems.push(`free citizen ${i} is on no cell (${c})`);
      continue;
    }
    block[c]++;
    free[g][c]++;
    if (st === ACTIVE) {
      nActive[g]++;
      actives[g][c]++;
    }
  }
  for (let c = 0; c < cells; c++) {
    for (let i = s.cellHead[c], guard = 0; i >= 0; i = s.nextInCell[i], guard++) {
      if (guard > s.used) {
        problems.push(`cell ${c}: its list of citizens loops`);
        break;
      }
      if (s.alive[i] === 0 || s.kind[i] !== CITIZEN || s.status[i] === JAILED || s.cell[i] !== c) {
        problems.push(`cell ${c} lists agent ${i}, which is not a free citizen on it`);
      }
      listed[c]++;
    }
  }
  let empty = 0;
  for (let c = 0; c < cells; c++) {
    if (s.cops.counts[c] !== cops[c]) problems.push(`cell ${c}: cops ${s.cops.counts[c]}, recount ${cops[c]}`);
    if (s.occupancy.blockCount[c] !== block[c]) {
      problems.push(`cell ${c}: blocked by ${s.occupancy.blockCount[c]}, recount ${block[c]}`);
    }
    if (block[c] === 0) empty++;
    if (listed[c] !== free[0][c] + free[1][c]) {
      problems.push(`cell ${c}: lists ${listed[c]} citizens, recount ${free[0][c] + free[1][c]}`);
    }
    for (let g = 0; g < 2; g++) {
      if (s.actives[g].counts[c] !== actives[g][c]) {
        problems.push(`cell ${c}: group ${g} actives ${s.actives[g].counts[c]}, recount ${actives[g][c]}`);
      }
      const expectedFree = s.twoGroups ? free[g][c] : 0;
      if (s.free[g].counts[c] !== expectedFree) {
        problems.push(`cell ${c}: group ${g} free ${s.free[g].counts[c]}, recount ${expectedFree}`);
      }
    }
    if (placement !== 'transparent' && block[c] > 1) problems.push(`cell ${c} holds ${block[c]} blocking agents`);
  }
  if (s.occupancy.emptyCells !== empty) problems.push(`emptyCells ${s.occupancy.emptyCells}, recount ${empty}`);
  for (let g = 0; g < 2; g++) {
    if (s.population[g] !== population[g])
      problems.push(`group ${g}: population ${s.population[g]}, recount ${population[g]}`);
    if (s.nActive[g] !== nActive[g]) problems.push(`group ${g}: active ${s.nActive[g]}, recount ${nActive[g]}`);
    if (s.nJailed[g] !== nJailed[g]) problems.push(`group ${g}: jailed ${s.nJailed[g]}, recount ${nJailed[g]}`);
  }
  return problems;
}
