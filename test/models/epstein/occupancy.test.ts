// The empty-cell index behind every move, birth and release: draws land on empty cells of the right
// neighbourhood, find one whenever one exists, and are uniform.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NEIGHBOURHOOD_KINDS, Torus, makeNeighbourhood } from '../../../src/engine/grid.js';
import { createStreams } from '../../../src/engine/rng.js';
import { OccupancyIndex } from '../../../src/models/epstein/occupancy.js';

function chebyshev(t: Torus, a: number, b: number): number {
  const w = t.width;
  const h = t.height;
  let dx = Math.abs((a % w) - (b % w));
  let dy = Math.abs(Math.floor(a / w) - Math.floor(b / w));
  dx = Math.min(dx, w - dx);
  dy = Math.min(dy, h - dy);
  return Math.max(dx, dy);
}

const world = fc.record({
  kind: fc.constantFrom(...NEIGHBOURHOOD_KINDS),
  r: fc.integer({ min: 1, max: 4 }),
  includeCentre: fc.boolean(),
  extra: fc.integer({ min: 0, max: 6 }),
  density: fc.double({ min: 0, max: 1, noNaN: true }),
  seed: fc.nat(),
});

describe('OccupancyIndex', () => {
  it('draws an empty cell of the neighbourhood whenever there is one, and -1 only when there is none (property)', () => {
    fc.assert(
      fc.property(world, ({ kind, r, includeCentre, extra, density, seed }) => {
        const t = new Torus(2 * r + 1 + extra, 2 * r + 2 + extra);
        const nb = makeNeighbourhood(kind, r, includeCentre);
        const occ = new OccupancyIndex(t, (2 * r + 1) ** 2);
        const rng = createStreams(seed, 0).get('fill');
        for (let c = 0; c < t.size; c++) if (rng.bernoulli(density)) occ.block(c);
        // unblock a few again, so that both directions of change are exercised
        for (let c = 0; c < t.size; c += 3) if (occ.blockCount[c] > 0 && rng.bernoulli(0.5)) occ.unblock(c);
        const cells = new Int32Array(nb.size);
        for (let c = 0; c < t.size; c++) {
          const n = t.neighbourCells(c, nb, cells);
          const empties = Array.from(cells.subarray(0, n)).filter((d) => occ.blockCount[d] === 0);
          expect(occ.emptyAround(c, nb)).toBe(empties.length);
          const got = occ.pickEmptyAround(c, nb, rng);
          if (empties.length === 0) expect(got).toBe(-1);
          else expect(empties).toContain(got);
        }
        const anywhere = occ.pickEmpty(rng);
        if (occ.emptyCells === 0) expect(anywhere).toBe(-1);
        else expect(occ.blockCount[anywhere]).toBe(0);
      }),
      { seed: 51, numRuns: 200 },
    );
  });

  it('draws uniformly among the empty cells in sight, through both the rejection and the scan paths', () => {
    const t = new Torus(15, 15);
    for (const [nb, density] of [
      [makeNeighbourhood('moore', 3), 0.5], // 48 cells: rejection sampling
      [makeNeighbourhood('moore', 3), 0.95], // mostly the exact scan after failed attempts
      [makeNeighbourhood('vonNeumann', 2), 0.5], // 12 cells: scanned at once
    ] as const) {
      const occ = new OccupancyIndex(t, 49);
      const fill = createStreams('uniform-fill', 0).get('fill');
      const centre = 7 * 15 + 7;
      for (let c = 0; c < t.size; c++) if (c === centre || fill.bernoulli(density)) occ.block(c);
      const cells = new Int32Array(nb.size);
      const n = t.neighbourCells(centre, nb, cells);
      const empties = Array.from(cells.subarray(0, n)).filter((d) => occ.blockCount[d] === 0);
      expect(empties.length).toBeGreaterThan(1);
      const hits = new Map<number, number>(empties.map((d) => [d, 0]));
      const rng = createStreams('uniform-draw', 0).get('movement');
      const draws = 2000 * empties.length;
      for (let k = 0; k < draws; k++) {
        const d = occ.pickEmptyAround(centre, nb, rng);
        hits.set(d, (hits.get(d) ?? 0) + 1);
      }
      expect([...hits.keys()].sort((a, b) => a - b)).toEqual([...empties].sort((a, b) => a - b));
      const chi2 = [...hits.values()].reduce((a, o) => a + (o - 2000) ** 2 / 2000, 0);
      // Below the 0.9999 quantile of chi-square with (empties - 1) degrees of freedom, Wilson-Hilferty.
      const df = empties.length - 1;
      const q = df * (1 - 2 / (9 * df) + 3.719 * Math.sqrt(2 / (9 * df))) ** 3;
      expect(chi2).toBeLessThan(q);
    }
  });

  it('returns the home cell when empty, else an empty cell at the smallest Chebyshev distance (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(), fc.nat(), (density, seed, pick) => {
        const t = new Torus(13, 14);
        const occ = new OccupancyIndex(t, 169);
        const rng = createStreams(seed, 0).get('near');
        for (let c = 0; c < t.size; c++) if (rng.bernoulli(density)) occ.block(c);
        const home = pick % t.size;
        const got = occ.pickEmptyNear(home, 6, rng);
        let best = Number.POSITIVE_INFINITY;
        for (let c = 0; c < t.size; c++) if (occ.blockCount[c] === 0) best = Math.min(best, chebyshev(t, home, c));
        if (best > 6) expect(got).toBe(-1);
        else {
          expect(occ.blockCount[got]).toBe(0);
          expect(chebyshev(t, home, got)).toBe(best);
        }
      }),
      { seed: 52, numRuns: 300 },
    );
  });
});
