// A worker thread for `npm run bench`'s reference: runs of a scenario in a bare thread (no pool, no task log,
// no files), to compare the pool against. workerData: { scenario, set, runs, first }.
import { parentPort, workerData } from 'node:worker_threads';

const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { createStreams } = await import(dist('engine/rng.js'));
const { loadModel } = await import(dist('models/registry.js'));
const { loadScenarioFile, resolveScenario } = await import(dist('engine/scenario.js'));
const { scenario, set, runs, first } = workerData;
const model = await loadModel(loadScenarioFile(scenario).model);
const params = resolveScenario(scenario, model, set).params;
parentPort.postMessage('ready');
parentPort.once('message', () => {
  for (let r = first; r < first + runs; r++) model.simulate(params, createStreams(1, r));
  parentPort.postMessage('done');
});
