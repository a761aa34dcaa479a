// Hand-run timing of the Epstein model (not a test, not `npm run bench`): milliseconds per step of a preset over
// a few seeds, after warm-up runs. Usage: npx tsx bench/epstein-step.ts [preset] [steps] [seeds]
//   e.g. npx tsx bench/epstein-step.ts epstein-mesa 200 5
import { createStreams } from '../src/engine/rng.js';
import { resolveScenario } from '../src/engine/scenario.js';
import { model } from '../src/models/epstein/index.js';

const preset = process.argv[2] ?? 'epstein-mesa';
const steps = Number(process.argv[3] ?? 200);
const seeds = Number(process.argv[4] ?? 5);
const params = model.paramsSchema.parse({ ...resolveScenario(preset, model).params, steps });

for (let w = 0; w < 3; w++) model.simulate(params, createStreams('warm-up', w));
// Wall time, and CPU time of this process (less sensitive to other processes on a shared machine).
const perStep: number[] = [];
const cpuPerStep: number[] = [];
for (let seed = 1; seed <= seeds; seed++) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = model.simulate(params, createStreams(seed, 0));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(c0);
  perStep.push(ms / steps);
  cpuPerStep.push((cpu.user + cpu.system) / 1000 / steps);
  console.log(
    `seed ${seed}: ${(ms / steps).toFixed(4)} ms/step wall, ${cpuPerStep[seed - 1].toFixed(4)} cpu ` +
      `(meanActiveShare ${r.outcomes.meanActiveShare.toFixed(4)}, meanJailedShare ${r.outcomes.meanJailedShare.toFixed(4)})`,
  );
}
cpuPerStep.sort((a, b) => a - b);
perStep.sort((a, b) => a - b);
console.log(
  `${preset}, ${steps} steps, ${seeds} seeds: median ${perStep[Math.floor(seeds / 2)].toFixed(4)} ms/step ` +
    `(min ${perStep[0].toFixed(4)}, max ${perStep[seeds - 1].toFixed(4)}); ` +
    `cpu median ${cpuPerStep[Math.floor(seeds / 2)].toFixed(4)} ms/step (min ${cpuPerStep[0].toFixed(4)})`,
);
