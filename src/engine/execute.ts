// Durable execution of a batch into a results folder: manifest, task log, resume, shards, Ctrl-C.
//
// The folder's manifest.json records the configuration hash and a status (running, complete, incomplete).
// Running the same command again on a folder whose batch did not finish continues from its task log; a
// folder of another configuration is refused unless --force.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type BatchOutcome, type BatchPlan, runBatch } from './batch.js';
import { InputError } from './errors.js';
import { readJson, writeFileAtomic } from './output.js';
import { TaskLogWriter, repairTaskLog, scanTaskLog } from './tasklog.js';

export const TASK_LOG = 'tasks.bin';
export const MANIFEST = 'manifest.json';

export interface Shard {
  /** 1-based shard number. */
  readonly index: number;
  readonly count: number;
}

/** The fixed rule assigning tasks to shards: task t belongs to shard (t mod N) + 1 (round robin, balanced). */
export function shardTasks(totalTasks: number, shard?: Shard): number[] {
  const out: number[] = [];
  if (!shard) {
    for (let t = 0; t < totalTasks; t++) out.push(t);
    return out;
  }
  for (let t = shard.index - 1; t < totalTasks; t += shard.count) out.push(t);
  return out;
}

export interface Manifest {
  kind: 'run' | 'sweep';
  status: 'running' | 'complete' | 'incomplete';
  configHash: string;
  shard?: Shard;
  [key: string]: unknown;
}

export type FolderState =
  | { state: 'new' }
  | { state: 'complete'; manifest: Manifest }
  | { state: 'resume'; manifest: Manifest; done: number };

/** Decide what to do with an output folder before anything is written. Throws InputError to refuse. */
export function inspectFolder(dir: string, configHash: string, force: boolean, shard?: Shard): FolderState {
  if (!existsSync(dir)) return { state: 'new' };
  // Temporary files of an interrupted atomic write do not make a folder foreign.
  const entries = readdirSync(dir).filter((f) => !f.includes('.tmp-'));
  const manifestFile = join(dir, MANIFEST);
  if (!existsSync(manifestFile)) {
    if (entries.length === 0 || force) return { state: 'new' };
    throw new InputError(
      `✖ --out ${dir}: the folder exists and is not a pkosim results folder (no manifest.json); ` +
        'choose another folder or pass --force to write into it',
    );
  }
  let m: Manifest;
  try {
    m = readJson<Manifest>(manifestFile);
  } catch {
    if (force) return { state: 'new' };
    throw new InputError(`✖ ${manifestFile}: unreadable manifest; pass --force to overwrite the folder`);
  }
  const sameShard = (m.shard?.index ?? 0) === (shard?.index ?? 0) && (m.shard?.count ?? 0) === (shard?.count ?? 0);
  if (m.configHash === configHash && !sameShard && !force) {
    throw new InputError(
      `✖ --out ${dir}: holds shard ${m.shard ? `${m.shard.index}/${m.shard.count}` : '(none: an unsharded batch)'} of this configuration, ` +
        `not ${shard ? `shard ${shard.index}/${shard.count}` : 'the unsharded batch'}; give each shard its own folder`,
    );
  }
  if (m.configHash !== configHash || !sameShard) {
    if (force) return { state: 'new' };
    throw new InputError(
      `✖ --out ${dir}: holds results of another configuration (hash ${m.configHash}${m.shard ? `, shard ${m.shard.index}/${m.shard.count}` : ''}, ` +
        `this one is ${configHash}${shard ? `, shard ${shard.index}/${shard.count}` : ''}); ` +
        'choose another folder or pass --force to replace them',
    );
  }
  if (m.status === 'complete' && !force) return { state: 'complete', manifest: m };
  if (force) return { state: 'new' };
  const idx = scanTaskLog(join(dir, TASK_LOG));
  return { state: 'resume', manifest: m, done: idx.tasks.length };
}

/** Remove what a previous batch left in a folder we are about to reuse (only pkosim's own files). */
export function clearFolder(dir: string): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    if (
      f === TASK_LOG ||
      f === MANIFEST ||
      /\.(csv|json)$/.test(f) ||
      f.includes('.tmp-') ||
      f === 'charts' ||
      f === 'report.html'
    ) {
      rmSync(join(dir, f), { recursive: true, force: true });
    }
  }
}

export interface ExecuteOptions {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly plan: Omit<BatchPlan, 'tasks'>;
  readonly totalTasks: number;
  readonly shard?: Shard;
  readonly onProgress?: (done: number, total: number) => void;
  /** Called once if the batch resumes, with how many tasks were already recorded. */
  readonly onResume?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface ExecuteResult extends BatchOutcome {
  readonly total: number;
  readonly recorded: number;
}

/** Run the tasks of this folder's batch (or shard) that its log does not hold yet, appending each result. */
export async function executeBatch(opts: ExecuteOptions): Promise<ExecuteResult> {
  mkdirSync(opts.dir, { recursive: true });
  const logFile = join(opts.dir, TASK_LOG);
  const idx = scanTaskLog(logFile);
  repairTaskLog(logFile, idx);
  const have = new Uint8Array(opts.totalTasks);
  for (const t of idx.tasks) if (t < opts.totalTasks) have[t] = 1;
  const mine = shardTasks(opts.totalTasks, opts.shard);
  const todo = mine.filter((t) => have[t] === 0);
  if (idx.tasks.length > 0) opts.onResume?.(mine.length - todo.length, mine.length);
  writeFileAtomic(join(opts.dir, MANIFEST), `${JSON.stringify({ ...opts.manifest, status: 'running' }, null, 2)}\n`);

  const writer = new TaskLogWriter(logFile);
  const already = mine.length - todo.length;
  // A failed append (full disk, I/O error) stops the batch and is thrown once the workers are stopped, instead of
  // escaping from a worker's message handler; the records before it stay valid (a torn tail is repaired on resume).
  const stopOnWriteError = new AbortController();
  let writeError: NodeJS.ErrnoException | undefined;
  const signal = opts.signal ? AbortSignal.any([opts.signal, stopOnWriteError.signal]) : stopOnWriteError.signal;
  let outcome: BatchOutcome;
  try {
    outcome = await runBatch(
      { ...opts.plan, tasks: todo },
      {
        onResult: (task, outcomes, series) => {
          if (writeError) return;
          try {
            writer.append(task, outcomes, series);
          } catch (e) {
            writeError = Object.assign(e as NodeJS.ErrnoException, { path: logFile });
            stopOnWriteError.abort();
          }
        },
        onProgress: (done) => opts.onProgress?.(already + done, mine.length),
      },
      signal,
    );
  } finally {
    try {
      writer.close();
    } catch (e) {
      writeError ??= Object.assign(e as NodeJS.ErrnoException, { path: logFile });
    }
  }
  if (writeError) throw writeError;
  return { ...outcome, total: mine.length, recorded: already + outcome.completed };
}
