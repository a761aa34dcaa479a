// Monte Carlo over a worker_threads pool.
//
// The pool sends chunks of task ids to workers and hands every result to `onResult` as soon as it arrives (the
// caller records it durably; ordering by task happens when the results are assembled, so the files do not
// depend on which worker finished first). A worker writes the k-th result of a chunk into slot k of a
// SharedArrayBuffer it shares with the main thread and posts only the task id and the slot: no buffer is
// allocated, copied or transferred per result. A slot is reused only in a later chunk, which the main thread
// sends after it has handled every message of the chunk before (messages arrive in order), so a slot is never
// written while it is being read. A task that throws is retried once; a worker that crashes is
// replaced, and the task it was running is retried once; a task that fails twice is reported, and the rest of
// the batch goes on.
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Seed } from './rng.js';

export interface InjectedFailure {
  /** Task id that fails. */
  readonly task: number;
  /** It fails on attempts 0 .. attempts-1 (1: fails once, then succeeds on retry; 2: fails twice). */
  readonly attempts: number;
  /** 'throw' raises an error in simulate; 'crash' exits the worker thread. */
  readonly mode: 'throw' | 'crash';
}

export interface WorkerInit {
  readonly moduleUrl: string;
  readonly points: readonly Record<string, unknown>[];
  readonly seed: Seed;
  readonly runs: number;
  readonly collectSeries: boolean;
  /** Result slots each worker shares with the main thread (the largest chunk it can be sent, at most MAX_SLOTS). */
  readonly slots: number;
  readonly injectFailure?: InjectedFailure;
}

export type WorkerRequest = { type: 'tasks'; tasks: number[]; attempts: number[] };
/** The first message to a worker started without workerData (prestartWorkers). */
export type WorkerInitMessage = { type: 'init'; init: WorkerInit };
export type WorkerResponse =
  /** `shared`: the worker's result slots, `slotSize` numbers each. */
  | { type: 'ready'; shared: Float64Array; slotSize: number }
  | { type: 'idle' }
  /** A result in slot `slot` of the shared buffer: nOut outcomes, then nSeries series values. */
  | { type: 'result'; task: number; slot: number; nOut: number; nSeries: number }
  /** A result sent by value (a chunk longer than the worker's slots). */
  | { type: 'resultByValue'; task: number; outcomes: Float64Array; series: Float64Array }
  | { type: 'error'; task: number; message: string; stack: string };

export interface BatchPlan extends Omit<WorkerInit, 'slots'> {
  /** Task ids to compute (task = point * runs + run). */
  readonly tasks: ArrayLike<number>;
  readonly workers: number;
  /** Tasks sent to a worker at once; default chosen from the batch size. */
  readonly chunkSize?: number;
}

export interface TaskFailure {
  readonly task: number;
  readonly point: number;
  readonly run: number;
  readonly message: string;
}

export interface BatchCallbacks {
  /** A finished task. The arrays may be views of shared memory that a later result overwrites: copy what you keep. */
  onResult(task: number, outcomes: Float64Array, series: Float64Array): void;
  onProgress?(done: number, total: number): void;
  /** Called when a task fails for the last time. */
  onFailure?(failure: TaskFailure): void;
}

export interface BatchOutcome {
  readonly completed: number;
  readonly failed: readonly TaskFailure[];
  readonly interrupted: boolean;
}

export function defaultWorkers(): number {
  return Math.max(1, cpus().length);
}

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

/**
 * A worker's young generation is capped at 8 MiB. V8 grows a young generation whenever the bytes surviving its
 * scavenges, summed since the last growth, exceed its size; a worker's survivors are the run in progress, so over
 * a long batch the sum keeps rising and each worker's young generation grew to its 32 MiB maximum after about 35 s,
 * which made a 100,000-run batch's peak RSS 1.5 times a 1,000-run batch's. A run's live state is far below 8 MiB
 * for every model here, and the cap changed no batch time measured (docs/PERFORMANCE.md).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

/**
 * Start one worker: the compiled file directly, or (from TypeScript sources) through tsx's loader. Without
 * `init` the worker waits for it in its first message (a worker started ahead of its batch).
 */
