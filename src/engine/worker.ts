// A batch worker: loads the model once, then runs the tasks it is sent and posts each result as it finishes.
// A task t is (point, run) = (floor(t / runs), t % runs); its streams are seeded `seed/run/<name>`, so that
// replication r of every design point uses the same random numbers (common random numbers).
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './batch.js';
import type { ModelRuntime } from './model.js';
import { createStreams } from './rng.js';

const init = workerData as WorkerInit;
const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

// A model's `runtime` export (no zod) when its module has one, else the whole `model`.
const mod = (await import(init.moduleUrl)) as { runtime?: ModelRuntime; model?: ModelRuntime };
const found = mod.runtime ?? mod.model;
if (!found) throw new Error(`worker: ${init.moduleUrl} exports neither \`runtime\` nor \`model\``);
const model: ModelRuntime = found;
const outcomeNames = model.outcomes.map((o) => o.name);
const seriesNames = model.series.map((s) => s.name);

// Results are copied, never transferred: transferring an ArrayBuffer detaches it, and the first detach in an
// isolate invalidates V8's "no ArrayBuffer was ever detached" protector, after which every typed-array access in
// optimised code pays a detach check. The models' hot loops are typed-array code; a transfer list made a worker's
// runs 15-20% slower for the rest of its life (docs/PERFORMANCE.md). Copying a run's few kilobytes costs microseconds.
function post(msg: WorkerResponse): void {
  port?.postMessage(msg);
}

function runTask(task: number, attempt: number): void {
  const point = Math.floor(task / init.runs);
  const run = task % init.runs;
  const fail = init.injectFailure;
  if (fail && fail.task === task && attempt < fail.attempts) {
    if (fail.mode === 'crash') process.exit(70);
    throw new Error(`injected failure (test hook) on task ${task}, attempt ${attempt + 1}`);
  }
  const params = init.points[point];
  const result = model.simulate(params, createStreams(init.seed, run));
  const outcomes = new Float64Array(outcomeNames.length);
  for (let i = 0; i < outcomeNames.length; i++) {
    const v = result.outcomes[outcomeNames[i]];
    outcomes[i] = typeof v === 'number' ? v : Number.NaN;
  }
  let series: Float64Array;
  if (init.collectSeries) {
    const len = model.seriesLength(params);
    series = new Float64Array(seriesNames.length * len);
    for (let i = 0; i < seriesNames.length; i++) {
      const s = result.series[seriesNames[i]];
      if (!s || s.length !== len) {
        throw new Error(`model ${model.name}: series ${seriesNames[i]} has length ${s?.length} instead of ${len}`);
      }
      series.set(s, i * len);
    }
  } else {
    series = new Float64Array(0);
  }
  post({ type: 'result', task, outcomes, series });
}

port.on('message', (msg: WorkerRequest) => {
  if (msg.type !== 'tasks') return;
  for (let i = 0; i < msg.tasks.length; i++) {
    const task = msg.tasks[i];
    try {
      runTask(task, msg.attempts[i]);
    } catch (e) {
      const err = e as Error;
      post({ type: 'error', task, message: err?.message ?? String(e), stack: err?.stack ?? '' });
    }
  }
  post({ type: 'idle' });
});

post({ type: 'ready' });
