import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Stream, Streams, createStreams, streamSeed } from '../../src/engine/rng.js';

const seedArb = fc.oneof(fc.nat(), fc.string({ minLength: 1, maxLength: 12 }));
const nameArb = fc.string({ minLength: 1, maxLength: 10 });

function firstDraws(s: Stream, n: number): number[] {
  return Array.from({ length: n }, () => s.nextUint32());
}

describe('streams', () => {
  it('seed stream `name` of run r of master seed s with the string s/r/name', () => {
    expect(streamSeed(42, 3, 'theatre')).toBe('42/3/theatre');
    expect(streamSeed('abc', 0, 'x')).toBe('abc/0/x');
    expect(createStreams(42, 3).get('theatre').seed).toBe('42/3/theatre');
  });

  it('are deterministic: the same seed, run and name give the same draws (property)', () => {
    fc.assert(
      fc.property(seedArb, fc.nat({ max: 10_000 }), nameArb, (seed, run, name) => {
        const a = createStreams(seed, run).get(name);
        const b = createStreams(seed, run).get(name);
        expect(firstDraws(a, 20)).toEqual(firstDraws(b, 20));
        expect(new Stream(name, streamSeed(seed, run, name)).next()).toBe(createStreams(seed, run).get(name).next());
      }),
      { seed: 21, numRuns: 200 },
    );
  });

  it('differ when the seed, the run or the name differs (property)', () => {
    fc.assert(
      fc.property(seedArb, seedArb, fc.nat({ max: 1000 }), fc.nat({ max: 1000 }), nameArb, nameArb, (s1, s2, r1, r2, n1, n2) => {
        fc.pre(streamSeed(s1, r1, n1) !== streamSeed(s2, r2, n2));
        const a = firstDraws(createStreams(s1, r1).get(n1), 4);
        const b = firstDraws(createStreams(s2, r2).get(n2), 4);
        expect(a).not.toEqual(b);
      }),
      { seed: 22, numRuns: 300 },
    );
  });

  it('give one stream object per name within a run, whose draws continue where they stopped', () => {
    const streams = createStreams(7, 1);
    const s = streams.get('a');
    const x = s.next();
    expect(streams.get('a')).toBe(s);
    expect(streams.get('a').next()).not.toBe(x);
    expect(streams.get('b')).not.toBe(s);
  });

  it('refuse a run index that is not a non-negative integer', () => {
    expect(() => createStreams(1, -1)).toThrow(/non-negative integer/);
    expect(() => createStreams(1, 1.5)).toThrow(/non-negative integer/);
    expect(() => new Streams(1, Number.NaN)).toThrow(/non-negative integer/);
  });
});

/** sfc32 written out from its definition (Doty-Humphrey), seeded like Stream: four ARC4 words, 15 discarded. */
function referenceSfc32(seed: string): () => number {
  const arc4 = seedrandom(seed);
  let a = arc4.int32() >>> 0;
  let b = arc4.int32() >>> 0;
  let c = arc4.int32() >>> 0;
  let d = (arc4.int32() | 1) >>> 0;
  const next = () => {
    const t = (a + b + d) % 2 ** 32;
    d = (d + 1) % 2 ** 32;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + c * 8) % 2 ** 32;
    c = (((c << 21) | (c >>> 11)) >>> 0) + t;
    c %= 2 ** 32;
    return t;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

describe('draws', () => {
  it('are sfc32 exactly: the same words as an independent implementation (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), (seed) => {
        const ref = referenceSfc32(seed);
        const s = new Stream('x', seed);
        for (let i = 0; i < 200; i++) expect(s.nextUint32()).toBe(ref());
      }),
      { seed: 24, numRuns: 100 },
    );
  });

  it('next() is uniform on [0, 1): mean 1/2 and variance 1/12 within 5 standard errors on fixed seeds', () => {
    const n = 200_000;
    for (const seed of [1, 2, 'x', 'pkosim']) {
      const s = createStreams(seed, 0).get('uniform');
      let sum = 0;
      let sumSq = 0;
      let lo = 1;
      let hi = 0;
      for (let i = 0; i < n; i++) {
        const u = s.next();
        sum += u;
        sumSq += u * u;
        lo = Math.min(lo, u);
        hi = Math.max(hi, u);
      }
      const mean = sum / n;
      const variance = sumSq / n - mean * mean;
      // sd of the mean: sqrt(1/12 / n); sd of the sample variance of U(0,1): sqrt((1/80 - 1/144) / n).
      expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
      expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / n));
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThan(1);
    }
  });

  it('fills ten equal bins evenly (chi-square with 9 degrees of freedom below its 0.999 quantile, 27.88)', () => {
    const n = 100_000;
    const bins = new Array(10).fill(0);
    const s = createStreams('bins', 0).get('u');
    for (let i = 0; i < n; i++) bins[Math.floor(s.next() * 10)]++;
    const chi2 = bins.reduce((acc, o) => acc + (o - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.88);
  });

  it('int, intBetween and shuffle stay in range and keep every element (property)', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 1000 }), fc.integer({ min: -50, max: 50 }), (seed, n, lo) => {
        const s = createStreams(seed, 0).get('ints');
        for (let i = 0; i < 50; i++) {
          const k = s.int(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
          const j = s.intBetween(lo, lo + n - 1);
          expect(Number.isInteger(j) && j >= lo && j <= lo + n - 1).toBe(true);
        }
        const a = Int32Array.from({ length: Math.min(n, 100) }, (_, i) => i);
        s.shuffle(a);
        expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: a.length }, (_, i) => i));
      }),
      { seed: 23, numRuns: 100 },
    );
  });
});
