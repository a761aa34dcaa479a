// fast-check arbitraries for the peacekeeping model's parameters, read from the schema itself so that every
// parameter is sampled within its own range (STYLE.md §4). A few cost drivers are capped so that property runs
// stay short; the caps are inside the schema ranges and are listed here.
import fc from 'fast-check';
import { describeParams, setPath } from '../../../src/engine/params.js';
import { type PeacekeepingParams, paramsSchema } from '../../../src/models/peacekeeping/params.js';

/** Upper bounds for test speed only (the schema allows more). */
export const TEST_CAPS: Record<string, number> = {
  horizonMonths: 48,
  'theatre.size': 40,
  'theatre.substepsPerMonth': 4,
  'theatre.initialFighters': 200,
};

export const paramArbitrary: fc.Arbitrary<PeacekeepingParams> = (() => {
  const infos = describeParams(paramsSchema);
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of infos) {
    const cap = TEST_CAPS[p.path];
    if (p.kind === 'boolean') parts[p.path] = fc.boolean();
    else if (p.kind === 'enum') parts[p.path] = fc.constantFrom(...(p.options ?? []));
    else if (p.kind === 'integer') {
      parts[p.path] = fc.integer({ min: p.min ?? 0, max: Math.min(p.max ?? 1000, cap ?? Number.POSITIVE_INFINITY) });
    } else {
      parts[p.path] = fc.double({
        min: p.min ?? 0,
        max: Math.min(p.max ?? 1, cap ?? Number.POSITIVE_INFINITY),
        noNaN: true,
        noDefaultInfinity: true,
      });
    }
  }
  return fc.record(parts).map((flat) => {
    const nested: Record<string, unknown> = {};
    for (const [path, v] of Object.entries(flat)) setPath(nested, path, v);
    return paramsSchema.parse(nested);
  });
})();

export const defaults: PeacekeepingParams = paramsSchema.parse({});

/** The defaults with some groups overridden (nested, like a scenario's params). */
export function withParams(over: Record<string, unknown>): PeacekeepingParams {
  const base = JSON.parse(JSON.stringify(defaults)) as Record<string, unknown>;
  const merge = (into: Record<string, unknown>, from: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(from)) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v))
        merge(into[k] as Record<string, unknown>, v as Record<string, unknown>);
      else into[k] = v;
    }
  };
  merge(base, over);
  return paramsSchema.parse(base);
}
