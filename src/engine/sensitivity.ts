// Global sensitivity analysis from the outputs of a design (designs.ts): Sobol' indices from a Saltelli design
// and Morris elementary effects from Morris trajectories. Pure functions of the outputs; the only randomness is
// the bootstrap's, from a seeded stream.
import type { MorrisDesign, SaltelliDesign } from './designs.js';
import { type Seed, Stream } from './rng.js';
import { quantileSorted } from './stats.js';

export interface SobolIndex {
  /** First-order index: the share of output variance due to this input alone. */
  readonly S1: number;
  readonly S1Lo: number;
  readonly S1Hi: number;
  /** Total index: the share due to this input, alone and in interaction with others. */
  readonly ST: number;
  readonly STLo: number;
  readonly STHi: number;
}

export interface SobolOptions {
  /** Bootstrap resamples for the confidence intervals (default 1000; 0 gives NaN intervals). */
  resamples?: number;
  /** Confidence level of the intervals (default 0.95). */
  confidence?: number;
  /** Seed of the bootstrap's stream (default 0). */
  seed?: Seed;
}

/**
 * Sums for the estimators over the rows `idx` (a bootstrap resample, or every row): first order by
 * Saltelli et al. (2010, table 2 (b)), V_i = mean(f(B) (f(AB_i) - f(A))); total by Jansen (1999),
 * VT_i = mean((f(A) - f(AB_i))^2) / 2; both divided by the variance of f over A and B together (as SALib does).
 */
function estimate(
  y: ArrayLike<number>,
  n: number,
  d: number,
  centre: number,
  idx: Int32Array | null,
  s1: Float64Array,
  st: Float64Array,
): void {
  let sum = 0;
  let sum2 = 0;
  s1.fill(0);
  st.fill(0);
  for (let r = 0; r < n; r++) {
    const k = idx ? idx[r] : r;
    const fa = y[k] - centre;
    const fb = y[n + k] - centre;
    sum += fa + fb;
    sum2 += fa * fa + fb * fb;
    for (let i = 0; i < d; i++) {
      const fab = y[(2 + i) * n + k] - centre;
      s1[i] += fb * (fab - fa);
      st[i] += (fa - fab) * (fa - fab);
    }
  }
  const mean = sum / (2 * n);
  const variance = sum2 / (2 * n) - mean * mean;
  for (let i = 0; i < d; i++) {
    s1[i] = s1[i] / n / variance;
    st[i] = st[i] / (2 * n) / variance;
  }
}

/**
 * First-order and total Sobol' indices, one per design dimension, from the outputs of a Saltelli design (y[k]
 * is the output at row k of `design.matrix`, e.g. the mean over replications of a design point), with
 * percentile bootstrap confidence intervals: the N base rows are resampled with replacement (the same rows for
 * A, B and every AB_i) and the indices recomputed. The bootstrap treats the quasi-random base samples as if
 * they were independent, so with a Sobol' base the intervals are conservative. Any non-finite output makes
 * every index NaN (the caller reports which runs failed).
 */
