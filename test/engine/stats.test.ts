import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ColumnQuantiles,
  EXACT_QUANTILE_LIMIT,
  Moments,
  meanCi95,
  normalQuantile,
  quantileSorted,
  studentTCdf,
  tQuantile,
} from '../../src/engine/stats.js';

describe('Moments', () => {
  it('matches the two-pass mean and sample variance (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 200 }), (xs) => {
        const m = new Moments();
        for (const x of xs) m.push(x);
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
        expect(m.mean).toBeCloseTo(mean, 6);
        expect(Math.abs(m.variance - v)).toBeLessThanOrEqual(1e-6 * Math.max(1, v));
        expect(m.min).toBe(Math.min(...xs));
        expect(m.max).toBe(Math.max(...xs));
      }),
      { seed: 1, numRuns: 200 },
    );
  });

  it('leaves NaN out and counts it', () => {
    const m = new Moments();
    for (const x of [1, Number.NaN, 3]) m.push(x);
    expect(m.n).toBe(2);
    expect(m.nanCount).toBe(1);
    expect(m.mean).toBe(2);
  });
});

describe('quantile functions', () => {
  it('normalQuantile and tQuantile agree with published table values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.644854, 6);
    // Student's t critical values (two-sided 95%) from standard tables.
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 4);
    expect(tQuantile(0.975, 5)).toBeCloseTo(2.5706, 4);
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
    expect(tQuantile(0.025, 10)).toBeCloseTo(-2.2281, 4);
  });

  it('tQuantile inverts studentTCdf (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 500 }), (p, df) => {
        expect(studentTCdf(tQuantile(p, df), df)).toBeCloseTo(p, 8);
      }),
      { seed: 2, numRuns: 200 },
    );
  });

  it('meanCi95 covers the true mean about 95% of the time', () => {
    // Deterministic pseudo-normal data from a fixed linear congruential sequence, 2,000 samples of n = 10.
    let s = 12345;
    const u = () => {
      s = (1103515245 * s + 12345) % 2147483648;
      return (s + 0.5) / 2147483648;
    };
    let covered = 0;
    for (let k = 0; k < 2000; k++) {
      const m = new Moments();
      for (let i = 0; i < 10; i++) m.push(normalQuantile(u()));
      const [lo, hi] = meanCi95(m.mean, m.sd, m.n);
      if (lo <= 0 && 0 <= hi) covered++;
    }
    expect(covered / 2000).toBeGreaterThan(0.93);
    expect(covered / 2000).toBeLessThan(0.97);
  });

  it('quantileSorted is R type 7', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.05)).toBeCloseTo(1.2, 12);
    expect(quantileSorted([7], 0.95)).toBe(7);
  });
});

describe('ColumnQuantiles', () => {
  it('is exact up to the limit and close beyond it, with bounded memory', () => {
    const n = EXACT_QUANTILE_LIMIT * 3;
    const values = Array.from({ length: n }, (_, i) => ((i * 7919) % n) / 10); // a permutation of 0..n-1 over 10
    const sorted = [...values].sort((a, b) => a - b);
    const q = new ColumnQuantiles(1, n);
    expect(q.needsSecondPass).toBe(true);
    for (const v of values) q.push([v]);
    for (const v of values) q.pushSecond([v]);
    for (const p of [0.05, 0.5, 0.95]) {
      expect(Math.abs(q.quantile(0, p) - quantileSorted(sorted, p))).toBeLessThanOrEqual((n / 10 / 4096) * 1.01);
    }
    const small = new ColumnQuantiles(2, 5);
    for (const r of [[5, 1], [1, 2], [4, 3], [2, 4], [3, 5]]) small.push(r);
    expect(small.needsSecondPass).toBe(false);
    expect(small.quantiles(0, [0, 0.5, 1])).toEqual([1, 3, 5]);
  });

  it('gives exact quantiles of integer-valued columns beyond the limit', () => {
    const n = 5000;
    const values = Array.from({ length: n }, (_, i) => (i * 37) % 101);
    const sorted = [...values].sort((a, b) => a - b);
    const q = new ColumnQuantiles(1, n);
    for (const v of values) q.push([v]);
    for (const v of values) q.pushSecond([v]);
    expect(q.quantile(0, 0.5)).toBe(quantileSorted(sorted, 0.5));
    expect(q.quantile(0, 0.95)).toBe(quantileSorted(sorted, 0.95));
  });
});
