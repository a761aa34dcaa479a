// Differences between two run folders, for charts and reports given several scenarios without a `pkosim compare`
// folder. Run r of two batches with the same master seed shares its random numbers (common random numbers), so
// the difference is paired run by run with the same function `pkosim compare` uses (src/engine/paired.ts); batches with different seeds or run counts get Welch's
// unpaired interval instead, and say so.
import { pairedComparison, welchInterval } from '../engine/paired.js';
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
      const c = pairedComparison(va, vb);
      ({ meanA, meanB, lo, hi, n } = c);
      uLo = c.unpairedLo;
      uHi = c.unpairedHi;
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
