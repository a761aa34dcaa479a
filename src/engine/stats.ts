// Statistics over runs: streaming moments, quantiles, confidence intervals.
//
// Everything here is fed in run order by the batch's finaliser, so results are the same bytes whatever the
// number of workers. Quantiles are exact up to EXACT_QUANTILE_LIMIT values per column; above that they come
// from a second pass over a fixed 4,096-bin histogram between the column's observed min and max (error at most
// (max - min) / 4096, and none for integer-valued columns whose range is below 4,096), so memory does not grow
// with the number of runs.

/** Welford's streaming mean and variance; NaN values are counted apart and left out. */
export class Moments {
  n = 0;
  nanCount = 0;
  mean = 0;
  private m2 = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  push(x: number): void {
    if (Number.isNaN(x)) {
      this.nanCount++;
      return;
    }
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** Sample variance (n - 1 denominator); NaN below two values. */
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : Number.NaN;
  }

  get sd(): number {
    return Math.sqrt(this.variance);
  }
}

/** Inverse of the standard normal CDF (Acklam's rational approximation; relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const plow = 0.02425;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p <= 1 - plow) {
    const q = p - 0.5;
    const r = q * q;
    return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const q = Math.sqrt(-2 * Math.log(1 - p));
  return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
}

/** log Gamma by Lanczos' approximation (g = 7, 9 terms; about 15 significant digits). */
export function logGamma(x: number): number {
  const g = [0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const xx = x - 1;
  let s = g[0];
  for (let i = 1; i < 9; i++) s += g[i] / (xx + i);
  const t = xx + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Regularised incomplete beta I_x(a, b) by Lentz's continued fraction (Numerical Recipes §6.4). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const tiny = 1e-300;
  let f = 1;
  let c = 1;
  let d = 0;
  for (let i = 0; i <= 400; i++) {
    const m = i >> 1;
    let num: number;
    if (i === 0) num = 1;
    else if (i % 2 === 0) num = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    else num = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    d = 1 / d;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    const cd = c * d;
    f *= cd;
    if (Math.abs(1 - cd) < 1e-15) break;
  }
  return (front * (f - 1)) / a;
}

/** CDF of Student's t with df degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Quantile p of Student's t with df degrees of freedom, by bisection on the CDF (to 1e-12). */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (df > 1e6) return normalQuantile(p);
  if (p === 0.5) return 0;
  let lo = -1;
  let hi = 1;
  while (studentTCdf(lo, df) > p) lo *= 2;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** 95% confidence interval of a mean from n values with standard deviation sd (Student's t). */
export function meanCi95(mean: number, sd: number, n: number): [number, number] {
  if (n < 2 || !Number.isFinite(sd)) return [Number.NaN, Number.NaN];
  const half = tQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return [mean - half, mean + half];
}

/** Quantile of sorted values by linear interpolation between order statistics (R's type 7, numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export const EXACT_QUANTILE_LIMIT = 1000;
const HISTOGRAM_BINS = 4096;

/**
 * Quantiles of many columns (e.g. every step of every series) over values fed row by row. Up to
 * EXACT_QUANTILE_LIMIT rows, values are kept and quantiles are exact; beyond, the caller makes a second pass
 * (`needsSecondPass`) and the quantiles come from fixed histograms, so memory stays bounded.
 */
export class ColumnQuantiles {
  readonly moments: Moments[];
  private exact: Float64Array | null;
  private rows = 0;
  private hist: Uint32Array | null = null;

  constructor(
    readonly columns: number,
    readonly expectedRows: number,
  ) {
    this.moments = Array.from({ length: columns }, () => new Moments());
    this.exact = expectedRows <= EXACT_QUANTILE_LIMIT ? new Float64Array(columns * Math.max(1, expectedRows)) : null;
  }

  get needsSecondPass(): boolean {
    return this.exact === null;
  }

  /** First pass: one row of values (length `columns`). */
  push(row: ArrayLike<number>): void {
    const c = this.columns;
    for (let j = 0; j < c; j++) this.moments[j].push(row[j]);
    if (this.exact) this.exact.set(row as ArrayLike<number>, this.rows * c);
    this.rows++;
  }

  /** Second pass (only when needsSecondPass): the same rows again, in the same order. */
  pushSecond(row: ArrayLike<number>): void {
    const c = this.columns;
    if (!this.hist) this.hist = new Uint32Array(c * HISTOGRAM_BINS);
    for (let j = 0; j < c; j++) {
      const x = row[j];
      if (Number.isNaN(x)) continue;
      const m = this.moments[j];
      const width = m.max - m.min;
      const bin = width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor(((x - m.min) / width) * HISTOGRAM_BINS)) : 0;
      this.hist[j * HISTOGRAM_BINS + bin]++;
    }
  }

  /** Quantile p of column j (NaN values left out). */
  quantile(j: number, p: number): number {
    const m = this.moments[j];
    if (m.n === 0) return Number.NaN;
    if (this.exact) {
      const col = new Float64Array(this.rows);
      let k = 0;
      for (let i = 0; i < this.rows; i++) {
        const x = this.exact[i * this.columns + j];
        if (!Number.isNaN(x)) col[k++] = x;
      }
      const sorted = col.subarray(0, k).sort();
      return quantileSorted(sorted, p);
    }
    if (!this.hist) throw new Error('ColumnQuantiles.quantile: the second pass has not been made');
    return histogramQuantile(this.hist, j * HISTOGRAM_BINS, m, p);
  }

  /** Several quantiles of column j at once (sorts once). */
  quantiles(j: number, ps: readonly number[]): number[] {
    const m = this.moments[j];
    if (m.n === 0) return ps.map(() => Number.NaN);
    if (this.exact) {
      const col = new Float64Array(this.rows);
      let k = 0;
      for (let i = 0; i < this.rows; i++) {
        const x = this.exact[i * this.columns + j];
        if (!Number.isNaN(x)) col[k++] = x;
      }
      const sorted = col.subarray(0, k).sort();
      return ps.map((p) => quantileSorted(sorted, p));
    }
    return ps.map((p) => this.quantile(j, p));
  }
}

/** Type-7 quantile read off a histogram, values spread uniformly within a bin; integer columns stay exact. */
function histogramQuantile(hist: Uint32Array, offset: number, m: Moments, p: number): number {
  const n = m.n;
  const width = m.max - m.min;
  if (width === 0) return m.min;
  const binWidth = width / HISTOGRAM_BINS;
  const valueAtRank = (rank: number): number => {
    let cum = 0;
    for (let b = 0; b < HISTOGRAM_BINS; b++) {
      const c = hist[offset + b];
      if (rank < cum + c) {
        const lo = m.min + b * binWidth;
        // Integer-valued data in a bin narrower than 1 hold a single value: return it exactly.
        if (binWidth <= 1 && Number.isInteger(m.min) && Number.isInteger(m.max)) return Math.ceil(lo - 1e-9);
        return lo + ((rank - cum + 0.5) / c) * binWidth;
      }
      cum += c;
    }
    return m.max;
  };
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = valueAtRank(lo);
  const b = lo + 1 < n ? valueAtRank(lo + 1) : a;
  return Math.min(m.max, Math.max(m.min, a + (h - lo) * (b - a)));
}
