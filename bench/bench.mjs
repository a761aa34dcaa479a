#!/usr/bin/env node
// `npm run bench`: speed and memory of pkosim on this machine, from the built code (dist/). Plain Node, no test
// runner. Prints a table and writes bench.json. Warm-up runs first; medians reported with min and max.
//
//   npm run bench                 everything (17 minutes on 2 cores on 2026-11-28, 29 on the slower 2026-12-07)
//   npm run bench -- --quick      fewer repetitions and a 10,000-run memory batch instead of 100,000
//   npm run bench -- --long       also 2,000-run epstein-mesa batches on 1 and 2 workers (about 6 minutes more on
//                                 2026-11-28; the whole --long pass, without section 2c, took 50 on the slow 2026-12-08)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const long = process.argv.includes('--long');
if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.log('bench: building dist/ first (npm run build)');
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { createStreams } = await import(dist('engine/rng.js'));
const { loadModel } = await import(dist('models/registry.js'));
const { resolveScenario } = await import(dist('engine/scenario.js'));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });
const f = (x, d = 3) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(d));

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  date: new Date().toISOString(),
};
console.log(`pkosim bench — ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}${quick ? ' (quick)' : ''}\n`);
const results = { machine, quick };

// 1. Epstein, the Mesa configuration: ms per step over 200 steps, several seeds, in this thread.
{
  const model = await loadModel('epstein');
  const sc = resolveScenario('epstein-mesa', model);
  const params = { ...sc.params, steps: 200 };
  const seeds = quick ? 5 : 9;
  for (let w = 0; w < 3; w++) model.simulate(params, createStreams('warmup', w));
  const perStep = [];
  for (let s = 0; s < seeds; s++) {
    const t0 = process.hrtime.bigint();
    model.simulate(params, createStreams(1000 + s, 0));
    perStep.push(Number(process.hrtime.bigint() - t0) / 1e6 / params.steps);
  }
  const side = params.width * params.height;
  const agents = Math.round(side * params.citizenDensity) + Math.round(side * params.copDensity);
  const st = stats(perStep);
  results.epsteinMesa = { steps: params.steps, agentsApprox: agents, msPerStep: st, agentStepsPerSecond: (agents * 1000) / st.median, mesaMsPerStep: 94 };
  console.log(`epstein-mesa (${params.width}x${params.height}, ~${agents} agents, ${params.steps} steps, ${seeds} seeds)`);
  console.log(`  ms/step     median ${f(st.median)}  min ${f(st.min)}  max ${f(st.max)}   (Mesa 3.3.1: ~94; target <= 0.3)`);
  console.log(`  agent-steps/s  ${f(results.epsteinMesa.agentStepsPerSecond / 1e6)} million   (${f(94 / st.median)}x Mesa)\n`);
}

// 1b. A floor under an Epstein step, measured on its own on the same lattice, agent count and vision as
// epstein-mesa: per agent, one random draw (its place in the activation order) and one neighbourhood total
// (a sum of 2r + 1 row segments from prefix sums): the least that any rule reading what an agent sees costs.
// The model's own step adds the arrest estimate, the move, the updates of the counts, jail and bookkeeping.
{
  const { Torus, CountField, makeNeighbourhood } = await import(dist('engine/grid.js'));
  const { Stream } = await import(dist('engine/rng.js'));
  const torus = new Torus(40, 40);
  const nb = makeNeighbourhood('vonNeumann', 7);
  const fields = [new CountField(torus), new CountField(torus), new CountField(torus)];
  const rng = new Stream('limit', 'bench/limit');
  const agents = results.epsteinMesa.agentsApprox;
  for (let c = 0; c < agents; c++) fields[0].counts[(c * 7919) % torus.size] = 1;
  for (let c = 0; c < 118; c++) fields[1].counts[(c * 104729) % torus.size] = 1;
  for (let c = 0; c < 40; c++) fields[2].counts[(c * 1299709) % torus.size] = 1;
  for (const fl of fields) fl.rebuild();
  let sink = 0;
  const step = () => {
    for (let a = 0; a < agents; a++) {
      const c = rng.int(torus.size);
      sink += fields[0].sumAround(c, nb);
    }
  };
  for (let i = 0; i < 50; i++) step();
  const xs = [];
  for (let rep = 0; rep < (quick ? 5 : 9); rep++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) step();
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6 / 200);
  }
  const st = stats(xs);
  results.epsteinFloor = { msPerStep: st, nsPerAgent: (st.median * 1e6) / agents, note: '1 draw + 1 neighbourhood total per agent', sink: sink > 0 };
  console.log(`  floor: 1 draw + 1 neighbourhood total per agent, on their own: ${f(st.median)} ms/step (${f(results.epsteinFloor.nsPerAgent)} ns per agent); the model takes ${f(results.epsteinMesa.msPerStep.median / st.median)}x that\n`);
}

