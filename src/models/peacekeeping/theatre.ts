// Theatre (report §II, §III; Epstein 2002): civilians on a torus decide each sub-step whether to turn active,
// move, are arrested by state security, are displaced by violence nearby and come back when it is calm.
//
// Civilian activation follows Epstein's Model I: grievance G = H (1 - L), with H the civilian's hardship and L
// its own view of the state's legitimacy (legitimacy.ts); estimated arrest probability P = 1 - exp(-k C/A) with
// C the state security units and A the actives (counting itself) within vision; the civilian is active when
// G - R P > T. All neighbourhood counts are read from fields rebuilt at the start of each sub-step, so that
// every civilian decides on the same picture (a synchronous update within a sub-step).
import { boxSum } from './fields.js';
import type { World } from './world.js';
import * as world from './world.js';

// Imported bindings are read through a getter at every use under tsx and vitest (about ten times slower in hot
// loops than a module constant; compiled code does not care), so the ones used in loops here are bound once.
const { CIVILIAN, DISPLACED, FIGHTER, JAILED, MAX_OFFSET, activesAround } = world;

const EMPTY_CELL_TRIES = 64;

export function rebuildFields(w: World): void {
  const { packedCount: packed, role, active, cell, civilianList, fighterList, jailedList, securityCell } = w;
  packed.fill(0);
  let nc = 0;
  let nf = 0;
  let nj = 0;
  const n = w.persons;
  for (let i = 0; i < n; i++) {
    const r = role[i];
    if (r === CIVILIAN) {
      civilianList[nc++] = i;
      if (active[i]) packed[cell[i]] += 1;
    } else if (r === FIGHTER) {
      fighterList[nf++] = i;
      packed[cell[i]] += 256;
    } else if (r === JAILED) {
      jailedList[nj++] = i;
    }
  }
  w.civilianListLength = nc;
  w.fighterListLength = nf;
  w.jailedListLength = nj;
  for (let k = 0; k < w.securityUnits; k++) packed[securityCell[k]] += 65536;
  // One box sum for the three counts: with one person per cell at most 225 actives or fighters fit in a vision
  // box (< 256), and the packed sums stay exact integers below 2^31 (world.ts unpacks them).
  boxSum(w.torus, w.p.theatre.vision, packed, w.packedAround, w.scratch);
}

/**
 * Epstein's rule, G - R P > T with P = 1 - exp(-k C/A), is the same as C/A < ratio, where
 * ratio = -ln(1 - (G - T)/R) / k (no ratio is low enough when G <= T; any is when G - R > T). G and R do not
 * change within a month, so updateHardship computes each person's ratio once a month and the sub-steps only
 * compare C with ratio x A.
 */
export function activateCivilians(w: World): void {
  const { civilianList: list, activationRatio, active, cell, packedAround, activeList } = w;
  let actives = 0;
  for (let n = 0; n < w.civilianListLength; n++) {
    const i = list[n];
    const packed = packedAround[cell[i]] | 0;
    const cops = packed >> 16;
    const seen = 1 + (packed & 255) - active[i];
    const on = cops < activationRatio[i] * seen ? 1 : 0;
    active[i] = on;
    if (on) activeList[actives++] = i;
  }
  w.activeListLength = actives;
}

/** The critical ratio C/A below which a person with grievance G and risk aversion R turns active. */
export function activationRatio(grievance: number, risk: number, threshold: number, k: number): number {
  if (grievance <= threshold) return -1;
  const q = (grievance - threshold) / risk;
  if (!(q < 1)) return Number.POSITIVE_INFINITY;
  return -Math.log(1 - q) / k;
}

/**
 * Epstein's cops: each state security unit that sees actives arrests one drawn uniformly among those within its
 * vision. Few actives: the list of actives is searched; many: the vision box is scanned from a random row and
 * column. Three draws per unit that sees actives.
 */
export function arrestActives(w: World): void {
  const s = w.rng.security;
  const v = w.p.theatre.vision;
  const side = 2 * v + 1;
  const { occupant, role, active, cell, jailLeft, colOf, rowOf, wrapCol, wrapRowStart, activeList } = w;
  const width = w.torus.width;
  const maxJail = w.sub.maxJailSubsteps;
  const useList = w.activeListLength <= side * 2;
  for (let k = 0; k < w.securityUnits; k++) {
    const here = w.securityCell[k];
    if (activesAround(w, here) === 0) continue;
    const u1 = s.next();
    const u2 = s.next();
    const term = s.next();
    let found = -1;
    if (useList) {
      const hx = colOf[here];
      const hy = rowOf[here];
      let count = 0;
      for (let pass = 0; pass < 2 && found < 0; pass++) {
        const pick = pass === 1 ? Math.floor(u1 * count) : -1;
        let seen = 0;
        for (let n = 0; n < w.activeListLength; n++) {
          const i = activeList[n];
          if (role[i] !== CIVILIAN || !active[i]) continue;
          let dx = Math.abs(colOf[cell[i]] - hx);
          if (dx > width - dx) dx = width - dx;
          let dy = Math.abs(rowOf[cell[i]] - hy);
          if (dy > width - dy) dy = width - dy;
          if (dx > v || dy > v) continue;
          if (pass === 1 && seen === pick) {
            found = i;
            break;
          }
          seen++;
        }
        count = seen;
        if (count === 0) break;
      }
    } else {
      const y0 = rowOf[here] - v + MAX_OFFSET;
      const x0 = colOf[here] - v + MAX_OFFSET;
      const startRow = Math.floor(u1 * side);
      const startCol = Math.floor(u2 * side);
      for (let rr = 0, dy = startRow; rr < side && found < 0; rr++, dy = dy + 1 === side ? 0 : dy + 1) {
        const rowStart = wrapRowStart[y0 + dy];
        for (let cc = 0, dx = startCol; cc < side; cc++, dx = dx + 1 === side ? 0 : dx + 1) {
          const who = occupant[rowStart + wrapCol[x0 + dx]];
          if (who >= 0 && active[who] && role[who] === CIVILIAN) {
            found = who;
            break;
          }
        }
      }
    }
    if (found < 0) continue;
    occupant[cell[found]] = -1;
    cell[found] = -1;
    role[found] = JAILED;
    active[found] = 0;
    jailLeft[found] = Math.max(1, Math.ceil(term * maxJail));
  }
}

