// A torus lattice in typed arrays: occupancy, neighbourhood shapes, and counts over a neighbourhood.
//
// Every neighbourhood kind used by public Epstein implementations is symmetric by rows: for each row offset dy
// it covers one contiguous run of columns [-w(dy), +w(dy)]. Counting what lies in a neighbourhood is therefore a
// sum of 2r+1 row segments, each read in O(1) from per-row prefix sums (a summed-area table kept one row at a
// time, which can be updated in O(width) when one cell changes instead of rebuilt).

export type NeighbourhoodKind = 'vonNeumann' | 'moore' | 'disk';
export const NEIGHBOURHOOD_KINDS: readonly NeighbourhoodKind[] = ['vonNeumann', 'moore', 'disk'];

export interface Neighbourhood {
  readonly kind: NeighbourhoodKind;
  readonly radius: number;
  readonly includeCentre: boolean;
  /** Offsets of every cell, row by row (dy ascending, then dx ascending). */
  readonly dx: Int32Array;
  readonly dy: Int32Array;
  readonly size: number;
  /** Half-width w(dy) of the row at dy = i - radius. */
  readonly halfWidth: Int32Array;
}

/** Half-width of row dy in a neighbourhood of this kind and radius. */
function rowHalfWidth(kind: NeighbourhoodKind, radius: number, dy: number): number {
  const ady = Math.abs(dy);
  if (kind === 'moore') return radius;
  if (kind === 'vonNeumann') return radius - ady;
  return Math.floor(Math.sqrt(radius * radius - dy * dy) + 1e-9);
}

export function makeNeighbourhood(
  kind: NeighbourhoodKind,
  radius: number,
  includeCentre = false,
): Neighbourhood {
  if (!NEIGHBOURHOOD_KINDS.includes(kind)) {
    throw new RangeError(`makeNeighbourhood: kind must be one of ${NEIGHBOURHOOD_KINDS.join(', ')}, got ${kind}`);
  }
  if (!Number.isInteger(radius) || radius < 0) {
    throw new RangeError(`makeNeighbourhood: radius must be a non-negative integer, got ${radius}`);
  }
  const halfWidth = new Int32Array(2 * radius + 1);
  const dx: number[] = [];
  const dy: number[] = [];
  for (let y = -radius; y <= radius; y++) {
    const w = rowHalfWidth(kind, radius, y);
    halfWidth[y + radius] = w;
    for (let x = -w; x <= w; x++) {
      if (!includeCentre && x === 0 && y === 0) continue;
      dx.push(x);
      dy.push(y);
    }
  }
  return {
    kind,
    radius,
    includeCentre,
    dx: Int32Array.from(dx),
    dy: Int32Array.from(dy),
    size: dx.length,
    halfWidth,
  };
}

/** A width x height torus. Cells are numbered y * width + x. */
export class Torus {
  readonly size: number;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`Torus: width and height must be positive integers, got ${width} x ${height}`);
    }
    this.size = width * height;
  }

  /** Throws unless every cell of `nb` maps to a distinct cell of this torus. */
  assertFits(nb: Neighbourhood): void {
    if (2 * nb.radius + 1 > this.width || 2 * nb.radius + 1 > this.height) {
      throw new RangeError(
        `Torus: a radius-${nb.radius} neighbourhood wraps onto itself on a ${this.width} x ${this.height} torus; ` +
          `use a radius of at most ${Math.floor((Math.min(this.width, this.height) - 1) / 2)}`,
      );
    }
  }

  cell(x: number, y: number): number {
    return y * this.width + x;
  }

  wrapX(x: number): number {
    const w = this.width;
    return ((x % w) + w) % w;
  }

  wrapY(y: number): number {
    const h = this.height;
    return ((y % h) + h) % h;
  }

  /**
   * Write into `out` the cell numbers of the neighbourhood of cell `c`, in the neighbourhood's offset order;
   * returns how many were written (nb.size).
   */
  neighbourCells(c: number, nb: Neighbourhood, out: Int32Array): number {
    const w = this.width;
    const h = this.height;
    const x0 = c % w;
    const y0 = (c - x0) / w;
    const { dx, dy, size } = nb;
    for (let i = 0; i < size; i++) {
      let x = x0 + dx[i];
      let y = y0 + dy[i];
      if (x < 0) x += w;
      else if (x >= w) x -= w;
      if (y < 0) y += h;
      else if (y >= h) y -= h;
      out[i] = y * w + x;
    }
    return size;
  }
}

/**
 * Per-cell integer counts (how many agents of some kind stand on each cell) with per-row prefix sums, so that the
 * total over any neighbourhood costs 2r+1 lookups. `add` keeps the prefix sums current in O(width).
 */
export class CountField {
  readonly counts: Int32Array;
  private readonly prefix: Int32Array;
  private readonly stride: number;

  constructor(readonly torus: Torus) {
    this.counts = new Int32Array(torus.size);
    this.stride = torus.width + 1;
    this.prefix = new Int32Array(torus.height * this.stride);
  }

  clear(): void {
    this.counts.fill(0);
    this.prefix.fill(0);
  }

  /** Recompute all prefix sums from `counts` (after writing counts directly). */
  rebuild(): void {
    const { width, height } = this.torus;
    const s = this.stride;
    for (let y = 0; y < height; y++) {
      let acc = 0;
      const base = y * s;
      const row = y * width;
      this.prefix[base] = 0;
      for (let x = 0; x < width; x++) {
        acc += this.counts[row + x];
        this.prefix[base + x + 1] = acc;
      }
    }
  }

  add(cell: number, delta: number): void {
    const w = this.torus.width;
    this.counts[cell] += delta;
    const x = cell % w;
    const y = (cell - x) / w;
    const base = y * this.stride;
    for (let i = x + 1; i <= w; i++) this.prefix[base + i] += delta;
  }

  /** Sum of counts over columns [a, b] (0 <= a <= b < width) of row y. */
  private rowSum(y: number, a: number, b: number): number {
    const base = y * this.stride;
    return this.prefix[base + b + 1] - this.prefix[base + a];
  }

  /** Sum of counts over the neighbourhood of cell c (the centre only if nb.includeCentre). */
  sumAround(c: number, nb: Neighbourhood): number {
    const { width: w, height: h } = this.torus;
    const x0 = c % w;
    const y0 = (c - x0) / w;
    const r = nb.radius;
    let total = 0;
    for (let i = 0; i <= 2 * r; i++) {
      let y = y0 + i - r;
      if (y < 0) y += h;
      else if (y >= h) y -= h;
      const hw = nb.halfWidth[i];
      const lo = x0 - hw;
      const hi = x0 + hw;
      if (lo >= 0 && hi < w) total += this.rowSum(y, lo, hi);
      else if (lo < 0) total += this.rowSum(y, lo + w, w - 1) + this.rowSum(y, 0, hi);
      else total += this.rowSum(y, lo, w - 1) + this.rowSum(y, 0, hi - w);
    }
    if (!nb.includeCentre) total -= this.counts[c];
    return total;
  }
}
