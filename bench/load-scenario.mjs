// What the bench's child processes and threads share: a scenario's model and resolved parameters, from dist/.
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
export const { createStreams } = await import(dist('engine/rng.js'));
const { loadModel } = await import(dist('models/registry.js'));
const { loadScenarioFile, resolveScenario } = await import(dist('engine/scenario.js'));

/** The model of `scenario` and its parameters with the `set` overrides (`path=value` strings) applied. */
export async function loadScenario(scenario, set) {
  const model = await loadModel(loadScenarioFile(scenario).model);
  return { model, params: resolveScenario(scenario, model, set).params };
}
