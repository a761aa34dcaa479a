// A batch worker: loads the model once, then runs the tasks it is sent and posts each result as it finishes.
// A task t is (point, run) = (floor(t / runs), t % runs); its streams are seeded `seed/run/<name>`, so that
// replication r of every design point uses the same random numbers (common random numbers).
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInit, WorkerInitMessage, WorkerRequest, WorkerResponse } from './batch.js';
import type { ModelRuntime } from './model.js';
import { createStreams } from './rng.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
// A worker started ahead of its batch (prestartWorkers) has no workerData and gets its WorkerInit first.
const init = (workerData ??
  (await new Promise<WorkerInit>((resolve) =>
    port.once('message', (m: WorkerInitMessage) => resolve(m.init)),
  ))) as WorkerInit;

// A model's `runtime` export (no zod) when its module has one, else the whole `model`.
const mod = (await import(init.moduleUrl)) as { runtime?: ModelRuntime; model?: ModelRuntime };
const found = mod.runtime ?? mod.model;
if (!found) throw new Error(`worker: ${init.moduleUrl} exports neither \`runtime\` nor \`model\``);
const model: ModelRuntime = found;
const outcomeNames = model.outcomes.map((o) => o.name);
const seriesNames = model.series.map((s) => s.name);

// Results go through shared slots or are copied, never transferred: transferring an ArrayBuffer detaches it, and
// the first detach in an isolate invalidates V8's "no ArrayBuffer was ever detached" protector, after which every
// typed-array access in optimised code pays a detach check. The models' hot loops are typed-array code; a transfer
// list made a worker's runs 15-20% slower for the rest of its life (docs/PERFORMANCE.md).
function post(msg: WorkerResponse): void {
  port?.postMessage(msg);
}

// The result slots shared with the main thread (see batch.ts): room for the largest result of any point.
let longestSeries = 0;
if (init.collectSeries) for (const p of init.points) longestSeries = Math.max(longestSeries, model.seriesLength(p));
const slotSize = outcomeNames.length + seriesNames.length * longestSeries;
const slots = init.slots;
const shared = new Float64Array(new SharedArrayBuffer(8 * slotSize * slots));

/** Run a task and post its result, in shared slot `slot` when there is one (slot < slots), else by value. */
function runTask(task: number, attempt: number, slot: number): void {
  const point = Math.floor(task / init.runs);
  const run = task % init.runs;
  const fail = init.injectFailure;
  if (fail && fail.task === task && attempt < fail.attempts) {
    if (fail.mode === 'crash') process.exit(70);
    throw new Error(`injected failure (test hook) on task ${task}, attempt ${attempt + 1}`);
  }
  const params = init.points[point];
  const result = model.simulate(params, createStreams(init.seed, run));
  const nSeries = init.collectSeries ? seriesNames.length * model.seriesLength(params) : 0;
  const inSlot = slot < slots;
  const at = inSlot ? slot * slotSize : 0;
  const outcomes = inSlot ? shared.subarray(at, at + outcomeNames.length) : new Float64Array(outcomeNames.length);
  for (let i = 0; i < outcomeNames.length; i++) {
    const v = result.outcomes[outcomeNames[i]];
    outcomes[i] = typeof v === 'number' ? v : Number.NaN;
  }
  const start = at + outcomeNames.length;
  const series = inSlot ? shared.subarray(start, start + nSeries) : new Float64Array(nSeries);
  if (nSeries > 0) {
    const len = nSeries / seriesNames.length;
    for (let i = 0; i < seriesNames.length; i++) {
      const s = result.series[seriesNames[i]];
      if (!s || s.length !== len) {
        throw new Error(`model ${model.name}: series ${seriesNames[i]} has length ${s?.length} instead of ${len}`);
      }
      series.set(s, i * len);
    }
  }
  if (inSlot) post({ type: 'result', task, slot, nOut: outcomeNames.length, nSeries });
  else post({ type: 'resultByValue', task, outcomes, series });
}

port.on('message', (msg: WorkerRequest) => {
  if (msg.type !== 'tasks') return;
  for (let i = 0; i < msg.tasks.length; i++) {
    const task = msg.tasks[i];
    try {
      runTask(task, msg.attempts[i], i);
    } catch (e) {
      const err = e as Error;
      post({ type: 'error', task, message: err?.message ?? String(e), stack: err?.stack ?? '' });
    }
  }
  post({ type: 'idle' });
});

post({ type: 'ready', shared, slotSize });