export function analyzeSobol(
  design: Pick<SaltelliDesign, 'baseSamples' | 'dims'>,
  y: ArrayLike<number>,
  options: SobolOptions = {},
): SobolIndex[] {
  const n = design.baseSamples;
  const d = design.dims;
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (y.length !== n * (d + 2)) {
    throw new RangeError(
      `analyzeSobol: expected ${n * (d + 2)} outputs (N (D + 2) with N = ${n}, D = ${d}), got ${y.length}`,
    );
  }
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`analyzeSobol: confidence must be in (0, 1), got ${confidence}`);
  if (!Number.isInteger(resamples) || resamples < 0) {
    throw new RangeError(`analyzeSobol: resamples must be a non-negative integer, got ${resamples}`);
  }
  let total = 0;
  let finite = true;
  for (let k = 0; k < y.length; k++) {
    if (!Number.isFinite(y[k])) finite = false;
    total += y[k];
  }
  if (!finite) {
    return Array.from({ length: d }, () => ({ S1: NaN, S1Lo: NaN, S1Hi: NaN, ST: NaN, STLo: NaN, STHi: NaN }));
  }
  // Centring on the overall mean keeps the products in the first-order estimator small and well conditioned.
  const centre = total / y.length;
  const s1 = new Float64Array(d);
  const st = new Float64Array(d);
  estimate(y, n, d, centre, null, s1, st);

  const bootS1 = Array.from({ length: d }, () => new Float64Array(resamples));
  const bootST = Array.from({ length: d }, () => new Float64Array(resamples));
  const stream = new Stream('sobol-bootstrap', `${options.seed ?? 0}/sobol-bootstrap`);
  const idx = new Int32Array(n);
  const b1 = new Float64Array(d);
  const bt = new Float64Array(d);
  for (let b = 0; b < resamples; b++) {
    for (let r = 0; r < n; r++) idx[r] = stream.int(n);
    estimate(y, n, d, centre, idx, b1, bt);
    for (let i = 0; i < d; i++) {
      bootS1[i][b] = b1[i];
      bootST[i][b] = bt[i];
    }
  }
  const tail = (1 - confidence) / 2;
  const interval = (values: Float64Array): [number, number] => {
    if (values.length === 0 || values.some((v) => Number.isNaN(v))) return [NaN, NaN];
    const sorted = values.slice().sort();
    return [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
  };
  return Array.from({ length: d }, (_, i) => {
    const [S1Lo, S1Hi] = interval(bootS1[i]);
    const [STLo, STHi] = interval(bootST[i]);
    return { S1: s1[i], S1Lo, S1Hi, ST: st[i], STLo, STHi };
  });
}

export interface MorrisIndex {
  /** Mean of the absolute elementary effects (Campolongo et al. 2007): the overall influence. */
  readonly muStar: number;
  /** Mean of the elementary effects (Morris 1991); effects of opposite sign cancel. */
  readonly mu: number;
  /** Standard deviation of the elementary effects (n - 1): non-linearity or interactions. */
  readonly sigma: number;
}

/**
 * Morris elementary effects per design dimension from the outputs of a Morris design (y[k] is the output at row
 * k of `design.matrix`). The effect of a step is (y after - y before) / (sign * delta), in output units per unit
 * of the unit cube, so inputs with different natural ranges are compared over their swept ranges (as SALib).
 * Non-finite outputs make the indices of the dimensions they touch NaN.
 */
export function analyzeMorris(
  design: Pick<MorrisDesign, 'trajectories' | 'dims' | 'delta' | 'changedDim' | 'stepSign'>,
  y: ArrayLike<number>,
): MorrisIndex[] {
  const r = design.trajectories;
  const d = design.dims;
  if (y.length !== r * (d + 1)) {
    throw new RangeError(
      `analyzeMorris: expected ${r * (d + 1)} outputs (r (D + 1) with r = ${r}, D = ${d}), got ${y.length}`,
    );
  }
  const effects = Array.from({ length: d }, () => new Float64Array(r));
  for (let t = 0; t < r; t++) {
    for (let k = 0; k < d; k++) {
      const row = t * (d + 1) + k;
      const j = design.changedDim[t * d + k];
      effects[j][t] = (y[row + 1] - y[row]) / (design.stepSign[t * d + k] * design.delta);
    }
  }
  return effects.map((ee) => {
    let sum = 0;
    let sumAbs = 0;
    for (const e of ee) {
      sum += e;
      sumAbs += Math.abs(e);
    }
    const mu = sum / r;
    let ss = 0;
    for (const e of ee) ss += (e - mu) * (e - mu);
    return { muStar: sumAbs / r, mu, sigma: r > 1 ? Math.sqrt(ss / (r - 1)) : NaN };
  });
}
