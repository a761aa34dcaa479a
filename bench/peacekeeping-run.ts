// Hand measurement of one peacekeeping run (baseline defaults unless a preset name is given): ms per run,
// single-threaded, after a warm-up. Run with `npx tsx bench/peacekeeping-run.ts [runs] [preset]`.
import { createStreams } from '../src/engine/rng.js';
import { model } from '../src/models/peacekeeping/index.js';
import { resolveScenario } from '../src/engine/scenario.js';

const runs = Number(process.argv[2] ?? 50);
const preset = process.argv[3] ?? 'baseline';
let params: ReturnType<typeof model.paramsSchema.parse>;
try {
  params = resolveScenario(preset, model).params as typeof params;
} catch {
  params = model.paramsSchema.parse({});
}
for (let r = 0; r < 5; r++) model.simulate(params, createStreams(999, r));
// Wall time and CPU time: on a shared machine the CPU time of this process is the steadier figure.
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
let deaths = 0;
for (let r = 0; r < runs; r++) deaths += model.simulate(params, createStreams(1, r)).outcomes.civilianDeaths;
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(c0);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  `${preset}: ${runs} runs, ${(ms / runs).toFixed(1)} ms wall and ${(cpuMs / runs).toFixed(1)} ms CPU per run ` +
    `(mean civilian deaths ${(deaths / runs).toFixed(1)})`,
);
