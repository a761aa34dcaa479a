import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { prestartWorkers, runBatch, waitingWorkers } from '../../src/engine/batch.js';
import { type Manifest, TASK_LOG, executeBatch, shardTasks } from '../../src/engine/execute.js';
import { assembleRun } from '../../src/engine/output.js';
import { TaskLogReader } from '../../src/engine/tasklog.js';
import { model as toy } from '../fixtures/toy-model.js';

const moduleUrl = new URL('../fixtures/toy-model.ts', import.meta.url).href;
const params = toy.paramsSchema.parse({ steps: 15 });
const tmp = mkdtempSync(join(tmpdir(), 'pkosim-batch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
async function runToFolder(opts: { seed: number; runs: number; workers: number; chunkSize?: number }) {
  const dir = join(tmp, `b${counter++}`);
  const manifest: Manifest = { kind: 'run', status: 'running', configHash: 'x' };
  const r = await executeBatch({
    dir,
    manifest,
    totalTasks: opts.runs,
    plan: {
      moduleUrl,
      points: [params],
      seed: opts.seed,
      runs: opts.runs,
      collectSeries: true,
      workers: opts.workers,
      chunkSize: opts.chunkSize,
    },
  });
  expect(r.failed).toEqual([]);
  const reader = new TaskLogReader([join(dir, TASK_LOG)]);
  assembleRun(
    {
      dir,
      scenario: 'toy',
      model: 'toy',
      seed: opts.seed,
      runs: opts.runs,
      outcomes: toy.outcomes,
      series: toy.series,
      seriesLength: toy.seriesLength(params),
    },
    reader,
  );
  reader.close();
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return { runs: read('runs.csv'), series: read('series.csv'), summary: read('summary.json') };
}

describe('runBatch', () => {
  it('gives the same files for any worker count and chunk size (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 1, max: 7 }),
        async (seed, runs, workers, chunkSize) => {
          const one = await runToFolder({ seed, runs, workers: 1 });
          const many = await runToFolder({ seed, runs, workers, chunkSize });
          expect(many.runs).toBe(one.runs);
          expect(many.summary).toBe(one.summary);
          expect(many.series).toBe(one.series);
        },
      ),
      { seed: 20261128, numRuns: 6 },
    );
  });

  it('gives the same files when a chunk is longer than the shared result slots (results sent by value)', async () => {
    // MAX_SLOTS is 64: a fixed chunk of 70 sends results 65-70 of each chunk by value, the rest through slots.
    const one = await runToFolder({ seed: 9, runs: 150, workers: 1, chunkSize: 1 });
    const long = await runToFolder({ seed: 9, runs: 150, workers: 2, chunkSize: 70 });
    expect(long.runs).toBe(one.runs);
    expect(long.series).toBe(one.series);
    expect(long.summary).toBe(one.summary);
  });

  it('workers started ahead of the batch (prestartWorkers) give the same files, and more are started if needed', async () => {
    const fresh = await runToFolder({ seed: 31, runs: 40, workers: 3, chunkSize: 2 });
    prestartWorkers(2); // the batch takes these two and starts a third
    expect(waitingWorkers()).toBe(2);
    const ahead = await runToFolder({ seed: 31, runs: 40, workers: 3, chunkSize: 2 });
    expect(waitingWorkers()).toBe(0);
    expect(ahead.runs).toBe(fresh.runs);
    expect(ahead.series).toBe(fresh.series);
    expect(ahead.summary).toBe(fresh.summary);
  });

  it('different seeds give different runs; runs.csv has one row per run in order', async () => {
    const a = await runToFolder({ seed: 1, runs: 5, workers: 2 });
    const b = await runToFolder({ seed: 2, runs: 5, workers: 2 });
    expect(a.runs).not.toBe(b.runs);
    const lines = a.runs.trim().split('\n');
    expect(lines[0]).toBe('run,seed,final,maxAbs,jumps');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['0', '1', '2', '3', '4']);
  });

  it('retries a task that throws once, and reports a task that fails twice while the rest complete', async () => {
    const tasks = Array.from({ length: 12 }, (_, i) => i);
    const base = { moduleUrl, points: [params], seed: 3, runs: 12, collectSeries: false, tasks, workers: 2 };
    const seen: number[] = [];
    const once = await runBatch({ ...base, injectFailure: { task: 5, attempts: 1, mode: 'throw' } }, { onResult: (t) => seen.push(t) });
    expect(once.failed).toEqual([]);
    expect(seen.sort((a, b) => a - b)).toEqual(tasks);

    const seen2: number[] = [];
    const twice = await runBatch({ ...base, injectFailure: { task: 7, attempts: 2, mode: 'throw' } }, { onResult: (t) => seen2.push(t) });
    expect(twice.failed.map((f) => [f.task, f.point, f.run])).toEqual([[7, 0, 7]]);
    expect(twice.failed[0].message).toMatch(/injected failure/);
    expect(seen2.sort((a, b) => a - b)).toEqual(tasks.filter((t) => t !== 7));
  });

  it('replaces a worker that crashes and retries its task', async () => {
    const tasks = Array.from({ length: 10 }, (_, i) => i);
    const seen: number[] = [];
    const r = await runBatch(
      { moduleUrl, points: [params], seed: 4, runs: 10, collectSeries: false, tasks, workers: 2, chunkSize: 3, injectFailure: { task: 4, attempts: 1, mode: 'crash' } },
      { onResult: (t) => seen.push(t) },
    );
    expect(r.failed).toEqual([]);
    expect(seen.sort((a, b) => a - b)).toEqual(tasks);
    const seen2: number[] = [];
    const r2 = await runBatch(
      { moduleUrl, points: [params], seed: 4, runs: 10, collectSeries: false, tasks, workers: 2, chunkSize: 3, injectFailure: { task: 4, attempts: 2, mode: 'crash' } },
      { onResult: (t) => seen2.push(t) },
    );
    expect(r2.failed.map((f) => f.task)).toEqual([4]);
    expect(r2.failed[0].message).toMatch(/worker died/);
    expect(seen2.length).toBe(9);
  });
});

describe('shardTasks', () => {
  it('splits tasks into disjoint shards that cover them all (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 8 }), (total, n) => {
        const all = Array.from({ length: n }, (_, k) => shardTasks(total, { index: k + 1, count: n })).flat();
        expect(all.sort((a, b) => a - b)).toEqual(shardTasks(total));
      }),
      { seed: 7, numRuns: 100 },
    );
  });
});
