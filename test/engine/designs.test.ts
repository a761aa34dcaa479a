import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  SOBOL_MAX_DIMS,
  type VarySpec,
  gridLevels,
  mapToParams,
  mapUnitValue,
  parseVaryArgs,
  saltelliRow,
  sampleGrid,
  sampleLatinHypercube,
  sampleMorris,
  sampleSaltelli,
  sampleSobol,
  unitRow,
  varySpec,
} from '../../src/engine/designs.js';
import { InputError } from '../../src/engine/errors.js';
import { describeParams } from '../../src/engine/params.js';

const seedArb = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.string({ maxLength: 8 }));

function column(m: { points: number; dims: number; values: Float64Array }, j: number): number[] {
  return Array.from({ length: m.points }, (_, i) => m.values[i * m.dims + j]);
}

describe('sampleGrid', () => {
  it('has the product of the levels as size, every combination once, both ends included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), (levels) => {
        const g = sampleGrid(levels);
        expect(g.points).toBe(levels.reduce((a, b) => a * b, 1));
        expect(g.dims).toBe(levels.length);
        const seen = new Set<string>();
        for (let i = 0; i < g.points; i++) {
          const row = Array.from(unitRow(g, i));
          row.forEach((u, j) => {
            const l = levels[j];
            if (l === 1) expect(u).toBe(0.5);
            else expect(Number.isInteger(Math.round(u * (l - 1) * 1e9) / 1e9)).toBe(true);
          });
          seen.add(row.join(','));
        }
        expect(seen.size).toBe(g.points);
        levels.forEach((l, j) => {
          if (l > 1) {
            expect(Math.min(...column(g, j))).toBe(0);
            expect(Math.max(...column(g, j))).toBe(1);
          }
        });
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('varies the last dimension fastest', () => {
    const g = sampleGrid([2, 3]);
    expect(Array.from(g.values)).toEqual([0, 0, 0, 0.5, 0, 1, 1, 0, 1, 0.5, 1, 1]);
  });
});

describe('sampleLatinHypercube', () => {
  it('puts exactly one point in every stratum of every dimension', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 6 }), seedArb, (n, d, seed) => {
        const m = sampleLatinHypercube(n, d, seed);
        expect(m.points).toBe(n);
        for (let j = 0; j < d; j++) {
          const strata = column(m, j).map((u) => {
            expect(u).toBeGreaterThanOrEqual(0);
            expect(u).toBeLessThan(1);
            return Math.floor(u * n);
          });
          expect(strata.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, k) => k));
        }
      }),
      { seed: 7, numRuns: 80 },
    );
  });

  it('is a function of its seed', () => {
    expect(sampleLatinHypercube(50, 3, 'a').values).toEqual(sampleLatinHypercube(50, 3, 'a').values);
    expect(sampleLatinHypercube(50, 3, 'a').values).not.toEqual(sampleLatinHypercube(50, 3, 'b').values);
  });
});

