// Theatre (report §II, §III; Epstein 2002): civilians on a torus decide each sub-step whether to turn active,
// move, are arrested by state security, are displaced by violence nearby and come back when it is calm.
//
// Civilian activation follows Epstein's Model I: grievance G = H (1 - L), with H the civilian's hardship and L
// its own view of the state's legitimacy (legitimacy.ts); estimated arrest probability P = 1 - exp(-k C/A) with
// C the state security units and A the actives (counting itself) within vision; the civilian is active when
// G - R P > T. All neighbourhood counts are read from fields rebuilt at the start of each sub-step, so that
// every civilian decides on the same picture (a synchronous update within a sub-step).
import { boxSum } from './fields.js';
import { CIVILIAN, DISPLACED, FIGHTER, JAILED, MAX_OFFSET, type World, activesAround } from './world.js';

/** Neighbours that see an attack flee: the Moore ring of radius 1. */
const FLEE_RADIUS = 1;
const EMPTY_CELL_TRIES = 64;

export function rebuildFields(w: World): void {
  const packed = w.packedCount;
  packed.fill(0);
  w.securityCount.fill(0);
  let nc = 0;
  let nf = 0;
  let nj = 0;
  for (let i = 0; i < w.persons; i++) {
    const r = w.role[i];
    if (r === CIVILIAN) {
      w.civilianList[nc++] = i;
      if (w.active[i]) packed[w.cell[i]] += 1;
    } else if (r === FIGHTER) {
      w.fighterList[nf++] = i;
      packed[w.cell[i]] += 256;
    } else if (r === JAILED) {
      w.jailedList[nj++] = i;
    }
  }
  w.civilianListLength = nc;
  w.fighterListLength = nf;
  w.jailedListLength = nj;
  for (let k = 0; k < w.securityUnits; k++) {
    const c = w.securityCell[k];
    w.securityCount[c] += 1;
    packed[c] += 65536;
  }
  // One box sum for the three counts: with one person per cell at most 225 actives or fighters fit in a vision
  // box (< 256), and the packed sums stay exact integers below 2^31 (world.ts unpacks them).
  boxSum(w.torus, w.p.theatre.vision, packed, w.packedAround, w.scratch);
}

export function activateCivilians(w: World): void {
  const k = w.p.theatre.arrestConstant;
  const threshold = w.p.theatre.threshold;
  const { civilianList: list, hardship, stateView, riskAversion, active, cell, packedAround } = w;
  for (let n = 0; n < w.civilianListLength; n++) {
    const i = list[n];
    const grievance = hardship[i] * (1 - stateView[i]);
    const risk = riskAversion[i];
    // P lies in [0, 1]: below the threshold nobody acts, and G - R > T acts whatever P is.
    if (grievance <= threshold) {
      active[i] = 0;
      continue;
    }
    const packed = packedAround[cell[i]] | 0;
    const cops = packed >> 16;
    if (grievance - risk > threshold || cops === 0) {
      active[i] = 1;
      continue;
    }
    const actives = 1 + (packed & 255) - active[i];
    const arrest = 1 - Math.exp((-k * cops) / actives);
    active[i] = grievance - risk * arrest > threshold ? 1 : 0;
  }
}

/** Epstein's cops: each state security unit arrests one active within vision, if it sees any. */
export function arrestActives(w: World): void {
  const s = w.rng.security;
  const v = w.p.theatre.vision;
  const side = 2 * v + 1;
  const { occupant, role, active, cell, jailLeft, colOf, rowOf, wrapCol, wrapRowStart } = w;
  const maxJail = w.sub.maxJailSubsteps;
  for (let k = 0; k < w.securityUnits; k++) {
    // The scan starts at a random row and column of the vision box, so the arrested active is a random one.
    const startRow = s.int(side);
    const startCol = s.int(side);
    const term = s.next();
    const here = w.securityCell[k];
    if (activesAround(w, here) === 0) continue;
    const y0 = rowOf[here] - v + MAX_OFFSET;
    const x0 = colOf[here] - v + MAX_OFFSET;
    let found = -1;
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
  const { cell, occupant, block9 } = w;
  // One 32-bit draw per person every sub-step, whatever its role, keeps the theatre stream aligned across runs:
  // the low 3 bits pick one of the 8 neighbours, the other 29 decide whether to move.
  const moveBelow = w.p.theatre.moveProb * 2 ** 29;
  for (let i = 0; i < w.persons; i++) {
    const r = s.nextUint32();
    const c = cell[i];
    if (c < 0 || r >>> 3 >= moveBelow) continue;
    const d = r & 7;
    const to = block9[9 * c + (d < 4 ? d : d + 1)];
    if (occupant[to] >= 0) continue;
    occupant[c] = -1;
    occupant[to] = i;
    cell[i] = to;
  }
  const sec = w.rng.security;
  const sc = w.securityCell;
  for (let k = 0; k < w.securityUnits; k++) sc[k] = block9[9 * sc[k] + sec.int(9)];
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
  for (let i = 0; i < w.persons; i++) {
    const h = w.hardshipBase[i] * f;
    w.hardship[i] = Math.min(h, 1);
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
  for (let c = 0; c < w.cells; c++) w.scratch[c] = w.groupAttacks[c] + w.stateAttacks[c];
  boxSum(w.torus, FLEE_RADIUS, w.scratch, w.attacksNear, w.scratch2);
  const stay = 1 - p.fleeRate;
  const calm = w.tallies.monthDeaths < p.conflictThreshold;
  for (let i = 0; i < w.persons; i++) {
    const u = s.next();
    const r = w.role[i];
    if (r === CIVILIAN) {
      const seen = w.attacksNear[w.cell[i]];
      if (seen > 0 && u < 1 - stay ** seen) {
        leaveCell(w, i);
        w.role[i] = DISPLACED;
      }
    } else if (r === DISPLACED && calm && u < p.returnRate) {
      const c = findEmptyCell(w);
      if (c < 0) continue;
      w.role[i] = CIVILIAN;
      w.cell[i] = c;
      w.occupant[c] = i;
    }
  }
}
