import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapUnitValue, sampleLatinHypercube } from '../../src/engine/designs.js';
import { type PrimColumn, type PrimLimit, findBox, findBoxes, peelQuantile } from '../../src/engine/prim.js';
import { Stream } from '../../src/engine/rng.js';

function numericColumns(n: number, d: number, seed: number): { name: string; kind: 'numeric'; values: Float64Array }[] {
  const m = sampleLatinHypercube(n, d, seed);
  return Array.from({ length: d }, (_, j) => ({
    name: `x${j + 1}`,
    kind: 'numeric' as const,
    values: Float64Array.from({ length: n }, (_, i) => m.values[i * d + j]),
  }));
}

function num(l: PrimLimit): { lo: number; hi: number } {
  if (l.kind === 'categorical') throw new Error('expected a numeric limit');
  return l;
}

function inLimits(columns: readonly PrimColumn[], limits: readonly PrimLimit[], i: number): boolean {
  return columns.every((c, j) => {
    const l = limits[j];
    const v = c.values[i];
    return l.kind === 'categorical' ? l.values.includes(v as never) : (v as number) >= l.lo && (v as number) <= l.hi;
  });
}

describe('findBox', () => {
  it('recovers a planted box (x1 > 0.6 and x2 < 0.3) from noise elsewhere, with significant quasi-p values', () => {
    for (const seed of [0, 1, 2, 3, 4]) {
      const n = 2000;
      const cols = numericColumns(n, 5, seed);
      const noise = new Stream('noise', `prim-test/${seed}`);
      const y = Array.from(
        { length: n },
        (_, i) => (cols[0].values[i] > 0.6 && cols[1].values[i] < 0.3) || noise.bernoulli(0.1),
      );
      const box = findBox(cols, y);
      expect(box.meetsThreshold).toBe(true);
      expect(box.restricted).toContain('x1');
      expect(box.restricted).toContain('x2');
      const x1 = num(box.limits[0]);
      const x2 = num(box.limits[1]);
      expect(x1.lo).toBeGreaterThan(0.55);
      expect(x1.lo).toBeLessThan(0.65);
      expect(x1.hi).toBe(Math.max(...cols[0].values));
      expect(x2.lo).toBe(Math.min(...cols[1].values));
      expect(x2.hi).toBeGreaterThan(0.25);
      expect(x2.hi).toBeLessThan(0.35);
      expect(box.density).toBeGreaterThan(0.95);
      expect(box.mass).toBeGreaterThan(0.09);
      expect(box.mass).toBeLessThan(0.14);
      // The planted box holds 0.12 n cases and the noise adds about 0.1 * 0.88 n: coverage about 0.58.
      expect(box.coverage).toBeGreaterThan(0.45);
      for (const q of box.quasiP) {
        if (q.name === 'x1') expect(q.lower).toBeLessThan(1e-6);
        else if (q.name === 'x2') expect(q.upper).toBeLessThan(1e-6);
        else for (const p of [q.lower, q.upper]) if (p !== undefined) expect(p).toBeGreaterThan(0.01);
      }
    }
  });

  it('restricts categorical and integer inputs to the planted categories and values', () => {
    for (const seed of [0, 1, 2]) {
      const n = 2000;
      const m = sampleLatinHypercube(n, 4, seed);
      const at = (i: number, j: number) => m.values[i * 4 + j];
      const x1 = Float64Array.from({ length: n }, (_, i) => at(i, 0));
      const options = ['a', 'b', 'c', 'd'];
      const kind = Array.from(
        { length: n },
        (_, i) => mapUnitValue(at(i, 1), { path: 'k', kind: 'enum', options }) as string,
      );
      const count = Float64Array.from(
        { length: n },
        (_, i) => mapUnitValue(at(i, 2), { path: 'c', kind: 'integer', lo: 0, hi: 9 }) as number,
      );
      const x4 = Float64Array.from({ length: n }, (_, i) => at(i, 3));
      const noise = new Stream('noise', `prim-mixed/${seed}`);
      const y = Array.from(
        { length: n },
        (_, i) => (x1[i] > 0.5 && (kind[i] === 'a' || kind[i] === 'c') && count[i] >= 3) || noise.bernoulli(0.05),
      );
      const box = findBox(
        [
          { name: 'x1', kind: 'numeric', values: x1 },
          { name: 'kind', kind: 'categorical', values: kind, categories: options },
          { name: 'count', kind: 'integer', values: count },
          { name: 'x4', kind: 'numeric', values: x4 },
        ],
        y,
      );
      expect(box.restricted).toEqual(['x1', 'kind', 'count']);
      expect(box.limits[1]).toEqual({ kind: 'categorical', values: ['a', 'c'] });
      expect(box.limits[2]).toEqual({ kind: 'integer', lo: 3, hi: 9 });
      expect(num(box.limits[0]).lo).toBeGreaterThan(0.45);
      expect(num(box.limits[0]).lo).toBeLessThan(0.56);
      expect(box.density).toBeGreaterThan(0.95);
    }
  });

  it('finds no box where the outcome is noise', () => {
    const n = 2000;
    const cols = numericColumns(n, 4, 8);
    const noise = new Stream('noise', 'prim-noise');
    const y = Array.from({ length: n }, () => noise.bernoulli(0.2));
    const box = findBox(cols, y);
    expect(box.meetsThreshold).toBe(false);
    expect(box.density).toBeLessThan(0.5);
    const boxes = findBoxes(cols, y);
    expect(boxes).toHaveLength(1);
    expect(boxes[0].meetsThreshold).toBe(false);
  });

  it('with no case of interest returns the starting box and findBoxes none', () => {
    const cols = numericColumns(100, 2, 1);
    const box = findBox(cols, new Array(100).fill(false));
    expect(box.trajectory).toHaveLength(1);
    expect(box.meetsThreshold).toBe(false);
    expect(box.density).toBe(0);
    expect(findBoxes(cols, new Array(100).fill(false))).toEqual([]);
  });

  it('keeps its invariants on any data: a nested peeling trajectory, masses above the minimum, stats that match the points', () => {
    const columnArb = (n: number) =>
      fc.oneof(
        fc
          .array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n })
          .map((v) => ({ kind: 'numeric' as const, values: v })),
        fc
          .array(fc.integer({ min: 0, max: 6 }), { minLength: n, maxLength: n })
          .map((v) => ({ kind: 'integer' as const, values: v })),
        fc
          .array(fc.constantFrom('p', 'q', 'r', 's'), { minLength: n, maxLength: n })
          .map((v) => ({ kind: 'categorical' as const, values: v })),
      );
    const dataArb = fc.integer({ min: 20, max: 300 }).chain((n) =>
      fc.record({
        columns: fc.array(columnArb(n), { minLength: 1, maxLength: 4 }),
        y: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        massMin: fc.constantFrom(0.05, 0.1, 0.3),
      }),
    );
    fc.assert(
      fc.property(dataArb, ({ columns: cols0, y, massMin }) => {
        const columns = cols0.map((c, j) => ({ ...c, name: `c${j}` })) as PrimColumn[];
        const n = y.length;
        const totalCoi = y.filter(Boolean).length;
        const box = findBox(columns, y, { massMin });
        expect(box.chosen).toBe(box.trajectory.length - 1);
        let phase = 'start';
        box.trajectory.forEach((step, t) => {
          const inside = Array.from({ length: n }, (_, i) => i).filter((i) => inLimits(columns, step.limits, i));
          const coi = inside.filter((i) => y[i]).length;
          expect(step.mass).toBeCloseTo(inside.length / n, 12);
          if (totalCoi) expect(step.coverage).toBeCloseTo(coi / totalCoi, 12);
          expect(step.density).toBeCloseTo(inside.length ? coi / inside.length : 0, 12);
          if (t > 0) {
            const prev = box.trajectory[t - 1];
            expect(step.mass).toBeGreaterThanOrEqual(massMin - 1e-12);
            if (step.phase === 'peel') {
              expect(phase).not.toBe('paste');
              expect(step.mass).toBeLessThan(prev.mass);
              expect(step.coverage).toBeLessThanOrEqual(prev.coverage);
            } else {
              expect(step.mass).toBeGreaterThan(prev.mass);
              expect(step.density).toBeGreaterThan(prev.density);
            }
          }
          phase = step.phase;
        });
        const chosen = box.trajectory[box.chosen];
        expect(box.points.length).toBe(Math.round(chosen.mass * n));
        for (const i of box.points) expect(inLimits(columns, box.limits, i)).toBe(true);
        expect(box.restricted.length).toBe(box.restrictedDims);
      }),
      { seed: 31, numRuns: 120 },
    );
  });

  it('refuses columns of the wrong length', () => {
    expect(() => findBox([{ name: 'a', kind: 'numeric', values: [1, 2] }], [true])).toThrow(
      /column a has 2 values for 1 outcomes/,
    );
  });
});

