// The whole-lattice neighbourhood sums (fields.ts) equal a brute-force count over the Moore box on the torus.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Torus } from '../../../src/engine/grid.js';
import { boxSum } from '../../../src/models/peacekeeping/fields.js';

describe('boxSum', () => {
  it('equals the brute-force sum over the (2r+1)^2 box, for any lattice and radius that fits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 30 }).chain((size) =>
          fc.record({
            size: fc.constant(size),
            radius: fc.integer({ min: 0, max: Math.floor((size - 1) / 2) }),
            values: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: size * size, maxLength: size * size }),
          }),
        ),
        ({ size, radius, values }) => {
          const torus = new Torus(size, size);
          const src = Float64Array.from(values);
          const out = new Float64Array(size * size);
          boxSum(torus, radius, src, out, new Float64Array(size * size));
          for (let y = 0; y < size; y++) {
            for (let x = 0; x < size; x++) {
              let s = 0;
              for (let dy = -radius; dy <= radius; dy++) {
                for (let dx = -radius; dx <= radius; dx++) {
                  s += src[((y + dy + size) % size) * size + ((x + dx + size) % size)];
                }
              }
              expect(out[y * size + x]).toBe(s);
            }
          }
        },
      ),
      { seed: 3201, numRuns: 60 },
    );
  });
});
