// Which cells are empty, and uniform draws of an empty cell (in a neighbourhood, near a cell, or anywhere).
//
// Moving to "a random empty site within vision" is the most frequent query of the model (every agent, every
// step). Scanning the 112-224 cells of a radius-7 vision for each agent would cost more than everything else
// together, and per-row prefix sums of emptiness (as engine/grid.ts's CountField keeps for counts) cost O(width)
// on every move. Instead a draw first tries rejection sampling: pick a uniform cell of the neighbourhood, keep it
// if it is empty. Conditional on success this is exactly uniform over the empty cells; when the neighbourhood is
// crowded and `tries` attempts fail, an exact count-and-select scan finishes the draw, so the result is a mixture
// of two exactly uniform draws, hence uniform, and "no empty cell" is always detected exactly.
//
// Each attempt must be cheap, so emptiness is also kept on a padded copy of the torus: a halo of `pad` cells on
// every side mirrors the cells across the wrap. A neighbour of cell c is then padded(c) + offset[j], one add and
// one load with no wrapping arithmetic; only the 0/1 emptiness of halo cells has to be kept in step (at most
// four writes when a cell turns empty or occupied).
import type { Neighbourhood, Torus } from '../../engine/grid.js';
import type { Stream } from '../../engine/rng.js';

/**
 * Rejection attempts before the exact scan: with 23% of a neighbourhood empty (Mesa's preset, where the jailed keep
 * their cells) 24 misses happen 0.2% of the time. Neighbourhoods this small or smaller are scanned at once.
 */
const TRIES = 24;

export class OccupancyIndex {
  /** How many blocking agents stand on each cell (cops, free citizens, and jailed ones under `stay`). */
  readonly blockCount: Int32Array;
  /** Number of cells with nothing blocking them. */
  emptyCells: number;
  private readonly scratch: Int32Array;
  private readonly paddedWidth: number;
  /** 1 where the padded cell (or the torus cell it mirrors) is empty. */
  private readonly paddedEmpty: Uint8Array;
  /** Torus cell of each padded cell. */
  private readonly torusCellOf: Int32Array;
  /** Padded position of each torus cell, and its halo images (CSR: imageStart[c] .. imageStart[c + 1]). */
  private readonly paddedOf: Int32Array;
  private readonly imageStart: Int32Array;
  private readonly images: Int32Array;
  private readonly knownNbs: Neighbourhood[] = [];
  private readonly knownOffsets: Int32Array[] = [];

  /** `pad`: the largest radius of any neighbourhood that will be queried (at most (min(w, h) - 1) / 2). */
  constructor(
    readonly torus: Torus,
    readonly pad: number,
  ) {
    const { width: w, height: h, size } = torus;
    if (2 * pad + 1 > Math.min(w, h))
      throw new RangeError(`OccupancyIndex: pad ${pad} does not fit a ${w} x ${h} torus`);
    this.blockCount = new Int32Array(size);
    this.emptyCells = size;
    this.scratch = new Int32Array((2 * pad + 1) * (2 * pad + 1));
    const pw = w + 2 * pad;
    const ph = h + 2 * pad;
    this.paddedWidth = pw;
    this.paddedEmpty = new Uint8Array(pw * ph).fill(1);
    this.torusCellOf = new Int32Array(pw * ph);
    this.paddedOf = new Int32Array(size);
    const count = new Int32Array(size);
    for (let py = 0; py < ph; py++) {
      for (let px = 0; px < pw; px++) {
        const c = torus.wrapY(py - pad) * w + torus.wrapX(px - pad);
        this.torusCellOf[py * pw + px] = c;
        count[c]++;
      }
    }
    this.imageStart = new Int32Array(size + 1);
    for (let c = 0; c < size; c++) this.imageStart[c + 1] = this.imageStart[c] + count[c];
    this.images = new Int32Array(this.imageStart[size]);
    count.fill(0);
    for (let q = 0; q < pw * ph; q++) {
      const c = this.torusCellOf[q];
      this.images[this.imageStart[c] + count[c]++] = q;
    }
    for (let c = 0; c < size; c++) this.paddedOf[c] = (Math.floor(c / w) + pad) * pw + (c % w) + pad;
  }

  isEmpty(cell: number): boolean {
    return this.blockCount[cell] === 0;
  }

  /** Disagreements between the padded copy and blockCount (for audits; empty when consistent). */
  selfCheck(): string[] {
    const problems: string[] = [];
    for (let q = 0; q < this.paddedEmpty.length; q++) {
      const expected = this.blockCount[this.torusCellOf[q]] === 0 ? 1 : 0;
      if (this.paddedEmpty[q] !== expected)
        problems.push(`padded cell ${q} (cell ${this.torusCellOf[q]}) says empty=${this.paddedEmpty[q]}`);
    }
    for (let c = 0; c < this.torus.size; c++) {
      if (this.torusCellOf[this.paddedOf[c]] !== c) problems.push(`cell ${c} is not at its padded position`);
    }
    return problems;
  }