// 2. Whole batches through the CLI on 1 and 2 workers (includes worker start-up and file writing).
function timeCli(args, cpu) {
  const out = mkdtempSync(join(tmpdir(), 'pkosim-bench-'));
  const cli = [join(root, 'bin', 'pkosim.js'), ...args, '--quiet', '--force', '--out', out];
  // `cpu`: the whole process (main thread, worker, V8's helper threads) pinned to that one CPU with taskset.
  const [cmd, argv] = cpu === undefined ? [process.execPath, cli] : ['taskset', ['-c', String(cpu), process.execPath, ...cli]];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`bench: pkosim ${args.join(' ')} failed:\n${r.stderr}`);
  return s;
}

// Can batches be pinned to one CPU? (taskset, from util-linux, on Linux; the capacity measure below is for 2 CPUs.)
const canPin = process.platform === 'linux' && cpus().length === 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

// The machine is a shared virtual machine whose speed drifts by 10-30% from one minute to the next, and whose two
// CPUs are not equally fast: at times one of them runs this workload 30-45% slower than the other (the host shares
// it), and which one changes within minutes. So 1- and 2-worker batches are timed in interleaved groups (alternating
// which goes first) and each group gives its own ratios; medians are reported with min and max beside them.
// With taskset, each group also times the 1-worker batch pinned to each CPU in turn: the machine's capacity at that
// moment is the sum of the two pinned throughputs, and 2 workers' share of it is the parallel efficiency that does
// not depend on how fast the CPU was that a lone worker happened to get (2 x that share is the speed-up the pool
// would show on two equal CPUs).
//
// Each group also measures the machine's ceiling at that moment: a pure integer loop (no memory traffic, no
// allocation, nothing for V8 to compile after its first milliseconds) run in one process alone, then in two
// processes at once, then alone again, each process timing its own loop. The two processes' throughput together
// over that of one alone (the mean of the two lone times) is the most any two-way parallel program could gain at
// that moment. The machine's speed moves by up to 40% within seconds (a lone loop took 0.79 s, and 1.31 s
// two seconds later), so a single sample says little; two samples per group, medians reported.
const SPIN = `let s=0;const t=process.hrtime.bigint();for(let i=0;i<4e8;i++)s+=i%7;process.stdout.write((Number(process.hrtime.bigint()-t)/1e9)+(s>0?'':'!'))`;
/** Spawn `node ...args`, which prints the seconds it timed; resolve to them. */
function timedChild(args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(Number(out)) : reject(new Error(`bench: node ${args[0]} exited ${code}`))));
  });
}
/** One process alone, two at once, one alone again: the two together over one alone (the mean of the lone times). */
async function twoAtOnceOverOne(args) {
  const before = await timedChild(args);
  const [a, b] = await Promise.all([timedChild(args), timedChild(args)]);
  const after = await timedChild(args);
  return ((before + after) / 2) * (1 / a + 1 / b);
}
const spinCeiling = () => twoAtOnceOverOne(['-e', SPIN]);

