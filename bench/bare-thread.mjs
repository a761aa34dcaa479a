// A worker thread for `npm run bench`'s reference: runs of a scenario in a bare thread (no pool, no task log,
// no files), to compare the pool against. workerData: { scenario, set, runs, first }.
import { parentPort, workerData } from 'node:worker_threads';
import { createStreams, loadScenario } from './load-scenario.mjs';

const { scenario, set, runs, first } = workerData;
const { model, params } = await loadScenario(scenario, set);
parentPort.postMessage('ready');
parentPort.once('message', () => {
  for (let r = first; r < first + runs; r++) model.simulate(params, createStreams(1, r));
  parentPort.postMessage('done');
});
