// PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999), as used for scenario discovery (Bryant &
// Lempert 2010) and as EMA Workbench's `prim.Prim` implements it: starting from the box holding every point,
// peel off a small slice (alpha of the points in the box) from whichever side of whichever input most raises the
// share of cases of interest, until the box would fall below a minimum mass or no peel helps; then paste slices
// back while that helps. The boxes along the way form the peeling trajectory, a trade-off between coverage (the
// share of all cases of interest that the box holds) and density (the share of the box's points that are cases
// of interest).
//
// Choices, each as EMA Workbench makes them:
// - objective "lenient1" by default: the gain in mean divided by the number of points removed (or added), which
//   keeps PRIM from preferring categorical peels that remove many points at once; "original" (Friedman &
//   Fisher: the mean of the new box) and "lenient2" (lenient1 times the new box's size) are available.
// - ties between candidate peels go to the one that leaves more inputs unrestricted, then to the first input;
// - numeric peels cut at EMA's tie-aware quantile (`peelQuantile`); integer peels cut at the nearest value
//   present in the data; a categorical peel removes one category;
// - pasting extends a restricted side by the alpha-quantile of the points just outside it (within the box on
//   every other input), or adds back one category, and is kept only if it raises the mean;
// - the chosen box of a trajectory is its last box (EMA's default); it "meets the threshold" when its density
//   is at least `threshold` (default 0.8, EMA's usual setting);
// - several boxes (covering): the points of a box are removed and PRIM runs again on the rest; coverage and
//   mass stay relative to all the data. `findBoxes` stops after the first box that misses the threshold.
import { logGamma } from './stats.js';

export type PrimValue = string | number | boolean;

export type PrimColumn =
  | { readonly name: string; readonly kind: 'numeric' | 'integer'; readonly values: ArrayLike<number> }
  | {
      readonly name: string;
      readonly kind: 'categorical';
      readonly values: readonly PrimValue[];
      /** The order in which to list categories (e.g. an enumeration's options); default: sorted. */
      readonly categories?: readonly PrimValue[];
    };

/** The limits of a box on one input: a closed interval, or the categories kept. */
export type PrimLimit =
  | { readonly kind: 'numeric' | 'integer'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'categorical'; readonly values: readonly PrimValue[] };

export interface PrimStep {
  readonly phase: 'start' | 'peel' | 'paste';
  /** Cases of interest in the box / all cases of interest in the data. */
  readonly coverage: number;
  /** Cases of interest in the box / points in the box. */
  readonly density: number;
  /** Points in the box / all points in the data. */
  readonly mass: number;
  /** Number of inputs whose limits are narrower than the data's. */
  readonly restrictedDims: number;
  /** One limit per input column, in column order. */
  readonly limits: readonly PrimLimit[];
}

/**
 * Bryant & Lempert's quasi-p value of one restriction: the chance (one-sided binomial test) that a box without
 * this restriction would hold at least as many cases of interest as the box by luck. Small = the restriction
 * matters. `lower`/`upper` for the two sides of a numeric input (undefined where that side is not restricted),
 * `categories` for a categorical one.
 */
export interface PrimQuasiP {
  readonly name: string;
  readonly lower?: number;
  readonly upper?: number;
  readonly categories?: number;
}

export interface PrimBox {
  readonly trajectory: readonly PrimStep[];
  /** Index of the chosen box in the trajectory (the last one). */
  readonly chosen: number;
  readonly coverage: number;
  readonly density: number;
  readonly mass: number;
  readonly restrictedDims: number;
  readonly limits: readonly PrimLimit[];
  /** Names of the restricted inputs, in column order. */
  readonly restricted: readonly string[];
  readonly quasiP: readonly PrimQuasiP[];
  /** Indices of the data points inside the chosen box (among those not taken by earlier boxes). */
  readonly points: Uint32Array;
  readonly meetsThreshold: boolean;
}

export type PrimObjective = 'lenient1' | 'lenient2' | 'original';

export interface PrimOptions {
  /** Share of the box's points removed by one peel (default 0.05). */
  peelAlpha?: number;
  /** Share of the outside points added by one paste (default 0.05). */
  pasteAlpha?: number;
  /** Smallest mass a box may have (default 0.05). */
  massMin?: number;
  /** Density a box must reach to count as found (default 0.8). */
  threshold?: number;
  objective?: PrimObjective;
}

