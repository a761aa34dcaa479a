// A child process for `npm run bench`'s model ceiling: loads a scenario's model, runs `warm` throwaway runs so that
// V8 has compiled it, then times `runs` runs and prints the seconds. Usage: warm-model.mjs SCENARIO WARM RUNS [SET...]
import { createStreams, loadScenario } from './load-scenario.mjs';

const [scenario, warmArg, runsArg, ...set] = process.argv.slice(2);
const { model, params } = await loadScenario(scenario, set);
for (let r = 0; r < Number(warmArg); r++) model.simulate(params, createStreams('warm', r));
const t0 = process.hrtime.bigint();
for (let r = 0; r < Number(runsArg); r++) model.simulate(params, createStreams(1, r));
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e9));