async function batchThroughput(scenario, runs, pairs, extra, pin = true) {
  timeCli(['run', scenario, '--runs', String(Math.min(runs, 20)), '--workers', '2', ...extra]); // warm the file cache
  const secs = { 1: [], 2: [] };
  const ratios = [];
  const pinned = { 0: [], 1: [] };
  const shares = [];
  const cpuRatios = [];
  const ceilings = [];
  const ofCeiling = [];
  for (let i = 0; i < pairs; i++) {
    const t = {};
    const args = (workers) => ['run', scenario, '--runs', String(runs), '--workers', String(workers), '--seed', String(7 + i), ...extra];
    for (const workers of i % 2 ? [2, 1] : [1, 2]) {
      t[workers] = timeCli(args(workers));
      secs[workers].push(t[workers]);
    }
    ratios.push(t[1] / t[2]);
    for (let k = 0; k < 2; k++) {
      const ceiling = await spinCeiling();
      ceilings.push(ceiling);
      ofCeiling.push(t[1] / t[2] / ceiling);
    }
    if (canPin && pin) {
      const p = {};
      for (const cpu of i % 2 ? [1, 0] : [0, 1]) {
        p[cpu] = timeCli(args(1), cpu);
        pinned[cpu].push(p[cpu]);
      }
      shares.push(1 / t[2] / (1 / p[0] + 1 / p[1]));
      cpuRatios.push(Math.min(p[0], p[1]) / Math.max(p[0], p[1]));
    }
  }
  const row = {};
  for (const w of [1, 2]) {
    const st = stats(secs[w]);
    row[w] = { seconds: st, runsPerSecond: runs / st.median };
  }
  row.speedup = stats(ratios);
  row.parallelEfficiency = row.speedup.median / 2;
  row.machineCeiling = stats(ceilings);
  row.speedupShareOfCeiling = stats(ofCeiling);
  if (canPin && pin) {
    row.pinned = { cpu0: stats(pinned[0]), cpu1: stats(pinned[1]), slowerCpuSpeed: stats(cpuRatios) };
    row.capacityShare = stats(shares);
  }
  return row;
}

// A reference for the pool: the same runs in bare worker threads (no pool, no task log, no files, no CLI), one
// thread with all the runs, then two threads with half each, timed from the moment every thread has loaded the
// model to the last one's end. What two bare threads gain over one is what the cores, their shared caches and
// V8's background compiler threads (which a lone worker runs on the idle core for free) leave to any pool.
function bareThreads(scenario, set, runs, threads) {
  return new Promise((resolvePromise, reject) => {
    const ws = [];
    let ready = 0;
    let done = 0;
    let t0 = 0n;
    for (let k = 0; k < threads; k++) {
      const w = new Worker(new URL('./bare-thread.mjs', import.meta.url), {
        workerData: { scenario, set, runs: runs / threads, first: (k * runs) / threads },
      });
      w.on('error', reject);
      w.on('message', (m) => {
        if (m === 'ready' && ++ready === threads) {
          t0 = process.hrtime.bigint();
          for (const x of ws) x.postMessage('go');
        } else if (m === 'done' && ++done === threads) {
          const s = Number(process.hrtime.bigint() - t0) / 1e9;
          Promise.all(ws.map((x) => x.terminate())).then(() => resolvePromise(s), reject);
        }
      });
      ws.push(w);
    }
  });
}

async function bareReference(scenario, runs, reps, set) {
  const one = [];
  const two = [];
  const ratios = [];
  for (let i = 0; i < reps; i++) {
    const a = await bareThreads(scenario, set, runs, 1);
    const b = await bareThreads(scenario, set, runs, 2);
    one.push(a);
    two.push(b);
    ratios.push(a / b);
  }
  return { runs, oneThread: stats(one), twoThreads: stats(two), speedup: stats(ratios) };
}