export interface PrimBoxesOptions extends PrimOptions {
  /** Most boxes to look for (default 10). */
  maxBoxes?: number;
}

interface Data {
  readonly n: number;
  readonly d: number;
  readonly names: readonly string[];
  readonly kinds: readonly ('numeric' | 'integer' | 'categorical')[];
  /** Numeric values, or category codes for categorical columns. */
  readonly x: readonly Float64Array[];
  readonly categories: readonly (readonly PrimValue[])[];
  readonly y: Uint8Array;
  readonly totalCoi: number;
  readonly init: Box;
}

/** Box limits: lo/hi per column (numeric and integer), allowed-category masks (categorical). */
interface Box {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly allowed: readonly (Uint8Array | null)[];
}

function copyBox(b: Box): { lo: Float64Array; hi: Float64Array; allowed: (Uint8Array | null)[] } {
  return { lo: b.lo.slice(), hi: b.hi.slice(), allowed: b.allowed.map((a) => (a ? a.slice() : null)) };
}

function prepare(columns: readonly PrimColumn[], y: ArrayLike<boolean | number>, options: PrimOptions): Data {
  const n = y.length;
  if (columns.length === 0) throw new RangeError('PRIM: at least one input column is needed');
  for (const c of columns) {
    if (c.values.length !== n) {
      throw new RangeError(`PRIM: column ${c.name} has ${c.values.length} values for ${n} outcomes`);
    }
  }
  for (const [key, v] of [
    ['peelAlpha', options.peelAlpha],
    ['pasteAlpha', options.pasteAlpha],
    ['massMin', options.massMin],
  ] as const) {
    if (v !== undefined && !(v > 0 && v < 1)) throw new RangeError(`PRIM: ${key} must be in (0, 1), got ${v}`);
  }
  const yy = new Uint8Array(n);
  let totalCoi = 0;
  for (let i = 0; i < n; i++) {
    yy[i] = y[i] ? 1 : 0;
    totalCoi += yy[i];
  }
  const d = columns.length;
  const x: Float64Array[] = [];
  const categories: (readonly PrimValue[])[] = [];
  const lo = new Float64Array(d);
  const hi = new Float64Array(d);
  const allowed: (Uint8Array | null)[] = [];
  for (let j = 0; j < d; j++) {
    const c = columns[j];
    if (c.kind === 'categorical') {
      const present = new Set(c.values);
      const cats = c.categories
        ? c.categories.filter((v) => present.has(v))
        : [...present].sort((a, b) =>
            typeof a === 'number' && typeof b === 'number'
              ? a - b
              : String(a) < String(b)
                ? -1
                : String(a) > String(b)
                  ? 1
                  : 0,
          );
      if (cats.length < present.size) {
        const missing = [...present].filter((v) => !cats.includes(v));
        throw new RangeError(`PRIM: column ${c.name} has values missing from its categories: ${missing.join(', ')}`);
      }
      const index = new Map(cats.map((v, k) => [v, k]));
      const codes = Float64Array.from(c.values, (v) => index.get(v) as number);
      x.push(codes);
      categories.push(cats);
      allowed.push(new Uint8Array(cats.length).fill(1));
      lo[j] = Number.NaN;
      hi[j] = Number.NaN;
    } else {
      const v = Float64Array.from(c.values as ArrayLike<number>);
      let mn = Number.POSITIVE_INFINITY;
      let mx = Number.NEGATIVE_INFINITY;
      for (const t of v) {
        if (!Number.isFinite(t)) throw new RangeError(`PRIM: column ${c.name} has a non-finite value (${t})`);
        if (t < mn) mn = t;
        if (t > mx) mx = t;
      }
      x.push(v);
      categories.push([]);
      allowed.push(null);
      lo[j] = n ? mn : Number.NaN;
      hi[j] = n ? mx : Number.NaN;
    }
  }
  return {
    n,
    d,
    names: columns.map((c) => c.name),
    kinds: columns.map((c) => c.kind),
    x,
    categories,
    y: yy,
    totalCoi,
    init: { lo, hi, allowed },
  };
}