describe('sampleSobol', () => {
  it('without a seed gives the Joe-Kuo Sobol sequence (rows checked against scipy.stats.qmc.Sobol)', () => {
    // scipy 1.17: qmc.Sobol(64, scramble=False, bits=32).random(1024)[i, [0, 1, 9, 31, 63]]
    const expected: Record<number, number[]> = {
      0: [0, 0, 0, 0, 0],
      5: [0.875, 0.875, 0.125, 0.625, 0.625],
      100: [0.4140625, 0.2578125, 0.6953125, 0.4140625, 0.6484375],
      777: [0.6923828125, 0.9365234375, 0.3232421875, 0.8994140625, 0.4267578125],
      1023: [0.0009765625, 0.7529296875, 0.8505859375, 0.6142578125, 0.0400390625],
    };
    const m = sampleSobol(1024, 64);
    for (const [i, row] of Object.entries(expected)) {
      expect([0, 1, 9, 31, 63].map((j) => m.values[Number(i) * 64 + j])).toEqual(row);
    }
  });

  it('scrambled or not, the first 2^m points stratify every dimension and form a (0, m, 2)-net in the first two', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 2, max: SOBOL_MAX_DIMS }),
        fc.option(seedArb, { nil: undefined }),
        (mExp, d, seed) => {
          const n = 2 ** mExp;
          const s = sampleSobol(n, d, seed);
          for (let j = 0; j < d; j++) {
            const strata = column(s, j).map((u) => Math.floor(u * n));
            expect(new Set(strata).size).toBe(n);
          }
          for (let a = 0; a <= mExp; a++) {
            const cells = new Set<number>();
            for (let i = 0; i < n; i++) {
              const cx = Math.floor(s.values[i * d] * 2 ** a);
              const cy = Math.floor(s.values[i * d + 1] * 2 ** (mExp - a));
              cells.add(cx * 2 ** (mExp - a) + cy);
            }
            expect(cells.size).toBe(n);
          }
        },
      ),
      { seed: 11, numRuns: 60 },
    );
  });

  it('a seed randomises the sequence: reproducible, different per seed, different from the plain one', () => {
    const a = sampleSobol(64, 5, 1);
    expect(a.values).toEqual(sampleSobol(64, 5, 1).values);
    expect(a.values).not.toEqual(sampleSobol(64, 5, 2).values);
    expect(a.values).not.toEqual(sampleSobol(64, 5).values);
    for (const u of a.values) {
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it('refuses more dimensions than it has direction numbers for', () => {
    expect(() => sampleSobol(8, SOBOL_MAX_DIMS + 1)).toThrow(/at most 64 dimensions/);
  });
});

describe('sampleSaltelli', () => {
  it('has N (D + 2) rows: A, B, and AB_i = A with column i from B', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 64 }), fc.integer({ min: 1, max: 40 }), seedArb, (n, d, seed) => {
        const s = sampleSaltelli(n, d, seed);
        expect(s.source).toBe(2 * d <= SOBOL_MAX_DIMS ? 'sobol' : 'lhs');
        expect(s.matrix.points).toBe(n * (d + 2));
        expect(s.matrix.dims).toBe(d);
        let mismatches = 0;
        for (let k = 0; k < n; k++) {
          const a = unitRow(s.matrix, saltelliRow(s, 0, k));
          const b = unitRow(s.matrix, saltelliRow(s, 1, k));
          for (let i = 0; i < d; i++) {
            const ab = unitRow(s.matrix, saltelliRow(s, 2 + i, k));
            for (let j = 0; j < d; j++) if (ab[j] !== (j === i ? b[j] : a[j])) mismatches++;
          }
        }
        expect(mismatches).toBe(0);
        expect(s.matrix.values.every((u) => u >= 0 && u < 1)).toBe(true);
      }),
      { seed: 5, numRuns: 40 },
    );
  });
});

describe('sampleMorris', () => {
  it('moves each dimension exactly once per trajectory, by +-delta, on the p-level grid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(2, 4, 6, 8),
        fc.integer({ min: 0, max: 3 }),
        seedArb,
        (r, d, p, extra, seed) => {
          const m = sampleMorris(r, d, seed, { levels: p, candidates: r + extra * r });
          expect(m.delta).toBeCloseTo(p / (2 * (p - 1)), 15);
          expect(m.matrix.points).toBe(r * (d + 1));
          for (const u of m.matrix.values) {
            expect(u).toBeGreaterThanOrEqual(0);
            expect(u).toBeLessThanOrEqual(1);
            expect(Math.abs(u * (p - 1) - Math.round(u * (p - 1)))).toBeLessThan(1e-9);
          }
          for (let t = 0; t < r; t++) {
            const moved = new Set<number>();
            for (let k = 0; k < d; k++) {
              const x0 = unitRow(m.matrix, t * (d + 1) + k);
              const x1 = unitRow(m.matrix, t * (d + 1) + k + 1);
              const j = m.changedDim[t * d + k];
              moved.add(j);
              for (let c = 0; c < d; c++) {
                if (c === j) expect(x1[c] - x0[c]).toBeCloseTo(m.stepSign[t * d + k] * m.delta, 12);
                else expect(x1[c]).toBe(x0[c]);
              }
            }
            expect(moved.size).toBe(d);
          }
        },
      ),
      { seed: 3, numRuns: 80 },
    );
  });

  it('with candidates keeps trajectories more spread out than the plain draw (Campolongo)', () => {
    const spread = (m: ReturnType<typeof sampleMorris>) => {
      let total = 0;
      const { trajectories: r, dims: d } = m;
      for (let a = 0; a < r; a++) {
        for (let b = a + 1; b < r; b++) {
          let dist = 0;
          for (let i = 0; i <= d; i++) {
            for (let k = 0; k <= d; k++) {
              let s2 = 0;
              for (let j = 0; j < d; j++)
                s2 += (m.matrix.values[(a * (d + 1) + i) * d + j] - m.matrix.values[(b * (d + 1) + k) * d + j]) ** 2;
              dist += Math.sqrt(s2);
            }
          }
          total += dist * dist;
        }
      }
      return total;
    };
    let better = 0;
    for (let seed = 0; seed < 10; seed++) {
      if (spread(sampleMorris(10, 4, seed, { candidates: 100 })) > spread(sampleMorris(10, 4, seed))) better++;
    }
    expect(better).toBe(10);
  });

  it('refuses odd levels', () => {
    expect(() => sampleMorris(4, 2, 1, { levels: 5 })).toThrow(/even/);
  });
});