describe('findBoxes', () => {
  it('finds two planted boxes one after the other (covering)', () => {
    const n = 3000;
    const cols = numericColumns(n, 3, 5);
    const noise = new Stream('noise', 'prim-covering');
    const x = (i: number, j: number) => cols[j].values[i];
    const y = Array.from(
      { length: n },
      (_, i) => (x(i, 0) > 0.7 && x(i, 1) > 0.7) || (x(i, 0) < 0.4 && x(i, 2) < 0.4) || noise.bernoulli(0.03),
    );
    const boxes = findBoxes(cols, y);
    const found = boxes.filter((b) => b.meetsThreshold);
    expect(found.length).toBeGreaterThanOrEqual(2);
    const [first, second] = found;
    // The larger planted box (mass 0.16) comes first, then the smaller one (0.09).
    expect(first.restricted).toEqual(['x1', 'x3']);
    expect(num(first.limits[0]).hi).toBeCloseTo(0.4, 1);
    expect(num(first.limits[2]).hi).toBeCloseTo(0.4, 1);
    expect(second.restricted).toEqual(['x1', 'x2']);
    expect(num(second.limits[0]).lo).toBeCloseTo(0.7, 1);
    expect(num(second.limits[1]).lo).toBeCloseTo(0.7, 1);
    const taken = new Set(first.points);
    for (const i of second.points) expect(taken.has(i)).toBe(false);
    expect(first.coverage + second.coverage).toBeGreaterThan(0.75);
  });
});