// 2b. What one worker spends compiling: V8 optimises a model's hot functions on background threads, once per
// isolate. A lone worker has the idle core for that; two workers share both cores with it, so it is a cost that
// a second worker cannot halve. Summed from `node --trace-opt` over the first 100 runs in a fresh process.
function compileSeconds(scenario, set, runs) {
  const script = `const { createStreams, loadScenario } = await import(${JSON.stringify(new URL('./load-scenario.mjs', import.meta.url).href)});
const { model, params } = await loadScenario(${JSON.stringify(scenario)}, ${JSON.stringify(set)});
for (let r = 0; r < ${runs}; r++) model.simulate(params, createStreams(1, r));`;
  const r = spawnSync(process.execPath, ['--trace-opt', '--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`bench: compile trace of ${scenario} failed:\n${r.stderr}`);
  let ms = 0;
  let count = 0;
  for (const m of r.stdout.matchAll(/took ([\d.]+), ([\d.]+), ([\d.]+) ms/g)) {
    ms += Number(m[1]) + Number(m[2]) + Number(m[3]);
    count++;
  }
  return { runs, compilations: count, seconds: ms / 1000 };
}

const batchRows = [
  { name: 'epstein-mesa', runs: quick ? 100 : 200, extra: ['--set', 'steps=200'], pairs: quick ? 2 : 5, reference: true },
  { name: 'baseline', runs: quick ? 200 : 1000, extra: [], pairs: quick ? 2 : 3, reference: true },
  ...(long ? [{ name: 'epstein-mesa', runs: 2000, extra: ['--set', 'steps=200'], pairs: 3, reference: false }] : []),
];
for (const { name, runs, extra, pairs, reference } of batchRows) {
  const row = await batchThroughput(name, runs, pairs, extra, reference);
  const key = reference ? `batch_${name}` : `batch_${name}_${runs}`;
  results[key] = { runs, args: extra, pairs, ...row };
  console.log(`${name}${extra.length ? ` (${extra.join(' ')})` : ''}: ${runs} runs per batch, ${pairs} interleaved pairs of batches on 1 and 2 workers`);
  for (const w of [1, 2]) {
    console.log(`  ${w} worker${w > 1 ? 's' : ' '}  ${f(row[w].runsPerSecond)} runs/s   wall median ${f(row[w].seconds.median)} s (min ${f(row[w].seconds.min)}, max ${f(row[w].seconds.max)})`);
  }
  console.log(`  speed-up (median of the pairs' ratios) ${f(row.speedup.median)}x (min ${f(row.speedup.min)}, max ${f(row.speedup.max)}), parallel efficiency ${(100 * row.parallelEfficiency).toFixed(0)}%`);
  console.log(
    `  the machine's ceiling at the same moments (two concurrent pure-CPU loops over one alone): median ${f(row.machineCeiling.median)}x ` +
      `(min ${f(row.machineCeiling.min)}, max ${f(row.machineCeiling.max)}); the pool's speed-up is ${(100 * row.speedupShareOfCeiling.median).toFixed(0)}% of it ` +
      `(min ${(100 * row.speedupShareOfCeiling.min).toFixed(0)}%, max ${(100 * row.speedupShareOfCeiling.max).toFixed(0)}%)`,
  );
  if (row.pinned) {
    const pc = row.pinned;
    console.log(`  1 worker pinned to CPU 0: ${f(pc.cpu0.median)} s (min ${f(pc.cpu0.min)}, max ${f(pc.cpu0.max)}); to CPU 1: ${f(pc.cpu1.median)} s (min ${f(pc.cpu1.min)}, max ${f(pc.cpu1.max)})`);
    console.log(`  the slower CPU's speed as a share of the faster's: median ${f(pc.slowerCpuSpeed.median)} (min ${f(pc.slowerCpuSpeed.min)}, max ${f(pc.slowerCpuSpeed.max)})`);
    console.log(`  2 workers' share of the two pinned throughputs (efficiency on the machine's capacity): median ${(100 * row.capacityShare.median).toFixed(0)}% (min ${(100 * row.capacityShare.min).toFixed(0)}%, max ${(100 * row.capacityShare.max).toFixed(0)}%), i.e. ${f(2 * row.capacityShare.median)}x on two equal CPUs`);
  }
  if (!reference) {
    console.log('');
    continue;
  }
  const set = extra.filter((_, i) => extra[i - 1] === '--set'); // the values of the row's --set flags
  const c = await bareReference(name, runs, quick ? 1 : 3, set);
  results[key].bareThreads = c;
  console.log(
    `  reference, the same ${runs} runs in bare threads (no pool, no files): 1 thread ${f(c.oneThread.median)} s, ` +
      `2 threads ${f(c.twoThreads.median)} s, speed-up ${f(c.speedup.median)}x (min ${f(c.speedup.min)}, max ${f(c.speedup.max)})`,
  );
  const comp = compileSeconds(name, set, 100);
  results[key].compile = comp;
  console.log(
    `  one isolate makes ${comp.compilations} optimising compilations taking ${f(comp.seconds)} s of CPU (first 100 runs, node --trace-opt): ` +
      'a lone worker does that on the idle core, two workers on the cores their runs need\n',
  );
}

// 2c. The model's own ceiling: what two cores give the model itself, with no pool, no threads sharing a process, no
// start-up and no compiling. Each sample runs the model, already compiled (WARM_RUNS throwaway runs first, not
// timed), in one process alone, then in two processes at once, then alone again, each process timing its own runs,
// and takes the same ratio as the machine's ceiling above; a sample of that pure-loop ceiling is taken beside each
// one, in the same minutes. Where the model gains less than the pure loop, the cores slow each other on the model's
// own work (its memory traffic and branches), which no pool or compiler setting can take back.
const WARM_RUNS = 30;
async function modelCeiling(scenario, runs, set, samples) {
  const script = fileURLToPath(new URL('./warm-model.mjs', import.meta.url));
  const model = [];
  const loop = [];
  for (let i = 0; i < samples; i++) {
    model.push(await twoAtOnceOverOne([script, scenario, String(WARM_RUNS), String(runs), ...set]));
    loop.push(await spinCeiling());
  }
  return { runs, samples, model: stats(model), pureLoop: stats(loop), modelOverLoop: stats(model.map((m, i) => m / loop[i])) };
}
{
  results.modelCeiling = {};
  const rows = [
    { name: 'epstein-mesa', set: ['steps=200'], runs: quick ? 30 : 60 },
    { name: 'baseline', set: [], runs: quick ? 20 : 40 },
  ];
  console.log("the model's own ceiling: the compiled model alone, then in two processes at once, then alone (no pool, no start-up)");
  for (const { name, set, runs } of rows) {
    const c = await modelCeiling(name, runs, set, quick ? 2 : 6);
    results.modelCeiling[name] = c;
    console.log(
      `  ${name}, ${runs} runs a process: two processes give ${f(c.model.median)}x one (median of ${c.samples}, min ${f(c.model.min)}, max ${f(c.model.max)}); ` +
        `the pure loop in the same minutes ${f(c.pureLoop.median)}x (min ${f(c.pureLoop.min)}, max ${f(c.pureLoop.max)})`,
    );
  }
  console.log('');
}

// 3. Peak RSS of a small batch at two sizes: memory must not grow with the number of runs.
function peakRss(runs) {
  const out = mkdtempSync(join(tmpdir(), 'pkosim-rss-'));
  const script = `const { main } = await import(${JSON.stringify(dist('cli.js'))});
const code = await main(['run', ${JSON.stringify(join(root, 'bench', 'small.yaml'))}, '--runs', '${runs}', '--workers', '2', '--quiet', '--force', '--out', ${JSON.stringify(out)}]);
process.stdout.write(JSON.stringify({ code, maxRssKiB: process.resourceUsage().maxRSS }));`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  rmSync(out, { recursive: true, force: true });
  const last = r.stdout.trim().split('\n').pop();
  const parsed = JSON.parse(last ?? '{}');
  if (parsed.code !== 0) throw new Error(`bench: small batch of ${runs} failed: ${r.stderr}`);
  return { runs, peakRssMiB: parsed.maxRssKiB / 1024, seconds: secs };
}
{
  const big = quick ? 10_000 : 100_000;
  const a = peakRss(1000);
  const b = peakRss(big);
  results.memory = { small: a, large: b, ratio: b.peakRssMiB / a.peakRssMiB };
  console.log('memory: peak RSS of a small scenario (bench/small.yaml), whole process with its 2 workers');
  console.log(`  ${a.runs} runs   ${f(a.peakRssMiB)} MiB  (${f(a.seconds)} s)`);
  console.log(`  ${b.runs} runs   ${f(b.peakRssMiB)} MiB  (${f(b.seconds)} s)`);
  console.log(`  ratio ${f(results.memory.ratio)} (target <= 1.2)\n`);
}

writeFileSync(join(root, 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('bench: wrote bench.json');
