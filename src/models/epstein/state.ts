// The state of one run: agents as a structure of typed arrays, the lattice indexes kept in step with them, and the
// run's random streams. Every other file of the model reads and changes this state through the few helpers here,
// which keep the per-cell counts (cops, actives, free citizens, blocked cells) consistent with the agent arrays.
import { CountField, type Neighbourhood, Torus, makeNeighbourhood } from '../../engine/grid.js';
import type { Stream, Streams } from '../../engine/rng.js';
import { OccupancyIndex } from './occupancy.js';
import type { EpsteinParams } from './params.js';

export const CITIZEN = 0;
export const COP = 1;

export const QUIET = 0;
export const ACTIVE = 1;
export const JAILED = 2;

export const GROUP_A = 0;
export const GROUP_B = 1;

/** The named streams of a run; one per process, so that changing how one process draws leaves the others alone. */
export interface EpsteinStreams {
  /** Initial positions, traits, groups and ages. */
  readonly placement: Stream;
  /** The random activation order of every step. */
  readonly order: Stream;
  /** Choice of an empty cell when moving. */
  readonly movement: Stream;
  /** Choice of the arrestee and the jail term. */
  readonly arrest: Stream;
  /** Where released citizens go (jailedPlacement removed). */
  readonly release: Stream;
  /** Model II: choice of a victim. */
  readonly violence: Stream;
  /** Model II: births, birth sites and offspring traits. */
  readonly demography: Stream;
}

export function runStreams(streams: Streams): EpsteinStreams {
  return {
    placement: streams.get('placement'),
    order: streams.get('order'),
    movement: streams.get('movement'),
    arrest: streams.get('arrest'),
    release: streams.get('release'),
    violence: streams.get('violence'),
    demography: streams.get('demography'),
  };
}

export interface EpsteinState {
  readonly p: EpsteinParams;
  readonly rng: EpsteinStreams;
  readonly torus: Torus;
  readonly twoGroups: boolean;
  readonly citizenNb: Neighbourhood;
  readonly copNb: Neighbourhood;
  readonly birthNb: Neighbourhood;
  /** Chebyshev search limit for releaseSite nearHome (Ascape searches 16 cells). */
  readonly releaseSearch: number;

  // Agents, structure of arrays; slots [0, used) have been handed out, dead ones are reused by births.
  capacity: number;
  used: number;
  kind: Uint8Array;
  alive: Uint8Array;
  group: Uint8Array;
  status: Uint8Array;
  /** Cell of the agent, -1 when off the lattice (jailed under `removed`). */
  cell: Int32Array;
  /** Where a citizen was arrested (releaseSite nearHome). */
  homeCell: Int32Array;
  hardship: Float64Array;
  riskAversion: Float64Array;
  jailTerm: Int32Array;
  age: Int32Array;
  /** Next free citizen on the same cell (a linked list per cell; NetLogo lets free citizens share a patch). */
  nextInCell: Int32Array;
  freeSlots: Int32Array;
  nFreeSlots: number;

  // Lattice indexes.
  /** First free (not jailed) citizen on each cell, -1 if none. */
  readonly cellHead: Int32Array;
  readonly occupancy: OccupancyIndex;
  readonly cops: CountField;
  /** Active citizens per cell, by group. */
  readonly actives: readonly CountField[];
  /** Free citizens per cell, by group (Model II only, the possible victims; left at zero in Model I). */
  readonly free: readonly CountField[];

  // Counters by group.
  readonly population: Int32Array;
  readonly nActive: Int32Array;
  readonly nJailed: Int32Array;
  /** Members of each group killed by the other group. */
  readonly killed: Int32Array;
  /** Legitimacy in force this step, by group. */
  readonly legitimacyNow: Float64Array;
  /** 1 - exp(-k m) for integer m = 0..(cells a citizen sees): P under caRule floor and round. */
  readonly arrestTable: Float64Array;

  // Scratch space of the step loop.
  order: Int32Array;
  readonly cellScratch: Int32Array;
}

function growInt32(a: Int32Array, n: number, fill = 0): Int32Array {
  const b = new Int32Array(n).fill(fill);
  b.set(a);
  return b;
}

function growUint8(a: Uint8Array, n: number): Uint8Array {
  const b = new Uint8Array(n);
  b.set(a);
  return b;
}

