// The second half of the peacekeeping model's direction tests, and a check that the halves cover every pattern.
import { describe, expect, it } from 'vitest';
import { PATTERNS } from '../../../src/models/peacekeeping/patterns.js';
import { describeDirections, patternsOfPart } from './directions.js';

describeDirections(1, 2);

describe('the direction tests cover every pattern once', () => {
  it('the two parts are disjoint and together are PATTERNS', () => {
    const ids = [...patternsOfPart(0, 2), ...patternsOfPart(1, 2)].map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(PATTERNS.map((p) => p.id).sort());
  });
});