const schema = z.object({
  council: z
    .object({
      fragmentation: z.number().min(0).max(1).meta({ description: 'f', unit: '' }).default(0.5),
      vetoes: z.number().int().min(0).max(10).meta({ description: 'v', unit: '' }).default(2),
    })
    .prefault({}),
  mandate: z
    .object({
      lengthMonths: z
        .union([z.literal(6), z.literal(12), z.literal(24), z.literal(36)])
        .meta({ description: 'l', unit: 'months' })
        .default(12),
      kind: z.enum(['observe', 'protect', 'enforce']).meta({ description: 'k', unit: '' }).default('protect'),
      robust: z.boolean().meta({ description: 'r', unit: '' }).default(false),
    })
    .prefault({}),
  growth: z.number().meta({ description: 'unbounded', unit: '' }).default(0),
});
const infos = describeParams(schema);

const specArb: fc.Arbitrary<VarySpec> = fc.oneof(
  fc
    .tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-9, max: 1e6, noNaN: true }))
    .map(([lo, w]) => ({ path: 'x', kind: 'number' as const, lo, hi: lo + w }))
    .filter((s) => s.lo < s.hi),
  fc
    .tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 30 }))
    .map(([lo, w]) => ({ path: 'x', kind: 'integer' as const, lo, hi: lo + w })),
  fc
    .uniqueArray(fc.string({ maxLength: 4 }), { minLength: 1, maxLength: 6 })
    .map((options) => ({ path: 'x', kind: 'enum' as const, options })),
  fc.constantFrom<VarySpec>(
    { path: 'x', kind: 'boolean', options: [false, true] },
    { path: 'x', kind: 'boolean', options: [true] },
  ),
);

