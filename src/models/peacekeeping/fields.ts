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
  // Horizontal pass: running window along each row.
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let acc = 0;
    for (let dx = -r; dx <= r; dx++) acc += src[row + ((dx + w) % w)];
    tmp[row] = acc;
    for (let x = 1; x < w; x++) {
      let xin = x + r;
      if (xin >= w) xin -= w;
      let xout = x - r - 1;
      if (xout < 0) xout += w;
      acc += src[row + xin] - src[row + xout];
      tmp[row + x] = acc;
    }
  }
  // Vertical pass: running window down each column.
  for (let x = 0; x < w; x++) {
    let acc = 0;
    for (let dy = -r; dy <= r; dy++) acc += tmp[((dy + h) % h) * w + x];
    out[x] = acc;
    for (let y = 1; y < h; y++) {
      let yin = y + r;
      if (yin >= h) yin -= h;
      let yout = y - r - 1;
      if (yout < 0) yout += h;
      acc += tmp[yin * w + x] - tmp[yout * w + x];
      out[y * w + x] = acc;
    }
  }
}
