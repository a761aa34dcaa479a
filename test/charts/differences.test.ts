// Differences between run folders agree with `pkosim compare`'s numbers, paired when the seeds match.
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { differences } from '../../src/charts/differences.js';
import { loadResults } from '../../src/charts/results.js';
import { pairedComparison, welchInterval } from '../../src/engine/paired.js';
import { removeTempDirs, tempDir, writeRunFolder } from './fixtures.js';

afterAll(removeTempDirs);

const value = fc.oneof(
  { weight: 9, arbitrary: fc.double({ min: -1e4, max: 1e4, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
);

describe('welchInterval', () => {
  it('matches the unpaired interval pairedComparison reports for the same pairs (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { minLength: 3, maxLength: 80 }), (pairs) => {
        const kept = pairs.filter(([x, y]) => !Number.isNaN(x) && !Number.isNaN(y));
        if (kept.length < 2) return;
        const ref = pairedComparison(
          Float64Array.from(pairs.map((p) => p[0])),
          Float64Array.from(pairs.map((p) => p[1])),
        );
        const w = welchInterval(Float64Array.from(kept.map((p) => p[0])), Float64Array.from(kept.map((p) => p[1])));
        const close = (x: number, y: number) =>
          expect(Number.isNaN(x) ? Number.isNaN(y) : Math.abs(x - y) <= 1e-7 * Math.max(1, Math.abs(y))).toBe(true);
        close(w.meanA, ref.meanA);
        close(w.meanB, ref.meanB);
        close(w.hi - w.lo, ref.unpairedHi - ref.unpairedLo);
        close(w.meanB - w.meanA, ref.diff);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('differences between run folders', () => {
  it('are paired when the master seeds and runs match, unpaired otherwise', () => {
    const root = tempDir();
    const a = loadResults(writeRunFolder(join(root, 'a'), { scenario: 'baseline', runs: 20 }));
    const b = loadResults(writeRunFolder(join(root, 'b'), { scenario: 'b', runs: 20, params: { pressure: 0.9 } }));
    const c = loadResults(
      writeRunFolder(join(root, 'c'), { scenario: 'c', runs: 20, seed: 5, params: { pressure: 0.9 } }),
    );
    const ab = differences(a, b);
    expect(ab.map((r) => r.outcome)).toEqual(['civilianDeaths', 'vetoes', 'exitMonth']);
    expect(ab.every((r) => r.paired)).toBe(true);
    const deaths = ab[0];
    expect(deaths.diff).toBeCloseTo(deaths.meanB - deaths.meanA, 9);
    expect(deaths.diffLo).toBeLessThanOrEqual(deaths.diff);
    expect(deaths.diffHi).toBeGreaterThanOrEqual(deaths.diff);
    // Pressure raises violence in the toy model: a clear increase.
    expect(deaths.excludesZero && deaths.diff > 0).toBe(true);
    const ac = differences(a, c);
    expect(ac.every((r) => !r.paired)).toBe(true);
    expect(ac[0].diffLo).toBe(ac[0].unpairedLo);
  });
});
