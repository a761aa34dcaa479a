// Neighbourhood sums over the whole lattice at once: for every cell, the sum of `src` over the Moore box of
// radius r around it (centre included), on the torus.
//
// Every civilian reads its neighbourhood counts every sub-step, so the counts are computed for all cells once a
// sub-step (DESIGN.md §5: summed-area tables rebuilt once a sub-step) as a separable running sum: a horizontal
// pass then a vertical pass, each O(cells) whatever the radius. engine/grid.ts's CountField answers one query in
// O(radius) and suits sparse queries; here there are more queries (one per civilian) than cells.
import type { Torus } from '../../engine/grid.js';

/** out[c] = sum of src over the (2r+1)^2 Moore box around c. `tmp` is scratch of the same length. */
export function boxSum(torus: Torus, radius: number, src: Float64Array, out: Float64Array, tmp: Float64Array): void {
  const w = torus.width;
  const h = torus.height;
  const r = radius;
  // Horizontal pass: running window along each row; the columns that wrap are handled in their own loops so the
  // long middle stretch runs without branches.
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let acc = 0;
    for (let dx = -r; dx <= r; dx++) acc += src[row + ((dx + w) % w)];
    tmp[row] = acc;
    const firstPlain = Math.min(r + 1, w);
    const lastPlain = w - r - 1;
    for (let x = 1; x < firstPlain; x++) {
      acc += src[row + x + r] - src[row + x - r - 1 + w];
      tmp[row + x] = acc;
    }
    for (let x = firstPlain; x <= lastPlain; x++) {
      acc += src[row + x + r] - src[row + x - r - 1];
      tmp[row + x] = acc;
    }
    for (let x = Math.max(lastPlain + 1, firstPlain); x < w; x++) {
      acc += src[row + x + r - w] - src[row + x - r - 1];
      tmp[row + x] = acc;
    }
  }
  // Vertical pass, row by row so that the inner loop runs along contiguous memory:
  // out(y) = out(y - 1) + tmp(y + r) - tmp(y - r - 1), rows taken on the torus.
  for (let x = 0; x < w; x++) out[x] = 0;
  for (let dy = -r; dy <= r; dy++) {
    const row = ((dy + h) % h) * w;
    for (let x = 0; x < w; x++) out[x] += tmp[row + x];
  }
  for (let y = 1; y < h; y++) {
    let yin = y + r;
    if (yin >= h) yin -= h;
    let yout = y - r - 1;
    if (yout < 0) yout += h;
    const o = y * w;
    const prev = o - w;
    const add = yin * w;
    const sub = yout * w;
    for (let x = 0; x < w; x++) out[o + x] = out[prev + x] + tmp[add + x] - tmp[sub + x];
  }
}