describe('mapToParams', () => {
  it('every mapped value lies in its parameter range (any design, size, seed)', () => {
    fc.assert(
      fc.property(
        fc.array(specArb, { minLength: 1, maxLength: 5 }),
        fc.constantFrom('lhs', 'sobol', 'grid', 'morris'),
        fc.integer({ min: 1, max: 40 }),
        seedArb,
        (specs0, design, n, seed) => {
          const specs = specs0.map((s, j) => ({ ...s, path: `p${j}` }));
          const d = specs.length;
          const m =
            design === 'lhs'
              ? sampleLatinHypercube(n, d, seed)
              : design === 'sobol'
                ? sampleSaltelli(Math.max(2, n), d, seed).matrix
                : design === 'grid'
                  ? sampleGrid(specs.map((s) => Math.min(gridLevels(s, 3), 4)))
                  : sampleMorris(Math.max(1, n >> 2), d, seed).matrix;
          for (let i = 0; i < m.points; i++) {
            const values = mapToParams(unitRow(m, i), specs);
            for (const s of specs) {
              const v = values[s.path];
              if (s.kind === 'number' || s.kind === 'integer') {
                expect(typeof v).toBe('number');
                expect(v as number).toBeGreaterThanOrEqual(s.lo as number);
                expect(v as number).toBeLessThanOrEqual(s.hi as number);
                if (s.kind === 'integer') expect(Number.isInteger(v)).toBe(true);
              } else {
                expect(s.options).toContain(v);
              }
            }
          }
        },
      ),
      { seed: 9, numRuns: 150 },
    );
  });

  it('gives every integer and option an equal share of the unit interval', () => {
    fc.assert(
      fc.property(specArb, fc.integer({ min: 1, max: 5 }), seedArb, (spec, reps, seed) => {
        const count =
          spec.kind === 'integer' || spec.kind === 'number'
            ? (spec.hi as number) - (spec.lo as number) + 1
            : (spec.options?.length ?? 0);
        fc.pre(spec.kind !== 'number');
        const n = count * reps;
        const lhs = sampleLatinHypercube(n, 1, seed);
        const tally = new Map<unknown, number>();
        for (const u of lhs.values) {
          const v = mapUnitValue(u, spec);
          tally.set(v, (tally.get(v) ?? 0) + 1);
        }
        expect(tally.size).toBe(count);
        for (const c of tally.values()) expect(c).toBe(reps);
      }),
      { seed: 13, numRuns: 100 },
    );
  });

  it('maps grid levels onto round numbers and onto every option', () => {
    const specs = parseVaryArgs(
      ['council.fragmentation=0:1:5', 'growth=-0.15:0.05:5', 'mandate.kind', 'council.vetoes=0:4:5'],
      infos,
    );
    const g = sampleGrid(specs.map((s) => gridLevels(s)));
    const cols = specs.map((s) => [
      ...new Set(Array.from({ length: g.points }, (_, i) => mapToParams(unitRow(g, i), specs)[s.path])),
    ]);
    expect(cols[0]).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(cols[1]).toEqual([-0.15, -0.1, -0.05, 0, 0.05]);
    expect(cols[2]).toEqual(['observe', 'protect', 'enforce']);
    expect(cols[3]).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('varySpec and parseVaryArgs', () => {
  const info = (path: string) => infos.find((p) => p.path === path) ?? expect.fail(path);

  it('default to the schema range', () => {
    expect(varySpec(info('council.fragmentation'))).toEqual({
      path: 'council.fragmentation',
      kind: 'number',
      lo: 0,
      hi: 1,
    });
    expect(varySpec(info('mandate.lengthMonths')).options).toEqual([6, 12, 24, 36]);
    expect(varySpec(info('mandate.robust')).options).toEqual([false, true]);
    expect(parseVaryArgs(['mandate.lengthMonths=12,24', 'mandate.robust=true'], infos).map((s) => s.options)).toEqual([
      [12, 24],
      [true],
    ]);
  });

  it('collect every problem, naming the parameter, the value and what was expected', () => {
    const bad = [
      'council.fragmentaton=0:1',
      'council.vetoes=0:11',
      'council.fragmentation=0.5',
      'mandate.kind=observe,attack',
      'growth',
    ];
    let err: unknown;
    try {
      parseVaryArgs(bad, infos);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const msg = (err as Error).message;
    expect(msg).toContain('✖ --vary council.fragmentaton: unknown parameter; did you mean council.fragmentation?');
    expect(msg).toContain('council.vetoes (hi): expected an integer between 0 and 10, got 11');
    expect(msg).toContain('✖ --vary council.fragmentation: expected lo:hi or lo:hi:levels');
    expect(msg).toContain('mandate.kind: expected one of "observe", "protect", "enforce", got "attack"');
    expect(msg).toContain('growth: the parameter has no lower bound; give a range');
    expect(msg.split('\n')).toHaveLength(5);
  });

  it('refuse an empty range, bad levels and a parameter given twice', () => {
    expect(() => parseVaryArgs(['council.fragmentation=0.5:0.5'], infos)).toThrow(/expected lo below hi/);
    expect(() => parseVaryArgs(['council.fragmentation=0:1:0'], infos)).toThrow(/levels: expected an integer >= 1/);
    expect(() => parseVaryArgs(['growth=0:1', 'growth=0:2'], infos)).toThrow(/given more than once/);
    expect(() => varySpec(info('growth'), { lo: 0, hi: 1 }, 'exp.yaml')).not.toThrow();
    expect(() => varySpec(info('council.fragmentation'), { lo: -1 }, 'exp.yaml')).toThrow(/\(in exp.yaml\)/);
  });
});
