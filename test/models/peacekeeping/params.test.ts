// The parameter schema is the single source of truth: it keeps the public names, documents every parameter,
// accepts its own defaults and rejects values out of range with a message naming the path.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/engine/errors.js';
import { defaultParams, describeParams, setPath, validateParams } from '../../../src/engine/params.js';
import { paramsSchema } from '../../../src/models/peacekeeping/params.js';

const PUBLIC: Record<string, string> = {
  'council.fragmentation': 'number',
  'budget.annualGrowth': 'number',
  'regional.capacity': 'number',
  'regional.credibility': 'number',
  'regional.donorDependence': 'number',
  coordination: 'number',
  'mandate.lengthMonths': 'enum',
  'mandate.pocStrength': 'number',
  'partnership.civilSociety': 'number',
  'host.abuse': 'number',
  'threats.hybrid': 'number',
  'threats.proxySupport': 'number',
  accountability: 'number',
  learning: 'number',
  'mission.deploy': 'boolean',
  horizonMonths: 'integer',
  'theatre.substepsPerMonth': 'integer',
};

const infos = describeParams(paramsSchema);

describe('peacekeeping parameter schema', () => {
  it('keeps every public name with its kind', () => {
    for (const [path, kind] of Object.entries(PUBLIC)) {
      const p = infos.find((i) => i.path === path);
      expect(p, path).toBeDefined();
      expect(p?.kind, path).toBe(kind);
    }
    expect(infos.find((i) => i.path === 'mandate.lengthMonths')?.options).toEqual([6, 12, 24, 36]);
  });

  it('documents every parameter: description, unit, source, default inside its range', () => {
    for (const p of infos) {
      expect(p.description.length, p.path).toBeGreaterThan(5);
      expect(p.source?.length ?? 0, p.path).toBeGreaterThan(5);
      expect(typeof p.unit, p.path).toBe('string');
      if (p.kind === 'number' || p.kind === 'integer') {
        expect(p.min, p.path).toBeDefined();
        expect(p.max, p.path).toBeDefined();
        expect(p.default as number, p.path).toBeGreaterThanOrEqual(p.min as number);
        expect(p.default as number, p.path).toBeLessThanOrEqual(p.max as number);
      }
    }
  });

  it('accepts its own defaults', () => {
    const d = defaultParams(paramsSchema);
    expect(validateParams(paramsSchema, d)).toEqual(d);
  });

  it('rejects each numeric parameter just outside its range, naming the path', () => {
    for (const p of infos) {
      if (p.kind !== 'number' && p.kind !== 'integer') continue;
      for (const bad of [(p.min as number) - 1, (p.max as number) + 1]) {
        const params = defaultParams(paramsSchema);
        setPath(params, p.path, bad);
        expect(() => validateParams(paramsSchema, params), p.path).toThrow(InputError);
        try {
          validateParams(paramsSchema, params);
        } catch (e) {
          expect((e as Error).message).toContain(p.path);
        }
      }
    }
  });

  it('rejects a mandate length that is not 6, 12, 24 or 36 months', () => {
    const params = defaultParams(paramsSchema);
    setPath(params, 'mandate.lengthMonths', 18);
    expect(() => validateParams(paramsSchema, params)).toThrow(/mandate\.lengthMonths/);
  });
});
