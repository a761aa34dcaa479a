// Differences between two scenarios: paired on common random numbers (run r of A with run r of B), and Welch's
// unpaired interval for independent samples. One home for both, used by `pkosim compare` and by the charts and
// reports that compare run folders.
import { Moments, meanCi95, tQuantile } from './stats.js';

/** Half-width of Welch's 95% interval of mean(b) - mean(a) from the two samples' moments. */
function welchHalfWidth(ma: Moments, mb: Moments): number {
  const va = ma.variance / ma.n;
  const vb = mb.variance / mb.n;
  const se = Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / ((va * va) / (ma.n - 1) + (vb * vb) / (mb.n - 1));
  return se === 0 ? 0 : tQuantile(0.975, df) * se;
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
  const half = welchHalfWidth(ma, mb);
  const d = mb.mean - ma.mean;
  return { meanA: ma.mean, meanB: mb.mean, lo: d - half, hi: d + half, n: Math.min(ma.n, mb.n) };
}

/**
 * Paired comparison of two samples whose entries i share random numbers, over the pairs where both have a
 * value: the means, the mean difference B - A with its Student-t 95% CI (zero width when every difference is
 * the same), the change relative to |mean A|, and Welch's unpaired interval of the same pairs for contrast.
 */
export function pairedComparison(a: ArrayLike<number>, b: ArrayLike<number>) {
  const ma = new Moments();
  const mb = new Moments();
  const md = new Moments();
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) continue;
    ma.push(a[i]);
    mb.push(b[i]);
    md.push(b[i] - a[i]);
  }
  const n = md.n;
  const sdD = md.n > 1 ? md.sd : Number.NaN;
  const [lo, hi] = n > 1 ? (sdD === 0 ? [md.mean, md.mean] : meanCi95(md.mean, sdD, n)) : [Number.NaN, Number.NaN];
  const half = welchHalfWidth(ma, mb);
  const rel = (x: number) => (ma.mean !== 0 ? x / Math.abs(ma.mean) : Number.NaN);
  return {
    n,
    // Moments start at mean 0: an outcome without a single defined pair has no mean, not a mean of 0.
    meanA: n ? ma.mean : Number.NaN,
    meanB: n ? mb.mean : Number.NaN,
    diff: n ? md.mean : Number.NaN,
    lo,
    hi,
    rel: rel(md.mean),
    relLo: rel(lo),
    relHi: rel(hi),
    excludesZero: lo > 0 || hi < 0,
    unpairedLo: md.mean - half,
    unpairedHi: md.mean + half,
    widthRatio: half > 0 ? (hi - lo) / (2 * half) : Number.NaN,
  };
}