  block(cell: number): void {
    if (this.blockCount[cell]++ === 0) {
      this.emptyCells--;
      this.setImages(cell, 0);
    }
  }

  unblock(cell: number): void {
    if (--this.blockCount[cell] === 0) {
      this.emptyCells++;
      this.setImages(cell, 1);
    }
  }

  private setImages(cell: number, empty: number): void {
    for (let k = this.imageStart[cell]; k < this.imageStart[cell + 1]; k++) this.paddedEmpty[this.images[k]] = empty;
  }

  /** Offsets of the cells of `nb` on the padded lattice (computed once per neighbourhood). */
  private offsetsOf(nb: Neighbourhood): Int32Array {
    for (let k = 0; k < this.knownNbs.length; k++) if (this.knownNbs[k] === nb) return this.knownOffsets[k];
    if (nb.radius > this.pad) throw new RangeError(`OccupancyIndex: radius ${nb.radius} exceeds pad ${this.pad}`);
    const off = new Int32Array(nb.size);
    for (let j = 0; j < nb.size; j++) off[j] = nb.dy[j] * this.paddedWidth + nb.dx[j];
    this.knownNbs.push(nb);
    this.knownOffsets.push(off);
    return off;
  }

  /** Number of empty cells in the neighbourhood `nb` of cell `c` (a full scan; for tests and audits). */
  emptyAround(c: number, nb: Neighbourhood): number {
    const n = this.torus.neighbourCells(c, nb, this.scratch);
    let empty = 0;
    for (let j = 0; j < n; j++) if (this.blockCount[this.scratch[j]] === 0) empty++;
    return empty;
  }

  /** A uniformly drawn empty cell of the neighbourhood `nb` of cell `c`, or -1 if it has none. */
  pickEmptyAround(c: number, nb: Neighbourhood, rng: Stream): number {
    const size = nb.size;
    if (size === 0) return -1;
    const off = this.offsetsOf(nb);
    const base = this.paddedOf[c];
    const empty = this.paddedEmpty;
    for (let t = size > TRIES ? 0 : TRIES; t < TRIES; t++) {
      const q = base + off[rng.int(size)];
      if (empty[q] === 1) return this.torusCellOf[q];
    }
    let n = 0;
    for (let j = 0; j < size; j++) n += empty[base + off[j]];
    if (n === 0) return -1;
    let k = rng.int(n);
    for (let j = 0; j < size; j++) {
      const q = base + off[j];
      if (empty[q] === 0) continue;
      if (k === 0) return this.torusCellOf[q];
      k--;
    }
    throw new Error('OccupancyIndex.pickEmptyAround: unreachable (the count of empty cells changed mid-scan)');
  }

  /** A uniformly drawn empty cell of the whole torus, or -1 if none (same rejection-then-scan scheme). */
  pickEmpty(rng: Stream): number {
    if (this.emptyCells === 0) return -1;
    const size = this.torus.size;
    for (let t = 0; t < TRIES; t++) {
      const cell = rng.int(size);
      if (this.blockCount[cell] === 0) return cell;
    }
    let k = rng.int(this.emptyCells);
    for (let cell = 0; cell < size; cell++) {
      if (this.blockCount[cell] !== 0) continue;
      if (k === 0) return cell;
      k--;
    }
    throw new Error('OccupancyIndex.pickEmpty: emptyCells disagrees with blockCount (index corrupted)');
  }

  /**
   * The empty cell nearest to `home` in Chebyshev distance (home itself first), uniformly among the nearest ones,
   * searching up to `maxDistance` rings (at most (min(width, height) - 1) / 2); -1 if none is that close.
   */
  pickEmptyNear(home: number, maxDistance: number, rng: Stream): number {
    if (this.blockCount[home] === 0) return home;
    for (let d = 1; d <= maxDistance; d++) {
      const n = this.visitRing(home, d, -1);
      if (n > 0) return this.visitRing(home, d, rng.int(n));
    }
    return -1;
  }

  /** With k < 0: count the empty cells at Chebyshev distance d from `home`; else return the k-th of them. */
  private visitRing(home: number, d: number, k: number): number {
    const { width: w, height: h } = this.torus;
    const x0 = home % w;
    const y0 = (home - x0) / w;
    let seen = 0;
    for (let dy = -d; dy <= d; dy++) {
      const y = (((y0 + dy) % h) + h) % h;
      const step = dy === -d || dy === d ? 1 : 2 * d;
      for (let dx = -d; dx <= d; dx += step) {
        const x = (((x0 + dx) % w) + w) % w;
        const cell = y * w + x;
        if (this.blockCount[cell] !== 0) continue;
        if (seen === k) return cell;
        seen++;
      }
    }
    return seen;
  }
}
