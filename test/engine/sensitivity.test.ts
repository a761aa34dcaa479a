import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleMorris, sampleSaltelli, unitRow } from '../../src/engine/designs.js';
import { analyzeMorris, analyzeSobol } from '../../src/engine/sensitivity.js';

// Ishigami & Homma (1990) with a = 7, b = 0.1 on [-pi, pi]^3; analytic variances from Saltelli et al. (2008),
// "Global Sensitivity Analysis: The Primer", §4.8 / Sobol' & Levitan (1999).
const a = 7;
const b = 0.1;
const pi = Math.PI;
const V = (a * a) / 8 + (b * pi ** 4) / 5 + (b * b * pi ** 8) / 18 + 0.5;
const V1 = 0.5 * (1 + (b * pi ** 4) / 5) ** 2;
const V2 = (a * a) / 8;
const V13 = b * b * pi ** 8 * (1 / 18 - 1 / 50);
const S1_TRUE = [V1 / V, V2 / V, 0];
const ST_TRUE = [(V1 + V13) / V, V2 / V, V13 / V];

function ishigami(u: ArrayLike<number>): number {
  const x = Array.from(u, (v) => -pi + 2 * pi * v);
  return Math.sin(x[0]) + a * Math.sin(x[1]) ** 2 + b * x[2] ** 4 * Math.sin(x[0]);
}

function evaluate(matrix: { points: number; dims: number; values: Float64Array }, f: (u: ArrayLike<number>) => number) {
  return Float64Array.from({ length: matrix.points }, (_, k) => f(unitRow(matrix, k)));
}

describe('analyzeSobol', () => {
  it('the analytic Ishigami indices are the published ones', () => {
    expect(S1_TRUE.map((v) => Number(v.toFixed(3)))).toEqual([0.314, 0.442, 0]);
    expect(ST_TRUE.map((v) => Number(v.toFixed(3)))).toEqual([0.558, 0.442, 0.244]);
  });

  it('recovers the Ishigami indices within their bootstrap 95% intervals, and the intervals are narrow', () => {
    for (const seed of [1, 2, 3]) {
      const design = sampleSaltelli(4096, 3, seed);
      const res = analyzeSobol(design, evaluate(design.matrix, ishigami), { seed, resamples: 1000 });
      res.forEach((r, i) => {
        expect(r.S1Lo).toBeLessThanOrEqual(S1_TRUE[i]);
        expect(r.S1Hi).toBeGreaterThanOrEqual(S1_TRUE[i]);
        expect(r.STLo).toBeLessThanOrEqual(ST_TRUE[i]);
        expect(r.STHi).toBeGreaterThanOrEqual(ST_TRUE[i]);
        expect(r.S1Lo).toBeLessThanOrEqual(r.S1);
        expect(r.S1).toBeLessThanOrEqual(r.S1Hi);
        expect(r.STLo).toBeLessThanOrEqual(r.ST);
        expect(r.ST).toBeLessThanOrEqual(r.STHi);
        expect(Math.abs(r.S1 - S1_TRUE[i])).toBeLessThan(0.03);
        expect(Math.abs(r.ST - ST_TRUE[i])).toBeLessThan(0.03);
        expect(r.S1Hi - r.S1Lo).toBeLessThan(0.12);
        expect(r.STHi - r.STLo).toBeLessThan(0.12);
      });
    }
  });

  it('gives S1 = ST = c_i^2 / sum c^2 for an additive linear function, whatever its offset and scale', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 5 })
          .filter((c) => c.some((v) => Math.abs(v) > 0.1)),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (c, offset, seed) => {
          const design = sampleSaltelli(1024, c.length, seed);
          const y = evaluate(design.matrix, (u) => offset + c.reduce((s, ci, i) => s + ci * u[i], 0));
          const res = analyzeSobol(design, y, { resamples: 50, seed });
          const total = c.reduce((s, ci) => s + ci * ci, 0);
          res.forEach((r, i) => {
            expect(Math.abs(r.S1 - (c[i] * c[i]) / total)).toBeLessThan(0.02);
            expect(Math.abs(r.ST - (c[i] * c[i]) / total)).toBeLessThan(0.02);
          });
        },
      ),
      { seed: 21, numRuns: 20 },
    );
  });

  it('is reproducible for a seed, and NaN when an output is not finite', () => {
    const design = sampleSaltelli(64, 3, 1);
    const y = evaluate(design.matrix, ishigami);
    expect(analyzeSobol(design, y, { seed: 4, resamples: 100 })).toEqual(
      analyzeSobol(design, y, { seed: 4, resamples: 100 }),
    );
    expect(analyzeSobol(design, y, { seed: 4, resamples: 100 })).not.toEqual(
      analyzeSobol(design, y, { seed: 5, resamples: 100 }),
    );
    y[7] = Number.NaN;
    expect(analyzeSobol(design, y).every((r) => Object.values(r).every(Number.isNaN))).toBe(true);
    expect(() => analyzeSobol(design, y.subarray(1))).toThrow(/expected 320 outputs/);
  });
});

describe('analyzeMorris', () => {
  it('gives the exact coefficients of a linear function: mu = c, mu* = |c|, sigma = 0', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 2, max: 15 }),
        fc.constantFrom(2, 4, 6),
        fc.integer({ min: 0, max: 1000 }),
        (c, r, p, seed) => {
          const design = sampleMorris(r, c.length, seed, { levels: p });
          const y = evaluate(design.matrix, (u) => c.reduce((s, ci, i) => s + ci * u[i], 10));
          analyzeMorris(design, y).forEach((m, i) => {
            expect(m.mu).toBeCloseTo(c[i], 9);
            expect(m.muStar).toBeCloseTo(Math.abs(c[i]), 9);
            expect(m.sigma).toBeCloseTo(0, 9);
          });
        },
      ),
      { seed: 17, numRuns: 50 },
    );
  });

  it("ranks the inputs of Sobol's g-function (a = 0, 1, 4.5, 9, 99, 99) by importance", () => {
    const A = [0, 1, 4.5, 9, 99, 99];
    const g = (x: ArrayLike<number>) => A.reduce((p, ai, i) => (p * (Math.abs(4 * x[i] - 2) + ai)) / (1 + ai), 1);
    for (const seed of [1, 2, 3, 4, 5]) {
      const design = sampleMorris(20, 6, seed, { levels: 4, candidates: 60 });
      const m = analyzeMorris(design, evaluate(design.matrix, g)).map((x) => x.muStar);
      expect(m[0]).toBeGreaterThan(m[1]);
      expect(m[1]).toBeGreaterThan(m[2]);
      expect(m[2]).toBeGreaterThan(m[3]);
      expect(m[3]).toBeGreaterThan(Math.max(m[4], m[5]));
    }
  });

  it('sigma reveals an interaction that mu hides', () => {
    // y = (x1 - 0.5) (x2 - 0.5): each effect's sign depends on the other input, so mu ~ 0 but mu* and sigma > 0.
    const design = sampleMorris(200, 3, 9);
    const res = analyzeMorris(
      design,
      evaluate(design.matrix, (u) => (u[0] - 0.5) * (u[1] - 0.5)),
    );
    for (const i of [0, 1]) {
      expect(Math.abs(res[i].mu)).toBeLessThan(0.5 * res[i].muStar);
      expect(res[i].sigma).toBeGreaterThan(0.2);
    }
    expect(res[2]).toEqual({ muStar: 0, mu: 0, sigma: 0 });
  });
});