function spawnWorker(init: WorkerInit | undefined): Worker {
  const workerData = init ?? null;
  if (WORKER_URL.pathname.endsWith('.js')) {
    return new Worker(WORKER_URL, { workerData, execArgv: [], resourceLimits: WORKER_LIMITS });
  }
  // Node 20's workers do not inherit tsx's loader; register it in the worker before importing the .ts file.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); }).catch((e) => { console.error(e); process.exit(1); });`;
  return new Worker(bootstrap, { eval: true, workerData, execArgv: [], resourceLimits: WORKER_LIMITS });
}

/** Workers started ahead of a batch, waiting for their WorkerInit; unreferenced, so unused ones never hold the process. */
const waiting: { worker: Worker; exited: boolean }[] = [];

/**
 * Start `count` workers now, for the next batch of this process to take: a worker takes 0.1-0.15 s to start and
 * load, which the CLI otherwise pays after it has loaded the scenario; started first, it overlaps the CLI's own
 * loading. The batch sends each its WorkerInit, and starts more if it needs them.
 */
export function prestartWorkers(count: number): void {
  while (waiting.length < count) {
    const entry = { worker: spawnWorker(undefined), exited: false };
    entry.worker.unref();
    // A waiting worker that fails is dropped; the batch starts a fresh one and reports that one's errors.
    entry.worker.on('error', () => {});
    entry.worker.once('exit', () => {
      entry.exited = true;
    });
    waiting.push(entry);
  }
}

/** Workers started ahead and not yet taken by a batch. */
export function waitingWorkers(): number {
  return waiting.filter((e) => !e.exited).length;
}

function startWorker(init: WorkerInit): Worker {
  for (let entry = waiting.shift(); entry; entry = waiting.shift()) {
    if (entry.exited) continue;
    entry.worker.ref();
    entry.worker.postMessage({ type: 'init', init } satisfies WorkerInitMessage);
    return entry.worker;
  }
  return spawnWorker(init);
}

/**
 * Guided self-scheduling: a chunk is a quarter of each worker's share of what is left, between 1 and 16 tasks,
 * so messages are few at the start and the last chunks are small enough that no worker idles long at the end.
 */
export function chooseChunkSize(remaining: number, workers: number): number {
  return Math.max(1, Math.min(MAX_CHUNK, Math.ceil(remaining / (workers * 4))));
}

/** The largest chunk chooseChunkSize picks. */
export const MAX_CHUNK = 16;
/** Result slots per worker at most; a fixed --chunk-size above it sends the rest of a chunk's results by value. */
export const MAX_SLOTS = 64;

interface Slot {
  worker: Worker;
  /** Tasks sent and not yet answered, in the order the worker runs them. */
  pending: number[];
  busy: boolean;
  exited: boolean;
  ready: boolean;
  shared?: Float64Array;
  slotSize: number;
}

