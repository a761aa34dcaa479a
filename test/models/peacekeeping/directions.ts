// Direction properties on common random numbers: for each pattern the model claims (src/models/peacekeeping/
// patterns.ts), run r of setting A and run r of setting B share their seed, and the mean paired difference must
// have the claimed sign with a margin: at least 3 standard errors from zero (a one-sided 99.9% bound) and the
// claimed sign in most pairs. The seed is fixed, so the test replays exactly; the run counts are large enough
// that the margin holds by a wide distance (docs/VALIDATION.md lists the figures).
//
// The patterns are split over two test files (directions-1 and directions-2.test.ts, every other pattern each):
// vitest runs files, not tests, side by side, and in one file these runs took half of `npm test`.
import { describe, expect, it } from 'vitest';
import { PATTERNS, PATTERN_SEED, comparePaired } from '../../../src/models/peacekeeping/patterns.js';

const MIN_T = 3;

/** The patterns with index = part (mod parts); the test files together cover every pattern. */
export function patternsOfPart(part: number, parts: number): typeof PATTERNS {
  return PATTERNS.filter((_, i) => i % parts === part);
}

export function describeDirections(part: number, parts: number): void {
  describe(`peacekeeping model: directions on common random numbers (part ${part + 1} of ${parts})`, () => {
    it.each(patternsOfPart(part, parts).map((p) => [p.id, p] as const))('%s', (_id, pattern) => {
      const r = comparePaired(pattern, PATTERN_SEED);
      const where = `${pattern.claim}: A ${r.meanA}, B ${r.meanB}, diff ${r.meanDiff} (se ${r.se}, n ${r.n})`;
      expect(r.n, where).toBeGreaterThanOrEqual(Math.floor(pattern.runs * 0.9));
      expect(pattern.direction * r.meanDiff, where).toBeGreaterThan(0);
      expect(pattern.direction * r.t, where).toBeGreaterThanOrEqual(MIN_T);
      expect(r.agreeing, where).toBeGreaterThan(0.5);
    });
  });
}
