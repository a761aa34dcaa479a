// Derived outcomes (`metrics:` in scenario and experiment files): expressions over a run's outcomes, computed
// on the main thread as results are assembled, and written in every output beside the native outcomes.
import { compileMetrics } from './expressions.js';
import type { MetricSpec, Model } from './model.js';

export interface DerivedOutcomes {
  readonly specs: readonly MetricSpec[];
  derive(outcomes: Float64Array): Float64Array;
}

/** Compile a model's derived outcomes; throws an InputError naming the file and key of a bad expression. */
export function compileDerived(model: Model, metrics: Record<string, string> | undefined, file?: string): DerivedOutcomes | undefined {
  if (!metrics || Object.keys(metrics).length === 0) return undefined;
  const names = model.outcomes.map((o) => o.name);
  const sample: Record<string, number> = Object.fromEntries(names.map((n) => [n, 1]));
  const compiled = compileMetrics(metrics, names, { file, sample });
  const keys = Object.keys(metrics);
  return {
    specs: keys.map((k) => ({ name: k, unit: '', description: `derived: ${metrics[k]}` })),
    derive(outcomes: Float64Array): Float64Array {
      const scope: Record<string, number> = {};
      for (let i = 0; i < names.length; i++) scope[names[i]] = outcomes[i];
      const v = compiled.evaluate(scope);
      return Float64Array.from(keys, (k) => v[k]);
    },
  };
}

/** The outcomes a results folder reports: the model's, then the derived ones. */
export function allOutcomeSpecs(model: Model, derived?: DerivedOutcomes): MetricSpec[] {
  return [...model.outcomes, ...(derived?.specs ?? [])];
}
