// The only source of randomness in pkosim.
//
// Run r of master seed s draws from named streams seeded with the string `s/r/<name>`. Each stream is an
// sfc32 generator (Doty-Humphrey's small fast chaotic PRNG, which passes PractRand and BigCrush) whose 128-bit
// state is derived from the seed string by seedrandom's ARC4 key schedule. seedrandom's own fast generators
// either ignore string seeds (xorshift7) or are plain xorshifts with known weaknesses (xor128, xorwow); sfc32
// with its state in plain fields is both good and about 2.5 ns a draw here. One stream per submodel means
// that changing how one submodel draws leaves the other submodels' draws untouched (common random numbers).
import seedrandom from 'seedrandom';
import { keepUntilNextRun } from './keepalive.js';

export type Seed = number | string;

/** The seed string of stream `name` in run `run` of master seed `seed`: `s/r/<name>`. */
export function streamSeed(seed: Seed, run: number, name: string): string {
  return `${seed}/${run}/${name}`;
}

export class Stream {
  // sfc32's four words live in an Int32Array: as plain fields, words outside the small-integer range were boxed
  // as heap numbers on every store (about 9 ns a draw instead of about 2 here).
  private readonly state = new Int32Array(4);
  private spareNormal = Number.NaN;

  constructor(
    readonly name: string,
    readonly seed: string,
  ) {
    const arc4 = seedrandom(seed);
    keepUntilNextRun('rng', arc4); // keeps V8's maps of seedrandom's generators alive (engine/keepalive.ts)
    this.state[0] = arc4.int32();
    this.state[1] = arc4.int32();
    this.state[2] = arc4.int32();
    this.state[3] = arc4.int32() | 1;
    // sfc32's authors discard the first outputs so that similar seeds diverge fully.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.state;
    const a = s[0];
    const b = s[1];
    let c = s[2];
    const d = s[3];
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    s[2] = (c + t) | 0;
    return t >>> 0;
  }

  /** A uniform double in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform double in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** A uniform integer in [0, n). The bias of the multiply-shift map is below n / 2^32. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A uniform integer in [lo, hi], both ends included. */
  intBetween(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** true with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** A standard normal draw (Marsaglia's polar method; the second value of each pair is kept). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const v = this.spareNormal;
      this.spareNormal = Number.NaN;
      return v;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return u * f;
  }

  /** A Poisson draw: Knuth's product method below mean 30, a rounded normal above (error < 1% of sd). */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
  }

  /** A binomial draw: exact Bernoulli sum for n <= 64, a normal approximation (clamped) above. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (n <= 64) {
      let k = 0;
      for (let i = 0; i < n; i++) if (this.next() < p) k++;
      return k;
    }
    const m = n * p;
    const sd = Math.sqrt(m * (1 - p));
    return Math.min(n, Math.max(0, Math.round(m + sd * this.normal())));
  }

  /** Shuffle the first `length` entries of `a` in place (Fisher-Yates). */
  shuffle<T extends { length: number; [i: number]: number }>(a: T, length = a.length): T {
    for (let i = length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}

/** The streams of one run. A model asks for the ones it needs by name; each is created once per run. */
export class Streams {
  private readonly cache = new Map<string, Stream>();

  constructor(
    readonly seed: Seed,
    readonly run: number,
  ) {
    if (!Number.isInteger(run) || run < 0) {
      throw new RangeError(`Streams: run must be a non-negative integer, got ${run}`);
    }
  }

  get(name: string): Stream {
    let s = this.cache.get(name);
    if (!s) {
      s = new Stream(name, streamSeed(this.seed, this.run, name));
      this.cache.set(name, s);
    }
    return s;
  }
}

export function createStreams(seed: Seed, run: number): Streams {
  const streams = new Streams(seed, run);
  keepUntilNextRun('streams', streams); // keeps V8's maps of Streams alive between runs (engine/keepalive.ts)
  return streams;
}