function inBox(data: Data, box: Box, i: number, skip = -1): boolean {
  for (let j = 0; j < data.d; j++) {
    if (j === skip) continue;
    const v = data.x[j][i];
    const a = box.allowed[j];
    if (a) {
      if (!a[v]) return false;
    } else if (v < box.lo[j] || v > box.hi[j]) return false;
  }
  return true;
}

function restrictedCount(data: Data, box: Box): number {
  let r = 0;
  for (let j = 0; j < data.d; j++) if (isRestricted(data, box, j)) r++;
  return r;
}

function isRestricted(data: Data, box: Box, j: number): boolean {
  const a = box.allowed[j];
  if (a) return a.some((v) => v === 0);
  return box.lo[j] > data.init.lo[j] || box.hi[j] < data.init.hi[j];
}

/**
 * EMA Workbench's quantile for peeling and pasting (after sdtoolkit): the midpoint between the order statistics
 * around (n - 1) q, moved outwards past ties so that a cut never splits a run of equal values.
 */
export function peelQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const i = (n - 1) * q;
  let lo = Math.floor(i);
  let hi = Math.ceil(i);
  if (q > 0.5) {
    while (sorted[lo] === sorted[hi] && lo > 0) lo--;
  } else {
    while (sorted[lo] === sorted[hi] && hi < n - 1) hi++;
  }
  return (sorted[lo] + sorted[hi]) / 2;
}

function objective(kind: PrimObjective, nOld: number, meanOld: number, nNew: number, meanNew: number): number {
  if (kind === 'original') return meanNew;
  if (meanNew === meanOld || nNew === nOld) return 0;
  const gain = (meanNew - meanOld) / Math.abs(nOld - nNew);
  return kind === 'lenient2' ? nNew * gain : gain;
}

interface Candidate {
  box: Box;
  points: Uint32Array;
  coi: number;
}

function stepOf(data: Data, phase: PrimStep['phase'], box: Box, nIn: number, coi: number): PrimStep {
  return {
    phase,
    coverage: coi / data.totalCoi,
    density: nIn ? coi / nIn : 0,
    mass: nIn / data.n,
    restrictedDims: restrictedCount(data, box),
    limits: limitsOf(data, box),
  };
}

function limitsOf(data: Data, box: Box): PrimLimit[] {
  return data.names.map((_, j) => {
    const a = box.allowed[j];
    if (a) return { kind: 'categorical' as const, values: data.categories[j].filter((_, k) => a[k]) };
    return { kind: data.kinds[j] as 'numeric' | 'integer', lo: box.lo[j], hi: box.hi[j] };
  });
}

function countCoi(data: Data, points: Uint32Array): number {
  let c = 0;
  for (const i of points) c += data.y[i];
  return c;
}

function lastAtMost(sorted: Float64Array, q: number): number {
  for (let k = sorted.length - 1; k >= 0; k--) if (sorted[k] <= q) return sorted[k];
  return q;
}

/** Candidate boxes one peel away from `box` (whose points are `points`). */
function peels(data: Data, box: Box, points: Uint32Array, alpha: number): Candidate[] {
  const out: Candidate[] = [];
  const keep = (newBox: Box, test: (i: number) => boolean) => {
    const kept = points.filter(test);
    if (kept.length > 0 && kept.length < points.length)
      out.push({ box: newBox, points: kept, coi: countCoi(data, kept) });
  };
  for (let j = 0; j < data.d; j++) {
    const xj = data.x[j];
    const a = box.allowed[j];
    if (a) {
      if (a.reduce((s, v) => s + v, 0) < 2) continue;
      for (let k = 0; k < a.length; k++) {
        if (!a[k]) continue;
        const nb = copyBox(box);
        (nb.allowed[j] as Uint8Array)[k] = 0;
        keep(nb, (i) => xj[i] !== k);
      }
      continue;
    }
    const sorted = Float64Array.from(points, (i) => xj[i]).sort();
    const integer = data.kinds[j] === 'integer';
    const qLo = peelQuantile(sorted, alpha);
    const lower = copyBox(box);
    lower.lo[j] = integer ? (sorted.find((v) => v >= qLo) ?? qLo) : qLo;
    keep(lower, (i) => xj[i] >= qLo);
    const qHi = peelQuantile(sorted, 1 - alpha);
    const upper = copyBox(box);
    upper.hi[j] = integer ? lastAtMost(sorted, qHi) : qHi;
    keep(upper, (i) => xj[i] <= qHi);
  }
  return out;
}

