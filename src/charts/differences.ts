// Differences between two run folders, for charts and reports given several scenarios without a `pkosim compare`
// folder. Run r of two batches with the same master seed shares its random numbers (common random numbers), so
// the difference is paired run by run as `pkosim compare` pairs it (test/charts/differences.test.ts checks that
// the numbers agree with src/commands/compare.ts); batches with different seeds or run counts get Welch's
// unpaired interval instead, and say so.
import { Moments, meanCi95, tQuantile } from '../engine/stats.js';
import { numberColumn } from './csv.js';
import type { CompareRow, ResultsFolder } from './results.js';

export interface Difference extends CompareRow {
  /** True when runs were paired on common random numbers, false for Welch's unpaired interval. */
  readonly paired: boolean;
}

/** Whether run r of `a` and run r of `b` share their random numbers. */
export function canPair(a: ResultsFolder, b: ResultsFolder): boolean {
  if (!a.runs || !b.runs || a.model !== b.model) return false;
  if (String(a.manifest.seed ?? a.summary?.seed) !== String(b.manifest.seed ?? b.summary?.seed)) return false;
  const ra = numberColumn(a.runs, 'run');
  const rb = numberColumn(b.runs, 'run');
  return ra.length === rb.length && ra.every((r, i) => r === rb[i]);
}

/** Welch's 95% interval of mean(b) - mean(a) for independent samples (NaN values left out). */
export function welchInterval(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { meanA: number; meanB: number; lo: number; hi: number; n: number } {
  const ma = new Moments();
  const mb = new Moments();
  for (let i = 0; i < a.length; i++) ma.push(a[i]);
  for (let i = 0; i < b.length; i++) mb.push(b[i]);
  const va = ma.variance / ma.n;
  const vb = mb.variance / mb.n;
  const se = Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / ((va * va) / (ma.n - 1) + (vb * vb) / (mb.n - 1));
  const half = se === 0 ? 0 : tQuantile(0.975, df) * se;
  const d = mb.mean - ma.mean;
  return { meanA: ma.mean, meanB: mb.mean, lo: d - half, hi: d + half, n: Math.min(ma.n, mb.n) };
}

/**
 * 95% CI of the mean of b[i] - a[i] over the pairs where both have a value (Student t); a zero-width interval
 * when every difference is the same.
 */
export function pairedInterval(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { meanA: number; meanB: number; lo: number; hi: number; n: number; a: Float64Array; b: Float64Array } {
  const keptA: number[] = [];
  const keptB: number[] = [];
  const md = new Moments();
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) continue;
    keptA.push(a[i]);
    keptB.push(b[i]);
    md.push(b[i] - a[i]);
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = md.sd;
  const [lo, hi] = md.n > 1 ? (sd === 0 ? [md.mean, md.mean] : meanCi95(md.mean, sd, md.n)) : [Number.NaN, Number.NaN];
  return {
    meanA: mean(keptA),
    meanB: mean(keptB),
    lo,
    hi,
    n: md.n,
    a: Float64Array.from(keptA),
    b: Float64Array.from(keptB),
  };
}

/** B - A for every outcome both folders have, in A's outcome order. */
export function differences(a: ResultsFolder, b: ResultsFolder): Difference[] {
  if (!a.runs || !b.runs) return [];
  const paired = canPair(a, b);
  const out: Difference[] = [];
  for (const o of a.outcomes) {
    if (!a.runs.header.includes(o.name) || !b.runs.header.includes(o.name)) continue;
    const va = numberColumn(a.runs, o.name);
    const vb = numberColumn(b.runs, o.name);
    let meanA: number;
    let meanB: number;
    let lo: number;
    let hi: number;
    let uLo: number;
    let uHi: number;
    let n: number;
    if (paired) {
      const c = pairedInterval(va, vb);
      ({ meanA, meanB, lo, hi, n } = c);
      const w = welchInterval(c.a, c.b);
      uLo = w.lo;
      uHi = w.hi;
    } else {
      const w = welchInterval(va, vb);
      ({ meanA, meanB, lo, hi, n } = w);
      uLo = lo;
      uHi = hi;
    }
    const diff = meanB - meanA;
    out.push({
      a: a.name,
      b: b.name,
      outcome: o.name,
      unit: o.unit,
      n,
      meanA,
      meanB,
      diff,
      diffLo: lo,
      diffHi: hi,
      relChange: meanA !== 0 ? diff / Math.abs(meanA) : Number.NaN,
      excludesZero: lo > 0 || hi < 0,
      unpairedLo: uLo,
      unpairedHi: uHi,
      paired,
    });
  }
  return out;
}
