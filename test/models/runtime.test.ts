import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ModelRuntime } from '../../src/engine/model.js';
import { MODELS, loadModel } from '../../src/models/registry.js';

// Batch workers load a model's `runtime` module, which must be the model minus its schema and must not load zod
// (it would add about 0.1 s to every worker's start-up).

/** The packages and files a TypeScript source file imports at run time (type-only imports left out), recursively. */
function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)) {
    if (m[1]) continue;
    const spec = m[2];
    if (spec.startsWith('.')) runtimeImports(resolve(dirname(file), spec.replace(/\.js$/, '.ts')), seen);
    else seen.add(spec);
  }
  return seen;
}

describe.each(MODELS.map((m) => [m.name, m] as const))('the %s runtime module', (_name, entry) => {
  it('is the model without its schema', async () => {
    const model = await loadModel(entry.name);
    const mod = (await import(entry.runtimeUrl)) as { runtime: ModelRuntime };
    const rt = mod.runtime;
    expect(rt.name).toBe(model.name);
    expect(rt.outcomes).toEqual(model.outcomes);
    expect(rt.series).toEqual(model.series);
    expect(rt.stepUnit).toBe(model.stepUnit);
    expect(rt.simulate).toBe(model.simulate);
    const params = model.paramsSchema.parse({});
    expect(rt.seriesLength(params)).toBe(model.seriesLength(params));
  });

  it('does not import zod, even indirectly', () => {
    // Under vitest the registry points into src/, where the module is the .ts file.
    const file = fileURLToPath(entry.runtimeUrl).replace(/\.js$/, '.ts');
    const imports = runtimeImports(file);
    expect([...imports].filter((s) => s === 'zod' || s.startsWith('zod/'))).toEqual([]);
    // The walk did reach the model's code.
    expect([...imports].some((s) => s.endsWith('simulate.ts'))).toBe(true);
  });
});