export async function runBatch(plan: BatchPlan, cb: BatchCallbacks, signal?: AbortSignal): Promise<BatchOutcome> {
  const total = plan.tasks.length;
  if (!Number.isInteger(plan.workers) || plan.workers < 1) {
    throw new RangeError(`runBatch: workers must be a positive integer, got ${plan.workers}`);
  }
  if (total === 0) return { completed: 0, failed: [], interrupted: false };
  const fixedChunk = plan.chunkSize;
  const init: WorkerInit = {
    moduleUrl: plan.moduleUrl,
    points: plan.points,
    seed: plan.seed,
    runs: plan.runs,
    collectSeries: plan.collectSeries,
    slots: Math.min(MAX_SLOTS, fixedChunk ?? MAX_CHUNK),
    ...(plan.injectFailure ? { injectFailure: plan.injectFailure } : {}),
  };

  // First attempts are read straight from plan.tasks (no per-task objects: memory stays flat in big batches);
  // retries wait in their own small queue and go out first.
  let qHead = 0;
  const retries: { task: number; attempt: number }[] = [];
  const attempts = new Map<number, number>();
  const failed: TaskFailure[] = [];
  let done = 0;
  let finished = false;
  let startFailures = 0;

  const describe = (task: number, message: string): TaskFailure => ({
    task,
    point: Math.floor(task / plan.runs),
    run: task % plan.runs,
    message,
  });

  return new Promise<BatchOutcome>((resolvePromise, rejectPromise) => {
    const slots: Slot[] = [];

    const settle = (interrupted: boolean) => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      const stops = slots.map((s) => (s.exited ? Promise.resolve(0) : s.worker.terminate()));
      Promise.all(stops).then(
        () => resolvePromise({ completed: done - failed.length, failed, interrupted }),
        (e) => rejectPromise(e),
      );
    };

    const onAbort = () => settle(true);
    if (signal?.aborted) {
      resolvePromise({ completed: 0, failed: [], interrupted: true });
      return;
    }
    signal?.addEventListener('abort', onAbort);

    const failOrRetry = (task: number, message: string) => {
      const a = (attempts.get(task) ?? 0) + 1;
      attempts.set(task, a);
      if (a < 2) {
        retries.push({ task, attempt: a });
      } else {
        const f = describe(task, message);
        failed.push(f);
        cb.onFailure?.(f);
        done++;
        cb.onProgress?.(done, total);
      }
    };

    const nextChunk = (): { tasks: number[]; attempts: number[] } | undefined => {
      const tasks: number[] = [];
      const atts: number[] = [];
      while (retries.length && tasks.length < 1) {
        const r = retries.shift()!;
        tasks.push(r.task);
        atts.push(r.attempt);
      }
      if (tasks.length) return { tasks, attempts: atts };
      const chunkSize = fixedChunk ?? chooseChunkSize(total - qHead, plan.workers);
      while (qHead < total && tasks.length < chunkSize) {
        tasks.push(plan.tasks[qHead++]);
        atts.push(0);
      }
      return tasks.length ? { tasks, attempts: atts } : undefined;
    };

    const allDone = () => done >= total;

    const feed = (slot: Slot) => {
      if (finished || slot.busy || slot.exited) return;
      const chunk = nextChunk();
      if (!chunk) {
        if (allDone()) settle(false);
        return;
      }
      slot.busy = true;
      slot.pending = chunk.tasks.slice();
      slot.worker.postMessage({ type: 'tasks', ...chunk } satisfies WorkerRequest);
    };

    const spawn = (index: number) => {
      const worker = startWorker(init);
      const slot: Slot = { worker, pending: [], busy: true, exited: false, ready: false, slotSize: 0 };
      slots[index] = slot;
      worker.on('message', (msg: WorkerResponse) => {
        if (finished) return;
        switch (msg.type) {
          case 'ready':
            slot.ready = true;
            slot.shared = msg.shared;
            slot.slotSize = msg.slotSize;
            startFailures = 0;
            slot.busy = false;
            slot.pending = [];
            feed(slot);
            break;
          case 'idle':
            slot.busy = false;
            slot.pending = [];
            feed(slot);
            break;
          case 'result':
          case 'resultByValue': {
            slot.pending.shift();
            if (msg.type === 'resultByValue') {
              cb.onResult(msg.task, msg.outcomes, msg.series);
            } else {
              const shared = slot.shared as Float64Array;
              const at = msg.slot * slot.slotSize;
              cb.onResult(
                msg.task,
                shared.subarray(at, at + msg.nOut),
                shared.subarray(at + msg.nOut, at + msg.nOut + msg.nSeries),
              );
            }
            done++;
            cb.onProgress?.(done, total);
            break;
          }
          case 'error':
            slot.pending.shift();
            failOrRetry(msg.task, msg.message);
            break;
        }
        if (allDone()) settle(false);
      });
      const onDeath = (why: string) => {
        if (slot.exited) return;
        slot.exited = true;
        if (finished) return;
        // The first unanswered task is the one that was running when the worker died; the rest never started.
        const [culprit, ...rest] = slot.pending;
        slot.pending = [];
        for (let i = rest.length - 1; i >= 0; i--) retries.unshift({ task: rest[i], attempt: attempts.get(rest[i]) ?? 0 });
        if (culprit !== undefined) failOrRetry(culprit, `worker died: ${why}`);
        if (allDone()) {
          settle(false);
          return;
        }
        if (!slot.ready && ++startFailures >= 3) {
          finished = true;
          signal?.removeEventListener('abort', onAbort);
          for (const s of slots) if (!s.exited) void s.worker.terminate();
          rejectPromise(new Error(`runBatch: workers fail to start (${why}); is the model module ${plan.moduleUrl} valid?`));
          return;
        }
        spawn(index);
      };
      worker.on('error', (e) => onDeath(e?.message ?? String(e)));
      worker.on('exit', (code) => onDeath(`exit code ${code}`));
    };

    for (let i = 0; i < Math.min(plan.workers, total); i++) spawn(i);
  });
}