/** Civilians and fighters step to a random empty neighbouring cell; security units wander. */
export function moveAgents(w: World): void {
  const s = w.rng.theatre;
  // One 32-bit draw per two persons every sub-step, whatever their roles, keeps the theatre stream aligned
  // across runs: each half's low 3 bits pick one of the 8 neighbours, its other 13 decide whether to move (the
  // move probability is resolved to 1/8192).
  const moveBelow = w.p.theatre.moveProb * 8192;
  const { cell, occupant, block9 } = w;
  const n = w.persons;
  for (let i = 0; i < n; i += 2) {
    const r = s.nextUint32();
    for (let half = 0; half < 2 && i + half < n; half++) {
      const bits = half === 0 ? r & 0xffff : r >>> 16;
      const who = i + half;
      const c = cell[who];
      if (c < 0 || bits >>> 3 >= moveBelow) continue;
      const d = bits & 7;
      const to = block9[9 * c + (d < 4 ? d : d + 1)];
      if (occupant[to] >= 0) continue;
      occupant[c] = -1;
      occupant[to] = who;
      cell[who] = to;
    }
  }
  const sec = w.rng.security;
  const sc = w.securityCell;
  for (let k = 0; k < w.securityUnits; k++) sc[k] = w.block9[9 * sc[k] + sec.int(9)];
}

/** A random empty cell (after a few tries), or -1 on a nearly full lattice. */
export function findEmptyCell(w: World): number {
  const s = w.rng.theatre;
  for (let n = 0; n < EMPTY_CELL_TRIES; n++) {
    const c = s.int(w.cells);
    if (w.occupant[c] < 0) return c;
  }
  return -1;
}

export function releaseFromJail(w: World): void {
  for (let n = 0; n < w.jailedListLength; n++) {
    const i = w.jailedList[n];
    if (w.role[i] !== JAILED) continue;
    if (--w.jailLeft[i] > 0) continue;
    const c = findEmptyCell(w);
    if (c < 0) {
      w.jailLeft[i] = 1;
      continue;
    }
    w.role[i] = CIVILIAN;
    w.cell[i] = c;
    w.occupant[c] = i;
  }
}

/** Remove a person from the lattice (killed, displaced, jailed). */
export function leaveCell(w: World, i: number): void {
  const c = w.cell[i];
  if (c >= 0 && w.occupant[c] === i) w.occupant[c] = -1;
  w.cell[i] = -1;
  w.active[i] = 0;
}

/**
 * Climate and food stress (§V.1) and structural progress (programmes.ts) set each civilian's hardship:
 * H x (1 - structural) x (1 + stress x (0.2 + 0.6 drought)), capped at 1; a drought year comes with probability
 * 0.5 x stress.
 */
export function updateHardship(w: World): void {
  const pr = w.programmes;
  const stress = w.p.climate.stress;
  if (w.month % 12 === 0) {
    const drought = w.rng.climate.next() < 0.5 * stress ? 1 : 0;
    pr.climateMultiplier = 1 + stress * (0.2 + 0.6 * drought);
  }
  const f = (1 - pr.structural) * pr.climateMultiplier;
  const threshold = w.p.theatre.threshold;
  const k = w.p.theatre.arrestConstant;
  for (let i = 0; i < w.persons; i++) {
    const h = Math.min(w.hardshipBase[i] * f, 1);
    w.hardship[i] = h;
    // Views of the state change only at the end of a month (legitimacy.ts): the ratio holds for the month.
    w.activationRatio[i] = activationRatio(h * (1 - w.stateView[i]), w.riskAversion[i], threshold, k);
  }
}

/**
 * Displacement: a civilian flees with probability 1 - (1 - fleeRate)^(attacks on its own or a neighbouring
 * cell this month); the displaced come back with probability returnRate in a month below the conflict
 * threshold, to a random empty cell.
 */
export function displaceAndReturn(w: World): void {
  const s = w.rng.theatre;
  const p = w.p.theatre;
  // Attacks are few: each adds itself to the 3 x 3 block around its cell.
  const near = w.attacksNear;
  near.fill(0);
  if (w.tallies.monthGroupAttacks + w.tallies.monthStateAttacks > 0) {
    for (let c = 0; c < w.cells; c++) {
      const n = w.groupAttacks[c] + w.stateAttacks[c];
      if (n === 0) continue;
      for (let d = 0; d < 9; d++) near[w.block9[9 * c + d]] += n;
    }
  }
  const stay = 1 - p.fleeRate;
  const calm = w.tallies.monthDeaths < p.conflictThreshold;
  for (let i = 0; i < w.persons; i++) {
    const r = w.role[i];
    if (r === CIVILIAN) {
      const seen = w.attacksNear[w.cell[i]];
      if (seen > 0 && s.next() < 1 - stay ** seen) {
        leaveCell(w, i);
        w.role[i] = DISPLACED;
      }
    } else if (r === DISPLACED && calm && s.next() < p.returnRate) {
      const c = findEmptyCell(w);
      if (c < 0) continue;
      w.role[i] = CIVILIAN;
      w.cell[i] = c;
      w.occupant[c] = i;
    }
  }
}