function growFloat64(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

/** Double the agent arrays (Model II only, when births outgrow the slots; never in Model I). */
function grow(s: EpsteinState): void {
  const n = s.capacity * 2;
  s.kind = growUint8(s.kind, n);
  s.alive = growUint8(s.alive, n);
  s.group = growUint8(s.group, n);
  s.status = growUint8(s.status, n);
  s.cell = growInt32(s.cell, n, -1);
  s.homeCell = growInt32(s.homeCell, n, -1);
  s.hardship = growFloat64(s.hardship, n);
  s.riskAversion = growFloat64(s.riskAversion, n);
  s.jailTerm = growInt32(s.jailTerm, n);
  s.age = growInt32(s.age, n);
  s.nextInCell = growInt32(s.nextInCell, n, -1);
  s.freeSlots = growInt32(s.freeSlots, n);
  s.order = growInt32(s.order, n);
  s.capacity = n;
}

/** A slot for a new agent: a dead agent's, else the next unused one. */
export function allocateAgent(s: EpsteinState): number {
  if (s.nFreeSlots > 0) return s.freeSlots[--s.nFreeSlots];
  if (s.used === s.capacity) grow(s);
  return s.used++;
}

export function releaseSlot(s: EpsteinState, i: number): void {
  s.alive[i] = 0;
  s.cell[i] = -1;
  s.freeSlots[s.nFreeSlots++] = i;
}

function linkCitizen(s: EpsteinState, i: number, c: number): void {
  s.nextInCell[i] = s.cellHead[c];
  s.cellHead[c] = i;
}

function unlinkCitizen(s: EpsteinState, i: number, c: number): void {
  let j = s.cellHead[c];
  if (j === i) {
    s.cellHead[c] = s.nextInCell[i];
  } else {
    while (j >= 0 && s.nextInCell[j] !== i) j = s.nextInCell[j];
    if (j < 0) throw new Error(`unlinkCitizen: agent ${i} is not listed on cell ${c} (lattice index corrupted)`);
    s.nextInCell[j] = s.nextInCell[i];
  }
  s.nextInCell[i] = -1;
}

/** Put a free citizen (quiet or active) on cell c, which it then blocks. */
export function placeFreeCitizen(s: EpsteinState, i: number, c: number): void {
  s.cell[i] = c;
  linkCitizen(s, i, c);
  s.occupancy.block(c);
  const g = s.group[i];
  if (s.twoGroups) s.free[g].add(c, 1);
  if (s.status[i] === ACTIVE) s.actives[g].add(c, 1);
}

/** Take a free citizen off its cell (before a move, a death, or a jailing under `removed`). */
export function liftFreeCitizen(s: EpsteinState, i: number): void {
  const c = s.cell[i];
  unlinkCitizen(s, i, c);
  s.occupancy.unblock(c);
  const g = s.group[i];
  if (s.twoGroups) s.free[g].add(c, -1);
  if (s.status[i] === ACTIVE) s.actives[g].add(c, -1);
  s.cell[i] = -1;
}

export function moveFreeCitizen(s: EpsteinState, i: number, to: number): void {
  liftFreeCitizen(s, i);
  placeFreeCitizen(s, i, to);
}

export function moveCop(s: EpsteinState, i: number, to: number): void {
  const from = s.cell[i];
  s.cops.add(from, -1);
  s.occupancy.unblock(from);
  s.cops.add(to, 1);
  s.occupancy.block(to);
  s.cell[i] = to;
}

/** Switch a free citizen between quiet and active. */
export function setActive(s: EpsteinState, i: number, active: boolean): void {
  const was = s.status[i] === ACTIVE;
  if (was === active) return;
  const g = s.group[i];
  s.status[i] = active ? ACTIVE : QUIET;
  s.actives[g].add(s.cell[i], active ? 1 : -1);
  s.nActive[g] += active ? 1 : -1;
}

/**
 * Jail a free citizen: it stops counting as active or free on its cell; under `removed` it leaves the lattice,
 * under `transparent` it stays but no longer blocks, under `stay` it keeps blocking its cell.
 */
export function jailCitizen(s: EpsteinState, i: number, term: number): void {
  const g = s.group[i];
  const c = s.cell[i];
  setActive(s, i, false);
  unlinkCitizen(s, i, c);
  if (s.twoGroups) s.free[g].add(c, -1);
  const placement = s.p.jailedPlacement;
  if (placement !== 'stay') s.occupancy.unblock(c);
  if (placement === 'removed') s.cell[i] = -1;
  s.homeCell[i] = c;
  s.status[i] = JAILED;
  s.jailTerm[i] = term;
  s.nJailed[g]++;
}

/** Free a jailed citizen as quiet onto cell c (its own cell unless it was removed from the lattice). */
export function freeCitizen(s: EpsteinState, i: number, c: number): void {
  const g = s.group[i];
  s.status[i] = QUIET;
  s.nJailed[g]--;
  s.jailTerm[i] = 0;
  s.cell[i] = c;
  linkCitizen(s, i, c);
  if (s.twoGroups) s.free[g].add(c, 1);
  if (s.p.jailedPlacement !== 'stay') s.occupancy.block(c);
}

/** Remove a citizen from the model (killed, or dead of old age), wherever it is. */
export function removeCitizen(s: EpsteinState, i: number): void {
  const g = s.group[i];
  if (s.status[i] === JAILED) {
    s.nJailed[g]--;
    if (s.p.jailedPlacement === 'stay') s.occupancy.unblock(s.cell[i]);
  } else {
    if (s.status[i] === ACTIVE) s.nActive[g]--;
    liftFreeCitizen(s, i);
  }
  s.population[g]--;
  releaseSlot(s, i);
}

/** Create a quiet citizen on cell c with the given traits. */
export function createCitizen(
  s: EpsteinState,
  c: number,
  group: number,
  hardship: number,
  riskAversion: number,
  age: number,
): number {
  const i = allocateAgent(s);
  s.kind[i] = CITIZEN;
  s.alive[i] = 1;
  s.group[i] = group;
  s.status[i] = QUIET;
  s.hardship[i] = hardship;
  s.riskAversion[i] = riskAversion;
  s.jailTerm[i] = 0;
  s.age[i] = age;
  s.homeCell[i] = -1;
  s.population[group]++;
  placeFreeCitizen(s, i, c);
  return i;
}

/** Create a cop on cell c. */
export function createCop(s: EpsteinState, c: number): number {
  const i = allocateAgent(s);
  s.kind[i] = COP;
  s.alive[i] = 1;
  s.cell[i] = c;
  s.cops.add(c, 1);
  s.occupancy.block(c);
  return i;
}

/**
 * Build the initial state: cops and citizens on distinct random cells (exact counts, or an independent draw per
 * cell), every citizen quiet with hardship H and risk aversion R drawn from U(0, 1); in Model II a group drawn
 * with groupAShare and an age uniform on 0..maxAgeSteps.
 */
export function createState(p: EpsteinParams, streams: Streams): EpsteinState {
  const rng = runStreams(streams);
  const torus = new Torus(p.width, p.height);
  const nb = (r: number) => {
    const n = makeNeighbourhood(p.neighbourhood, r, p.visionIncludesOwnCell);
    torus.assertFits(n);
    return n;
  };
  const twoGroups = p.variant === 'II';
  const cells = torus.size;
  const capacity = twoGroups ? 2 * cells : cells + 1;
  const maxNb = Math.max(p.citizenVision, p.copVision);
  const s: EpsteinState = {
    p,
    rng,
    torus,
    twoGroups,
    citizenNb: nb(p.citizenVision),
    copNb: nb(p.copVision),
    birthNb: (() => {
      const n = makeNeighbourhood(p.neighbourhood, p.model2.birthRadius, false);
      torus.assertFits(n);
      return n;
    })(),
    releaseSearch: Math.min(16, Math.floor((Math.min(p.width, p.height) - 1) / 2)),
    capacity,
    used: 0,
    kind: new Uint8Array(capacity),
    alive: new Uint8Array(capacity),
    group: new Uint8Array(capacity),
    status: new Uint8Array(capacity),
    cell: new Int32Array(capacity).fill(-1),
    homeCell: new Int32Array(capacity).fill(-1),
    hardship: new Float64Array(capacity),
    riskAversion: new Float64Array(capacity),
    jailTerm: new Int32Array(capacity),
    age: new Int32Array(capacity),
    nextInCell: new Int32Array(capacity).fill(-1),
    freeSlots: new Int32Array(capacity),
    nFreeSlots: 0,
    cellHead: new Int32Array(cells).fill(-1),
    occupancy: new OccupancyIndex(torus, (2 * Math.max(maxNb, p.model2.birthRadius) + 1) ** 2),
    cops: new CountField(torus),
    actives: [new CountField(torus), new CountField(torus)],
    free: [new CountField(torus), new CountField(torus)],
    population: new Int32Array(2),
    nActive: new Int32Array(2),
    nJailed: new Int32Array(2),
    killed: new Int32Array(2),
    legitimacyNow: new Float64Array(2),
    arrestTable: Float64Array.from(
      { length: (2 * p.citizenVision + 1) ** 2 + 1 },
      (_, m) => 1 - Math.exp(-p.arrestConstant * m),
    ),
    order: new Int32Array(capacity),
    cellScratch: new Int32Array((2 * maxNb + 1) * (2 * maxNb + 1)),
  };

  const draw = rng.placement;
  const newCitizen = (c: number) => {
    const group = twoGroups && !draw.bernoulli(p.model2.groupAShare) ? GROUP_B : GROUP_A;
    const hardship = draw.next();
    const riskAversion = draw.next();
    const age = twoGroups ? draw.intBetween(0, p.model2.maxAgeSteps) : 0;
    createCitizen(s, c, group, hardship, riskAversion, age);
  };
  if (p.placement === 'perCell') {
    for (let c = 0; c < cells; c++) {
      const u = draw.next();
      if (u < p.citizenDensity) newCitizen(c);
      else if (u < p.citizenDensity + p.copDensity) createCop(s, c);
    }
  } else {
    const nCops = Math.round(p.copDensity * cells);
    const nCitizens = Math.min(cells - nCops, Math.round(p.citizenDensity * cells));
    // A partial Fisher-Yates shuffle of the cells: the first nCops go to cops, the next nCitizens to citizens.
    const perm = new Int32Array(cells);
    for (let c = 0; c < cells; c++) perm[c] = c;
    for (let k = 0; k < nCops + nCitizens; k++) {
      const j = k + draw.int(cells - k);
      const t = perm[k];
      perm[k] = perm[j];
      perm[j] = t;
      if (k < nCops) createCop(s, perm[k]);
      else newCitizen(perm[k]);
    }
  }
  return s;
}

/** Citizens alive (free or jailed), both groups. */
export function citizenCount(s: EpsteinState): number {
  return s.population[0] + s.population[1];
}
