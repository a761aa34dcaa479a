// Experimental designs on the unit cube, and the map from the cube to a model's parameters.
//
// Every design is a UnitMatrix: `points` rows of `dims` coordinates in [0, 1], row-major in one Float64Array
// (`values[i * dims + j]` is coordinate j of point i). Designs know nothing of parameters; `mapToParams` maps
// one row through each varied parameter's own range (STYLE.md §4, as EMA Workbench's samplers do). All
// randomness comes from a `Stream('design', '<seed>/design/<kind>')` (rng.ts), so a design is a pure function
// of its arguments and its seed.
import { InputError, problem } from './errors.js';
import { type ParamInfo, type ParamKind, nearestName } from './params.js';
import { type Seed, Stream } from './rng.js';

export interface UnitMatrix {
  readonly points: number;
  readonly dims: number;
  /** Row-major coordinates in [0, 1]: values[i * dims + j] is coordinate j of point i. */
  readonly values: Float64Array;
}

/** Row i of a design as a view (no copy). */
export function unitRow(m: UnitMatrix, i: number): Float64Array {
  return m.values.subarray(i * m.dims, (i + 1) * m.dims);
}

function designStream(seed: Seed, kind: string): Stream {
  return new Stream('design', `${seed}/design/${kind}`);
}

function checkCount(fn: string, what: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${fn}: ${what} must be an integer >= ${min}, got ${n}`);
}

// ---------------------------------------------------------------------------------------------------------
// Full-factorial grid

/**
 * Every combination of `levels[j]` equally spaced values per dimension: coordinate k of dimension j is
 * k / (levels[j] - 1), so both ends are included (a single level sits at 0.5). Rows run like nested loops with
 * the first dimension outermost (the last dimension varies fastest). Size: the product of the levels.
 */
export function sampleGrid(levels: readonly number[]): UnitMatrix {
  for (let j = 0; j < levels.length; j++) checkCount('sampleGrid', `levels[${j}]`, levels[j], 1);
  const dims = levels.length;
  let points = 1;
  for (const l of levels) points *= l;
  if (points > 1e8) throw new RangeError(`sampleGrid: ${points} points is too many; use fewer levels or --design lhs`);
  const values = new Float64Array(points * dims);
  const idx = new Array<number>(dims).fill(0);
  for (let i = 0; i < points; i++) {
    for (let j = 0; j < dims; j++) values[i * dims + j] = levels[j] === 1 ? 0.5 : idx[j] / (levels[j] - 1);
    for (let j = dims - 1; j >= 0; j--) {
      if (++idx[j] < levels[j]) break;
      idx[j] = 0;
    }
  }
  return { points, dims, values };
}

// ---------------------------------------------------------------------------------------------------------
// Latin hypercube

/**
 * A Latin hypercube of `points` points: in every dimension each stratum [k / points, (k + 1) / points) holds
 * exactly one point, at a uniform random position within it; strata are paired across dimensions by
 * independent random permutations (McKay, Beckman & Conover 1979).
 */
export function sampleLatinHypercube(points: number, dims: number, seed: Seed): UnitMatrix {
  checkCount('sampleLatinHypercube', 'points', points, 1);
  checkCount('sampleLatinHypercube', 'dims', dims, 1);
  const s = designStream(seed, 'lhs');
  const values = new Float64Array(points * dims);
  const perm = new Int32Array(points);
  for (let j = 0; j < dims; j++) {
    for (let k = 0; k < points; k++) perm[k] = k;
    s.shuffle(perm);
    for (let i = 0; i < points; i++) {
      const k = perm[i];
      let u = (k + s.next()) / points;
      // (k + r) / n can round up to the next stratum's edge when n is very large; keep it inside its own.
      if (Math.floor(u * points) !== k) u = (k + 0.5) / points;
      values[i * dims + j] = u;
    }
  }
  return { points, dims, values };
}

// ---------------------------------------------------------------------------------------------------------
// Sobol' low-discrepancy sequence

// Joe & Kuo's direction numbers (new-joe-kuo-6.21201, "Constructing Sobol sequences with better
// two-dimensional projections", SIAM J. Sci. Comput. 30, 2008) for dimensions 2..64, each as
// [degree s, coefficients a, m_1..m_s]. Dimension 1 is the van der Corput sequence (all m = 1). They were
// checked against the table published by the authors and against scipy.stats.qmc.Sobol (same points).
// biome-ignore format: a table reads better in rows
const JOE_KUO: readonly (readonly number[])[] = [
  [1, 0, 1], [2, 1, 1, 3], [3, 1, 1, 3, 1], [3, 2, 1, 1, 1], [4, 1, 1, 1, 3, 3], [4, 4, 1, 3, 5, 13],
  [5, 2, 1, 1, 5, 5, 17], [5, 4, 1, 1, 5, 5, 5], [5, 7, 1, 1, 7, 11, 19], [5, 11, 1, 1, 5, 1, 1], [5, 13, 1, 1, 1, 3, 11], [5, 14, 1, 3, 5, 5, 31],
  [6, 1, 1, 3, 3, 9, 7, 49], [6, 13, 1, 1, 1, 15, 21, 21], [6, 16, 1, 3, 1, 13, 27, 49], [6, 19, 1, 1, 1, 15, 7, 5], [6, 22, 1, 3, 1, 15, 13, 25], [6, 25, 1, 1, 5, 5, 19, 61],
  [7, 1, 1, 3, 7, 11, 23, 15, 103], [7, 4, 1, 3, 7, 13, 13, 15, 69], [7, 7, 1, 1, 3, 13, 7, 35, 63], [7, 8, 1, 3, 5, 9, 1, 25, 53], [7, 14, 1, 3, 1, 13, 9, 35, 107], [7, 19, 1, 3, 1, 5, 27, 61, 31],
  [7, 21, 1, 1, 5, 11, 19, 41, 61], [7, 28, 1, 3, 5, 3, 3, 13, 69], [7, 31, 1, 1, 7, 13, 1, 19, 1], [7, 32, 1, 3, 7, 5, 13, 19, 59], [7, 37, 1, 1, 3, 9, 25, 29, 41], [7, 41, 1, 3, 5, 13, 23, 1, 55],
  [7, 42, 1, 3, 7, 3, 13, 59, 17], [7, 50, 1, 3, 1, 3, 5, 53, 69], [7, 55, 1, 1, 5, 5, 23, 33, 13], [7, 56, 1, 1, 7, 7, 1, 61, 123], [7, 59, 1, 1, 7, 9, 13, 61, 49], [7, 62, 1, 3, 3, 5, 3, 55, 33],
  [8, 14, 1, 3, 1, 15, 31, 13, 49, 245], [8, 21, 1, 3, 5, 15, 31, 59, 63, 97], [8, 22, 1, 3, 1, 11, 11, 11, 77, 249], [8, 38, 1, 3, 1, 11, 27, 43, 71, 9], [8, 47, 1, 1, 7, 15, 21, 11, 81, 45], [8, 49, 1, 3, 7, 3, 25, 31, 65, 79],
  [8, 50, 1, 3, 1, 1, 19, 11, 3, 205], [8, 52, 1, 1, 5, 9, 19, 21, 29, 157], [8, 56, 1, 3, 7, 11, 1, 33, 89, 185], [8, 67, 1, 3, 3, 3, 15, 9, 79, 71], [8, 70, 1, 3, 7, 11, 15, 39, 119, 27], [8, 84, 1, 1, 3, 1, 11, 31, 97, 225],
  [8, 97, 1, 1, 1, 3, 23, 43, 57, 177], [8, 103, 1, 3, 7, 7, 17, 17, 37, 71], [8, 115, 1, 3, 1, 5, 27, 63, 123, 213], [8, 122, 1, 1, 3, 5, 11, 43, 53, 133], [9, 8, 1, 3, 5, 5, 29, 17, 47, 173, 479], [9, 13, 1, 3, 3, 11, 3, 1, 109, 9, 69],
  [9, 16, 1, 1, 1, 5, 17, 39, 23, 5, 343], [9, 22, 1, 3, 1, 5, 25, 15, 31, 103, 499], [9, 25, 1, 1, 1, 11, 11, 17, 63, 105, 183], [9, 44, 1, 1, 5, 11, 9, 29, 97, 231, 363], [9, 47, 1, 1, 5, 15, 19, 45, 41, 7, 383], [9, 52, 1, 3, 7, 7, 31, 19, 83, 137, 221],
  [9, 55, 1, 1, 1, 3, 23, 15, 111, 223, 83], [9, 59, 1, 1, 5, 13, 31, 15, 55, 25, 161], [9, 62, 1, 1, 3, 13, 25, 47, 39, 87, 257],
];

/** Largest number of dimensions `sampleSobol` supports (the direction numbers above, plus dimension 1). */
export const SOBOL_MAX_DIMS = JOE_KUO.length + 1;

const BITS = 32;

/** The 32 direction numbers V_1..V_32 of one dimension (V_k = m_k / 2^k as a 32-bit fraction). */
function directionNumbers(dim: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dim === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const row = JOE_KUO[dim - 1];
  const s = row[0];
  const a = row[1];
  for (let k = 0; k < Math.min(s, BITS); k++) v[k] = row[2 + k] * 2 ** (BITS - 1 - k);
  for (let k = s; k < BITS; k++) {
    let x = v[k - s] ^ (v[k - s] >>> s);
    for (let l = 1; l < s; l++) if ((a >>> (s - 1 - l)) & 1) x ^= v[k - l];
    v[k] = x >>> 0;
  }
  return v;
}

function parity32(x: number): number {
  let y = x ^ (x >>> 16);
  y ^= y >>> 8;
  y ^= y >>> 4;
  y ^= y >>> 2;
  y ^= y >>> 1;
  return y & 1;
}

/**
 * Matousek's linear matrix scramble: multiply the generator matrix (column k = the bits of V_k, most
 * significant first) on the left by a random lower-triangular binary matrix with a unit diagonal. The matrix is
 * invertible, so every (t, m, s)-net property of the sequence survives.
 */
function scrambleDirections(v: Uint32Array, s: Stream): Uint32Array {
  const rows = new Uint32Array(BITS);
  for (let i = 0; i < BITS; i++) {
    const below = i === 0 ? 0 : (0xffffffff << (BITS - i)) >>> 0;
    rows[i] = ((s.nextUint32() & below) | (1 << (BITS - 1 - i))) >>> 0;
  }
  const out = new Uint32Array(BITS);
  for (let k = 0; k < BITS; k++) {
    let x = 0;
    for (let i = 0; i < BITS; i++) if (parity32(rows[i] & v[k])) x |= 1 << (BITS - 1 - i);
    out[k] = x >>> 0;
  }
  return out;
}

/**
 * The first `points` points of the `dims`-dimensional Sobol' sequence (Joe-Kuo direction numbers, Gray-code
 * order, 32 bits). Without a seed the plain sequence, which starts at the origin. With a seed it is
 * randomised as scipy.stats.qmc.Sobol does by default: a linear matrix scramble and a random digital shift
 * per dimension, which keeps its stratification (each of the first 2^m points falls in its own interval
 * [k / 2^m, (k + 1) / 2^m) of every dimension) while making it an unbiased random sample. Balance properties
 * hold for power-of-two counts; use those where you can.
 */
export function sampleSobol(points: number, dims: number, seed?: Seed): UnitMatrix {
  checkCount('sampleSobol', 'points', points, 1);
  checkCount('sampleSobol', 'dims', dims, 1);
  if (dims > SOBOL_MAX_DIMS) {
    throw new RangeError(`sampleSobol: at most ${SOBOL_MAX_DIMS} dimensions are supported, got ${dims}`);
  }
  if (points > 2 ** BITS) throw new RangeError(`sampleSobol: at most 2^32 points, got ${points}`);
  const stream = seed === undefined ? undefined : designStream(seed, 'sobol');
  const dirs: Uint32Array[] = [];
  const shift = new Uint32Array(dims);
  for (let j = 0; j < dims; j++) {
    const v = directionNumbers(j);
    dirs.push(stream ? scrambleDirections(v, stream) : v);
    shift[j] = stream ? stream.nextUint32() : 0;
  }
  const values = new Float64Array(points * dims);
  const x = new Uint32Array(dims);
  for (let i = 0; i < points; i++) {
    if (i > 0) {
      const c = 31 - Math.clz32(i & -i);
      for (let j = 0; j < dims; j++) x[j] ^= dirs[j][c];
    }
    for (let j = 0; j < dims; j++) values[i * dims + j] = ((x[j] ^ shift[j]) >>> 0) / 2 ** BITS;
  }
  return { points, dims, values };
}

// ---------------------------------------------------------------------------------------------------------
// Saltelli's scheme for Sobol' indices

export interface SaltelliDesign {
  /** N, the number of base samples. */
  readonly baseSamples: number;
  /** D, the number of varied parameters. */
  readonly dims: number;
  /** Where A and B come from: one scrambled Sobol' sequence in 2D dimensions, or two Latin hypercubes. */
  readonly source: 'sobol' | 'lhs';
  /**
   * N (D + 2) rows in blocks of N: A, then B, then AB_1 .. AB_D, where AB_i is A with column i taken from B.
   * `saltelliRow(design, block, k)` finds row k of a block (block 0 = A, 1 = B, 2 + i = AB_i).
   */
  readonly matrix: UnitMatrix;
}

/** Index of row k of a block of a Saltelli design (block 0 = A, 1 = B, 2 + i = AB_i). */
export function saltelliRow(design: Pick<SaltelliDesign, 'baseSamples'>, block: number, k: number): number {
  return block * design.baseSamples + k;
}

/**
 * Saltelli's (2002, 2010) sampling scheme: matrices A and B of N base samples each and, for every dimension i,
 * AB_i (A with column i from B), N (D + 2) points in all, from which `analyzeSobol` estimates first-order and
 * total indices. A and B are the two halves of a 2D-dimensional scrambled Sobol' sequence (as SALib does);
 * above SOBOL_MAX_DIMS / 2 parameters, two independent Latin hypercubes. Power-of-two N are best.
 */
export function sampleSaltelli(baseSamples: number, dims: number, seed: Seed): SaltelliDesign {
  checkCount('sampleSaltelli', 'baseSamples', baseSamples, 2);
  checkCount('sampleSaltelli', 'dims', dims, 1);
  const n = baseSamples;
  const d = dims;
  const useSobol = 2 * d <= SOBOL_MAX_DIMS;
  let colA: (k: number, j: number) => number;
  let colB: (k: number, j: number) => number;
  if (useSobol) {
    const base = sampleSobol(n, 2 * d, `${seed}/saltelli`);
    colA = (k, j) => base.values[k * 2 * d + j];
    colB = (k, j) => base.values[k * 2 * d + d + j];
  } else {
    const a = sampleLatinHypercube(n, d, `${seed}/saltelli/A`);
    const b = sampleLatinHypercube(n, d, `${seed}/saltelli/B`);
    colA = (k, j) => a.values[k * d + j];
    colB = (k, j) => b.values[k * d + j];
  }
  const points = n * (d + 2);
  const values = new Float64Array(points * d);
  for (let block = 0; block < d + 2; block++) {
    for (let k = 0; k < n; k++) {
      const row = (block * n + k) * d;
      for (let j = 0; j < d; j++) {
        const fromB = block === 1 || block - 2 === j;
        values[row + j] = fromB ? colB(k, j) : colA(k, j);
      }
    }
  }
  return { baseSamples: n, dims: d, source: useSobol ? 'sobol' : 'lhs', matrix: { points, dims: d, values } };
}

// ---------------------------------------------------------------------------------------------------------
// Morris trajectories

export interface MorrisDesign {
  /** r, the number of trajectories. */
  readonly trajectories: number;
  readonly dims: number;
  /** p, the number of grid levels per dimension. */
  readonly levels: number;
  /** The step, p / (2 (p - 1)). */
  readonly delta: number;
  /** r (D + 1) rows: trajectory t is rows t (D + 1) .. t (D + 1) + D. */
  readonly matrix: UnitMatrix;
  /** changedDim[t * D + k]: the dimension that moves between rows k and k + 1 of trajectory t. */
  readonly changedDim: Int32Array;
  /** stepSign[t * D + k]: +1 if that dimension went up by delta, -1 if down. */
  readonly stepSign: Int8Array;
}

export interface MorrisOptions {
  /** p, an even number of grid levels (default 4). */
  levels?: number;
  /**
   * Campolongo et al. (2007): draw this many candidate trajectories and keep the r most spread out (largest
   * sum of squared pairwise trajectory distances, chosen greedily). Default: r (no selection).
   */
  candidates?: number;
}

function drawTrajectory(
  s: Stream,
  d: number,
  p: number,
  delta: number,
  pts: Float64Array,
  dimOut: Int32Array,
  signOut: Int8Array,
): void {
  const order = new Int32Array(d);
  for (let j = 0; j < d; j++) order[j] = j;
  const x = new Float64Array(d);
  const dir = new Int8Array(d);
  for (let j = 0; j < d; j++) {
    // Base values are the grid levels from which a step of +delta stays on the grid: 0 .. 1 - delta.
    const base = s.int(p / 2) / (p - 1);
    dir[j] = s.bernoulli(0.5) ? 1 : -1;
    x[j] = dir[j] > 0 ? base : Math.min(1, base + delta);
  }
  s.shuffle(order);
  pts.set(x, 0);
  for (let k = 0; k < d; k++) {
    const j = order[k];
    x[j] = Math.min(1, Math.max(0, x[j] + dir[j] * delta));
    pts.set(x, (k + 1) * d);
    dimOut[k] = j;
    signOut[k] = dir[j];
  }
}

function trajectoryDistance(a: Float64Array, b: Float64Array, d: number): number {
  let sum = 0;
  for (let i = 0; i <= d; i++) {
    for (let k = 0; k <= d; k++) {
      let s2 = 0;
      for (let j = 0; j < d; j++) {
        const diff = a[i * d + j] - b[k * d + j];
        s2 += diff * diff;
      }
      sum += Math.sqrt(s2);
    }
  }
  return sum;
}

/** Greedy Campolongo selection: start from the farthest pair, then add the trajectory adding most spread. */
function selectSpread(trajs: Float64Array[], r: number, d: number): number[] {
  const m = trajs.length;
  const dist = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      const v = trajectoryDistance(trajs[a], trajs[b], d);
      dist[a * m + b] = v;
      dist[b * m + a] = v;
    }
  }
  let best = -1;
  let pair = [0, 1];
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      if (dist[a * m + b] > best) {
        best = dist[a * m + b];
        pair = [a, b];
      }
    }
  }
  const chosen = new Set(pair);
  while (chosen.size < r) {
    let bestGain = -1;
    let pick = -1;
    for (let c = 0; c < m; c++) {
      if (chosen.has(c)) continue;
      let gain = 0;
      for (const s of chosen) gain += dist[c * m + s] ** 2;
      if (gain > bestGain) {
        bestGain = gain;
        pick = c;
      }
    }
    chosen.add(pick);
  }
  return [...chosen].sort((x, y) => x - y);
}

/**
 * Morris (1991) one-at-a-time trajectories on a p-level grid with step delta = p / (2 (p - 1)): each of the r
 * trajectories starts at a random grid point and moves every dimension once, by +delta or -delta, in a random
 * order, so D + 1 points give one elementary effect per dimension. With `candidates`, Campolongo et al.'s
 * (2007) spread-maximising selection. `analyzeMorris` (sensitivity.ts) turns the outputs into mu*, mu, sigma.
 */
export function sampleMorris(
  trajectories: number,
  dims: number,
  seed: Seed,
  options: MorrisOptions = {},
): MorrisDesign {
  const r = trajectories;
  const d = dims;
  const p = options.levels ?? 4;
  const m = options.candidates ?? r;
  checkCount('sampleMorris', 'trajectories', r, 1);
  checkCount('sampleMorris', 'dims', d, 1);
  if (!Number.isInteger(p) || p < 2 || p % 2 !== 0) {
    throw new RangeError(`sampleMorris: levels must be an even integer >= 2, got ${p}`);
  }
  if (!Number.isInteger(m) || m < r) {
    throw new RangeError(`sampleMorris: candidates must be an integer >= trajectories (${r}), got ${m}`);
  }
  const delta = p / (2 * (p - 1));
  const s = designStream(seed, 'morris');
  const trajs: Float64Array[] = [];
  const dimsOut: Int32Array[] = [];
  const signsOut: Int8Array[] = [];
  for (let t = 0; t < m; t++) {
    const pts = new Float64Array((d + 1) * d);
    const dimOut = new Int32Array(d);
    const signOut = new Int8Array(d);
    drawTrajectory(s, d, p, delta, pts, dimOut, signOut);
    trajs.push(pts);
    dimsOut.push(dimOut);
    signsOut.push(signOut);
  }
  const keep = m > r && r >= 2 ? selectSpread(trajs, r, d) : Array.from({ length: r }, (_, t) => t);
  const values = new Float64Array(r * (d + 1) * d);
  const changedDim = new Int32Array(r * d);
  const stepSign = new Int8Array(r * d);
  keep.forEach((src, t) => {
    values.set(trajs[src], t * (d + 1) * d);
    changedDim.set(dimsOut[src], t * d);
    stepSign.set(signsOut[src], t * d);
  });
  return {
    trajectories: r,
    dims: d,
    levels: p,
    delta,
    matrix: { points: r * (d + 1), dims: d, values },
    changedDim,
    stepSign,
  };
}

// ---------------------------------------------------------------------------------------------------------
// From the unit cube to parameters

export type ParamValue = number | string | boolean;

/** One varied parameter: its path and kind, and the part of its range a design covers. */
export interface VarySpec {
  readonly path: string;
  readonly kind: ParamKind;
  /** Numbers and integers: the range covered, both ends included. */
  readonly lo?: number;
  readonly hi?: number;
  /** Enumerations and booleans: the values covered. */
  readonly options?: readonly ParamValue[];
  /** Grid levels asked for (`path=lo:hi:levels`); see `gridLevels`. */
  readonly levels?: number;
}

export interface VaryRange {
  lo?: number;
  hi?: number;
  levels?: number;
  options?: readonly ParamValue[];
}

function allOptions(info: ParamInfo): readonly ParamValue[] {
  return info.kind === 'boolean' ? [false, true] : (info.options ?? []);
}

function rangeProblems(info: ParamInfo, range: VaryRange, file?: string): { spec?: VarySpec; problems: string[] } {
  const problems: string[] = [];
  const where = file ? ` (in ${file})` : '';
  const base = { path: info.path, kind: info.kind };
  if (range.levels !== undefined && !(Number.isInteger(range.levels) && range.levels >= 1)) {
    problems.push(problem(`${info.path} levels`, 'an integer >= 1', range.levels, file));
  }
  const levels = range.levels !== undefined ? { levels: range.levels } : {};
  if (info.kind === 'number' || info.kind === 'integer') {
    const lo = range.lo ?? info.min;
    const hi = range.hi ?? info.max;
    if (lo === undefined || hi === undefined) {
      problems.push(
        `✖ ${info.path}: the parameter has no ${lo === undefined ? 'lower' : 'upper'} bound; give a range, e.g. ${info.path}=0:1${where}`,
      );
      return { problems };
    }
    const intWord = info.kind === 'integer' ? 'an integer' : 'a number';
    for (const [name, v] of [
      ['lo', lo],
      ['hi', hi],
    ] as const) {
      const ok = typeof v === 'number' && Number.isFinite(v) && (info.kind !== 'integer' || Number.isInteger(v));
      const inRange = (info.min === undefined || v >= info.min) && (info.max === undefined || v <= info.max);
      if (!ok || !inRange) {
        const bounds =
          info.min !== undefined && info.max !== undefined
            ? ` between ${info.min} and ${info.max}`
            : info.min !== undefined
              ? ` >= ${info.min}`
              : info.max !== undefined
                ? ` <= ${info.max}`
                : '';
        problems.push(problem(`${info.path} (${name})`, `${intWord}${bounds}`, v, file));
      }
    }
    if (!problems.length && !(lo < hi)) problems.push(problem(info.path, `lo below hi`, `${lo}:${hi}`, file));
    return problems.length ? { problems } : { spec: { ...base, lo, hi, ...levels }, problems };
  }
  const known = allOptions(info);
  const options = range.options ?? known;
  for (const o of options) {
    if (!known.includes(o)) {
      problems.push(problem(info.path, `one of ${known.map((k) => JSON.stringify(k)).join(', ')}`, o, file));
    }
  }
  if (options.length === 0) problems.push(problem(info.path, 'at least one value', options, file));
  if (new Set(options).size !== options.length) problems.push(problem(info.path, 'distinct values', options, file));
  return problems.length ? { problems } : { spec: { ...base, options: [...options], ...levels }, problems };
}

/**
 * The VarySpec of a parameter over `range`, by default its whole range from the schema (numbers need both
 * bounds, in the schema or in `range`). Throws an InputError naming the parameter when the range leaves the
 * schema's bounds or the options are not the parameter's.
 */
export function varySpec(info: ParamInfo, range: VaryRange = {}, file?: string): VarySpec {
  const { spec, problems } = rangeProblems(info, range, file);
  if (!spec) throw new InputError(problems.join('\n'));
  return spec;
}

/**
 * Parse `--vary` arguments: `path=lo:hi` or `path=lo:hi:levels` for numbers and integers, `path=a,b,c` for
 * enumerations and booleans, or a bare `path` for the parameter's whole range. Every problem is collected and
 * thrown at once as an InputError.
 */
export function parseVaryArgs(args: readonly string[], infos: readonly ParamInfo[]): VarySpec[] {
  const out: VarySpec[] = [];
  const problems: string[] = [];
  const known = infos.map((p) => p.path);
  const seen = new Set<string>();
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const path = (eq < 0 ? arg : arg.slice(0, eq)).trim();
    const text = eq < 0 ? '' : arg.slice(eq + 1).trim();
    const info = infos.find((p) => p.path === path);
    if (!info) {
      const near = nearestName(path, known);
      problems.push(
        `✖ --vary ${path || JSON.stringify(arg)}: unknown parameter${near ? `; did you mean ${near}?` : ''}`,
      );
      continue;
    }
    if (seen.has(path)) {
      problems.push(`✖ --vary ${path}: given more than once`);
      continue;
    }
    seen.add(path);
    const range: VaryRange = {};
    if (text !== '') {
      if (info.kind === 'number' || info.kind === 'integer') {
        const parts = text.split(':');
        const nums = parts.map((t) => (t.trim() === '' ? Number.NaN : Number(t)));
        if ((parts.length !== 2 && parts.length !== 3) || nums.some((n) => Number.isNaN(n))) {
          problems.push(
            `✖ --vary ${path}: expected lo:hi or lo:hi:levels (e.g. ${path}=${info.min ?? 0}:${info.max ?? 1}:5), got ${JSON.stringify(text)}`,
          );
          continue;
        }
        range.lo = nums[0];
        range.hi = nums[1];
        if (parts.length === 3) range.levels = nums[2];
      } else {
        range.options = text.split(',').map((t) => coerceOption(info, t.trim()));
      }
    }
    const r = rangeProblems(info, range);
    if (r.spec) out.push(r.spec);
    else problems.push(...r.problems.map((p) => p.replace('✖ ', '✖ --vary ')));
  }
  if (problems.length) throw new InputError(problems.join('\n'));
  return out;
}

function coerceOption(info: ParamInfo, t: string): ParamValue {
  if (info.kind === 'boolean') return t === 'true' ? true : t === 'false' ? false : t;
  const asNum = Number(t);
  if (t !== '' && info.options?.includes(asNum)) return asNum;
  return t;
}

/**
 * Grid levels of a spec: as asked, else every value of an enumeration or boolean, every integer up to
 * `fallback`, and `fallback` levels for a number.
 */
export function gridLevels(spec: VarySpec, fallback = 5): number {
  if (spec.levels !== undefined) return spec.levels;
  if (spec.kind === 'enum' || spec.kind === 'boolean') return spec.options?.length ?? fallback;
  if (spec.kind === 'integer') return Math.min(fallback, (spec.hi ?? 0) - (spec.lo ?? 0) + 1);
  return fallback;
}

/**
 * Map one unit coordinate through a spec. Numbers: linearly onto [lo, hi] (snapped to a 1e-12 fraction of the range
 * so that grid values print as 0.25 and 0, not 0.25000000000000006 and 2.8e-17). Integers, enumerations and booleans: [0, 1] is cut
 * into as many equal bins as there are values, so every value is equally likely under a uniform design
 * (rounding lo + u (hi - lo) would give the two end values half the weight of the others); u = 1 falls in
 * the last bin, so grid levels k / (L - 1) hit the first and last values.
 */
export function mapUnitValue(u: number, spec: VarySpec): ParamValue {
  if (spec.kind === 'number' || spec.kind === 'integer') {
    const lo = spec.lo as number;
    const hi = spec.hi as number;
    if (spec.kind === 'integer') {
      const n = hi - lo + 1;
      return lo + Math.min(n - 1, Math.max(0, Math.floor(u * n)));
    }
    // Snap to 1e-12 of the range so that cancellation (-0.15 + 0.75 * 0.2 = 2.8e-17) gives the round value.
    const quantum = 10 ** (Math.floor(Math.log10(hi - lo)) - 12);
    const v = Number((Math.round((lo + u * (hi - lo)) / quantum) * quantum).toPrecision(15)) + 0;
    return Math.min(hi, Math.max(lo, v));
  }
  const options = spec.options ?? [];
  const n = options.length;
  return options[Math.min(n - 1, Math.max(0, Math.floor(u * n)))];
}

/** Map a design row (one coordinate per spec, in order) to parameter values, keyed by dotted path. */
export function mapToParams(unitRow: ArrayLike<number>, specs: readonly VarySpec[]): Record<string, ParamValue> {
  if (unitRow.length !== specs.length) {
    throw new RangeError(
      `mapToParams: the row has ${unitRow.length} coordinates for ${specs.length} varied parameters`,
    );
  }
  const out: Record<string, ParamValue> = {};
  for (let j = 0; j < specs.length; j++) out[specs[j].path] = mapUnitValue(unitRow[j], specs[j]);
  return out;
}