/** Candidate boxes one paste away from `box`, over the points `pool` (those not taken by earlier boxes). */
function pastes(data: Data, box: Box, pool: Uint32Array, alpha: number): Candidate[] {
  const out: Candidate[] = [];
  const add = (newBox: Box) => {
    const pts = pool.filter((i) => inBox(data, newBox, i));
    out.push({ box: newBox, points: pts, coi: countCoi(data, pts) });
  };
  for (let j = 0; j < data.d; j++) {
    if (!isRestricted(data, box, j)) continue;
    const xj = data.x[j];
    const a = box.allowed[j];
    if (a) {
      for (let k = 0; k < a.length; k++) {
        if (a[k]) continue;
        const nb = copyBox(box);
        (nb.allowed[j] as Uint8Array)[k] = 1;
        add(nb);
      }
      continue;
    }
    const integer = data.kinds[j] === 'integer';
    const outside = pool.filter((i) => inBox(data, box, i, j));
    if (box.lo[j] > data.init.lo[j]) {
      const below = Float64Array.from(
        outside.filter((i) => xj[i] <= box.lo[j]),
        (i) => xj[i],
      ).sort();
      let v = below.length ? peelQuantile(below, 1 - alpha) : data.init.lo[j];
      if (integer) v = Math.floor(v);
      if (v < box.lo[j]) {
        const nb = copyBox(box);
        nb.lo[j] = Math.max(v, data.init.lo[j]);
        add(nb);
      }
    }
    if (box.hi[j] < data.init.hi[j]) {
      const above = Float64Array.from(
        outside.filter((i) => xj[i] >= box.hi[j]),
        (i) => xj[i],
      ).sort();
      let v = above.length ? peelQuantile(above, alpha) : data.init.hi[j];
      if (integer) v = Math.ceil(v);
      if (v > box.hi[j]) {
        const nb = copyBox(box);
        nb.hi[j] = Math.min(v, data.init.hi[j]);
        add(nb);
      }
    }
  }
  return out;
}

/** The best candidate by objective, then by more unrestricted inputs; the first one wins ties. */
function best(data: Data, kind: PrimObjective, nOld: number, meanOld: number, cands: Candidate[]) {
  let top: { c: Candidate; obj: number } | undefined;
  let topFree = -1;
  for (const c of cands) {
    if (c.points.length === 0) continue;
    const obj = objective(kind, nOld, meanOld, c.points.length, c.coi / c.points.length);
    const free = data.d - restrictedCount(data, c.box);
    if (!top || obj > top.obj || (obj === top.obj && free > topFree)) {
      top = { c, obj };
      topFree = free;
    }
  }
  return top;
}

function binomialUpperTail(n: number, p: number, k: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (!(p > 0)) return 0;
  if (p >= 1) return 1;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  const lnf = logGamma(n + 1);
  let sum = 0;
  for (let i = k; i <= n; i++) sum += Math.exp(lnf - logGamma(i + 1) - logGamma(n - i + 1) + i * lp + (n - i) * lq);
  return Math.min(1, sum);
}

function quasiP(data: Data, box: Box, pool: Uint32Array, nBox: number, coiBox: number): PrimQuasiP[] {
  const test = (relaxed: Box) => {
    let t = 0;
    let h = 0;
    for (const i of pool) {
      if (inBox(data, relaxed, i)) {
        t++;
        h += data.y[i];
      }
    }
    return binomialUpperTail(nBox, t ? h / t : 0, coiBox);
  };
  const out: PrimQuasiP[] = [];
  for (let j = 0; j < data.d; j++) {
    if (!isRestricted(data, box, j)) continue;
    const a = box.allowed[j];
    if (a) {
      const relaxed = copyBox(box);
      relaxed.allowed[j] = (data.init.allowed[j] as Uint8Array).slice();
      out.push({ name: data.names[j], categories: test(relaxed) });
      continue;
    }
    const q: { name: string; lower?: number; upper?: number } = { name: data.names[j] };
    if (box.lo[j] > data.init.lo[j]) {
      const relaxed = copyBox(box);
      relaxed.lo[j] = data.init.lo[j];
      q.lower = test(relaxed);
    }
    if (box.hi[j] < data.init.hi[j]) {
      const relaxed = copyBox(box);
      relaxed.hi[j] = data.init.hi[j];
      q.upper = test(relaxed);
    }
    out.push(q);
  }
  return out;
}

