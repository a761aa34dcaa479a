import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CountField,
  NEIGHBOURHOOD_KINDS,
  type NeighbourhoodKind,
  Torus,
  makeNeighbourhood,
} from '../../src/engine/grid.js';

// The reference: the definition of each neighbourhood as a predicate on the offset, applied to every cell of the
// torus with the shortest wrapped offset (unique for cells within radius r when the torus is at least 2r + 1 wide).
function inShape(kind: NeighbourhoodKind, r: number, dx: number, dy: number): boolean {
  if (kind === 'vonNeumann') return Math.abs(dx) + Math.abs(dy) <= r;
  if (kind === 'moore') return Math.max(Math.abs(dx), Math.abs(dy)) <= r;
  return dx * dx + dy * dy <= r * r;
}

function wrappedOffset(a: number, b: number, n: number): number {
  let d = (((b - a) % n) + n) % n;
  if (d > n / 2) d -= n;
  return d;
}

function bruteNeighbours(
  w: number,
  h: number,
  c: number,
  kind: NeighbourhoodKind,
  r: number,
  includeCentre: boolean,
): number[] {
  const x0 = c % w;
  const y0 = Math.floor(c / w);
  const out: number[] = [];
  for (let cell = 0; cell < w * h; cell++) {
    const dx = wrappedOffset(x0, cell % w, w);
    const dy = wrappedOffset(y0, Math.floor(cell / w), h);
    if (dx === 0 && dy === 0 && !includeCentre) continue;
    if (inShape(kind, r, dx, dy)) out.push(cell);
  }
  return out;
}

/** A torus and a neighbourhood that fits on it. */
const latticeCase = fc
  .record({
    kind: fc.constantFrom(...NEIGHBOURHOOD_KINDS),
    r: fc.integer({ min: 0, max: 7 }),
    includeCentre: fc.boolean(),
    extraW: fc.integer({ min: 0, max: 9 }),
    extraH: fc.integer({ min: 0, max: 9 }),
  })
  .map(({ kind, r, includeCentre, extraW, extraH }) => ({
    kind,
    r,
    includeCentre,
    w: 2 * r + 1 + extraW,
    h: 2 * r + 1 + extraH,
  }));

describe('makeNeighbourhood and Torus.neighbourCells', () => {
  it('give exactly the cells of the brute-force scan, each once, for every kind and radius (property)', () => {
    fc.assert(
      fc.property(latticeCase, fc.nat(), ({ kind, r, includeCentre, w, h }, pick) => {
        const torus = new Torus(w, h);
        const nb = makeNeighbourhood(kind, r, includeCentre);
        torus.assertFits(nb);
        const c = pick % torus.size;
        const out = new Int32Array(nb.size);
        const n = torus.neighbourCells(c, nb, out);
        expect(n).toBe(nb.size);
        const got = Array.from(out.subarray(0, n)).sort((a, b) => a - b);
        expect(new Set(got).size).toBe(n);
        expect(got).toEqual(bruteNeighbours(w, h, c, kind, r, includeCentre));
      }),
      { seed: 11, numRuns: 400 },
    );
  });

  it('checks every radius 0..7 of every kind on every cell of a 15 x 16 torus', () => {
    const torus = new Torus(15, 16);
    for (const kind of NEIGHBOURHOOD_KINDS) {
      for (let r = 0; r <= 7; r++) {
        for (const includeCentre of [false, true]) {
          const nb = makeNeighbourhood(kind, r, includeCentre);
          const out = new Int32Array(nb.size);
          for (let c = 0; c < torus.size; c++) {
            const n = torus.neighbourCells(c, nb, out);
            const got = Array.from(out.subarray(0, n)).sort((a, b) => a - b);
            expect(got).toEqual(bruteNeighbours(15, 16, c, kind, r, includeCentre));
          }
        }
      }
    }
  });

  it('has the textbook sizes: 2r(r+1) von Neumann, (2r+1)^2 - 1 Moore, 148 cells in a radius-7 disk', () => {
    for (let r = 0; r <= 10; r++) {
      expect(makeNeighbourhood('vonNeumann', r).size).toBe(2 * r * (r + 1));
      expect(makeNeighbourhood('moore', r).size).toBe((2 * r + 1) ** 2 - 1);
      expect(makeNeighbourhood('moore', r, true).size).toBe((2 * r + 1) ** 2);
    }
    // Lattice points with x^2 + y^2 <= 49 (OEIS A000328: N(7) = 149), less the centre.
    expect(makeNeighbourhood('disk', 7).size).toBe(148);
    expect(makeNeighbourhood('disk', 7, true).size).toBe(149);
  });

  it('refuses bad kinds, radii and neighbourhoods that wrap onto themselves', () => {
    expect(() => makeNeighbourhood('hex' as NeighbourhoodKind, 1)).toThrow(/kind must be one of/);
    expect(() => makeNeighbourhood('moore', -1)).toThrow(/radius/);
    expect(() => makeNeighbourhood('moore', 1.5)).toThrow(/radius/);
    expect(() => new Torus(10, 10).assertFits(makeNeighbourhood('disk', 5))).toThrow(/at most 4/);
    expect(() => new Torus(11, 11).assertFits(makeNeighbourhood('disk', 5))).not.toThrow();
    expect(() => new Torus(0, 3)).toThrow(/positive integers/);
  });
});

describe('CountField.sumAround', () => {
  it('equals the brute-force sum after any sequence of adds (property)', () => {
    fc.assert(
      fc.property(
        latticeCase,
        fc.array(fc.record({ cell: fc.nat(), delta: fc.integer({ min: -3, max: 5 }) }), { maxLength: 200 }),
        ({ kind, r, includeCentre, w, h }, adds) => {
          const torus = new Torus(w, h);
          const nb = makeNeighbourhood(kind, r, includeCentre);
          const field = new CountField(torus);
          const counts = new Int32Array(torus.size);
          for (const { cell, delta } of adds) {
            const c = cell % torus.size;
            field.add(c, delta);
            counts[c] += delta;
          }
          expect(Array.from(field.counts)).toEqual(Array.from(counts));
          for (let c = 0; c < torus.size; c++) {
            const expected = bruteNeighbours(w, h, c, kind, r, includeCentre).reduce((s, d) => s + counts[d], 0);
            expect(field.sumAround(c, nb)).toBe(expected);
          }
        },
      ),
      { seed: 12, numRuns: 200 },
    );
  });

  it('equals the brute-force sum after counts are written directly and rebuilt, and is zero after clear', () => {
    fc.assert(
      fc.property(latticeCase, fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1 }), (lc, values) => {
        const { kind, r, includeCentre, w, h } = lc;
        const torus = new Torus(w, h);
        const nb = makeNeighbourhood(kind, r, includeCentre);
        const field = new CountField(torus);
        for (let c = 0; c < torus.size; c++) field.counts[c] = values[c % values.length];
        field.rebuild();
        for (let c = 0; c < torus.size; c++) {
          const expected = bruteNeighbours(w, h, c, kind, r, includeCentre).reduce((s, d) => s + field.counts[d], 0);
          expect(field.sumAround(c, nb)).toBe(expected);
        }
        field.clear();
        for (let c = 0; c < torus.size; c++) expect(field.sumAround(c, nb)).toBe(0);
      }),
      { seed: 13, numRuns: 100 },
    );
  });
});