describe('peelQuantile', () => {
  it('cuts between distinct values, so a peel of a non-constant input always removes something and never everything', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 60 }),
        fc.constantFrom(0.05, 0.1, 0.2),
        (v, alpha) => {
          const sorted = Float64Array.from(v).sort();
          const lower = peelQuantile(sorted, alpha);
          const upper = peelQuantile(sorted, 1 - alpha);
          const keptLower = v.filter((x) => x >= lower).length;
          const keptUpper = v.filter((x) => x <= upper).length;
          if (new Set(v).size > 1) {
            expect(keptLower).toBeLessThan(v.length);
            expect(keptUpper).toBeLessThan(v.length);
          } else {
            expect(keptLower).toBe(v.length);
            expect(keptUpper).toBe(v.length);
          }
          expect(keptLower).toBeGreaterThan(0);
          expect(keptUpper).toBeGreaterThan(0);
        },
      ),
      { seed: 41, numRuns: 300 },
    );
  });

  it('takes the midpoint of the order statistics around (n - 1) q when there are no ties', () => {
    const sorted = Float64Array.from({ length: 21 }, (_, k) => k);
    expect(peelQuantile(sorted, 0.1)).toBe(2.5);
    expect(peelQuantile(sorted, 0.9)).toBe(17.5);
  });
});