function findOne(data: Data, pool: Uint32Array, options: PrimOptions): PrimBox {
  const peelAlpha = options.peelAlpha ?? 0.05;
  const pasteAlpha = options.pasteAlpha ?? 0.05;
  const massMin = options.massMin ?? 0.05;
  const threshold = options.threshold ?? 0.8;
  const kind = options.objective ?? 'lenient1';

  let box: Box = copyBox(data.init);
  let points: Uint32Array = pool.slice();
  let coi = countCoi(data, points);
  const trajectory: PrimStep[] = [stepOf(data, 'start', box, points.length, coi)];

  if (coi > 0) {
    for (;;) {
      const top = best(data, kind, points.length, coi / points.length, peels(data, box, points, peelAlpha));
      if (!top) break;
      const massNew = top.c.points.length / data.n;
      if (!(massNew >= massMin && top.c.points.length < points.length && top.obj > 0)) break;
      ({ box, points, coi } = top.c);
      trajectory.push(stepOf(data, 'peel', box, points.length, coi));
    }
    for (;;) {
      const meanOld = coi / points.length;
      const top = best(data, kind, points.length, meanOld, pastes(data, box, pool, pasteAlpha));
      if (!top) break;
      const c = top.c;
      const massNew = c.points.length / data.n;
      if (!(massNew >= massMin && c.points.length > points.length && top.obj > 0 && c.coi / c.points.length > meanOld))
        break;
      ({ box, points, coi } = c);
      trajectory.push(stepOf(data, 'paste', box, points.length, coi));
    }
  }
  const chosen = trajectory.length - 1;
  const last = trajectory[chosen];
  return {
    trajectory,
    chosen,
    coverage: last.coverage,
    density: last.density,
    mass: last.mass,
    restrictedDims: last.restrictedDims,
    limits: last.limits,
    restricted: data.names.filter((_, j) => isRestricted(data, box, j)),
    quasiP: quasiP(data, box, pool, points.length, coi),
    points,
    meetsThreshold: points.length > 0 && last.density >= threshold,
  };
}

/**
 * One PRIM box over all the data: `columns` are the inputs (one value per point), `y[i]` says whether point i
 * is a case of interest.
 */
export function findBox(
  columns: readonly PrimColumn[],
  y: ArrayLike<boolean | number>,
  options: PrimOptions = {},
): PrimBox {
  const data = prepare(columns, y, options);
  return findOne(
    data,
    Uint32Array.from({ length: data.n }, (_, i) => i),
    options,
  );
}

/**
 * Several PRIM boxes by covering: after each box its points are set aside and PRIM runs on the rest. Stops
 * after `maxBoxes` boxes, when no case of interest is left, or after the first box that misses the density
 * threshold (that box is returned too, with meetsThreshold false, so the caller can show how close it came).
 */
export function findBoxes(
  columns: readonly PrimColumn[],
  y: ArrayLike<boolean | number>,
  options: PrimBoxesOptions = {},
): PrimBox[] {
  const data = prepare(columns, y, options);
  const maxBoxes = options.maxBoxes ?? 10;
  const boxes: PrimBox[] = [];
  let pool = Uint32Array.from({ length: data.n }, (_, i) => i);
  while (boxes.length < maxBoxes && pool.length > 0 && countCoi(data, pool) > 0) {
    const box = findOne(data, pool, options);
    boxes.push(box);
    if (!box.meetsThreshold) break;
    const taken = new Set(box.points);
    pool = pool.filter((i) => !taken.has(i));
  }
  return boxes;
}
