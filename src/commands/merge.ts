// `pkosim merge <shard folders...> --out DIR`: check that shards form one experiment and write exactly the
// files a single machine would have written (runs.csv, series.csv, summary.json, and for sweeps their files).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../engine/errors.js';
import { MANIFEST, type Manifest, TASK_LOG, clearFolder, inspectFolder, shardTasks } from '../engine/execute.js';
import { readJson, writeFileAtomic } from '../engine/output.js';
import { scanTaskLog } from '../engine/tasklog.js';
import { loadModel } from '../models/registry.js';
import { compileDerived } from '../engine/derived.js';
import { finishRun } from './run.js';
import { summaryTable } from './common.js';
import { finishSweep } from './sweep.js';

interface ShardManifest extends Manifest {
  runs: number;
  model: string;
  scenario: string;
  seed: number | string;
  points?: unknown[];
}

/** Validate shard folders; returns their manifests sorted by shard index. */
export function checkShards(dirs: readonly string[]): ShardManifest[] {
  if (dirs.length === 0) throw new InputError('✖ merge: expected one or more shard folders, got none');
  const ms: { dir: string; m: ShardManifest }[] = [];
  for (const d of dirs) {
    const f = join(d, MANIFEST);
    if (!existsSync(f)) throw new InputError(`✖ ${d}: not a pkosim shard folder (no manifest.json)`);
    let m: ShardManifest;
    try {
      m = readJson<ShardManifest>(f);
    } catch {
      throw new InputError(`✖ ${f}: unreadable manifest`);
    }
    if (!m.shard) throw new InputError(`✖ ${d}: not a shard (its manifest has no shard K/N); merge takes the folders written with --shard`);
    ms.push({ dir: d, m });
  }
  const first = ms[0];
  const problems: string[] = [];
  for (const { dir, m } of ms.slice(1)) {
    if (m.configHash !== first.m.configHash) {
      problems.push(`✖ ${dir}: belongs to another experiment (configuration ${m.configHash}, expected ${first.m.configHash} like ${first.dir})`);
    } else if (m.shard?.count !== first.m.shard?.count) {
      problems.push(`✖ ${dir}: is shard ${m.shard?.index}/${m.shard?.count}, expected N = ${first.m.shard?.count} like ${first.dir}`);
    }
  }
  const n = first.m.shard!.count;
  const byIndex = new Map<number, string>();
  for (const { dir, m } of ms) {
    const k = m.shard!.index;
    if (byIndex.has(k)) problems.push(`✖ ${dir}: shard ${k}/${n} given twice (also ${byIndex.get(k)})`);
    byIndex.set(k, dir);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length) problems.push(`✖ merge: shards ${missing.map((k) => `${k}/${n}`).join(', ')} are missing`);
  if (problems.length) throw new InputError(problems.join('\n'));
  const totalTasks = first.m.runs * (first.m.points?.length ?? 1);
  for (const { dir, m } of ms) {
    const want = shardTasks(totalTasks, m.shard);
    const have = new Set(scanTaskLog(join(dir, TASK_LOG)).tasks);
    const lacking = want.filter((t) => !have.has(t));
    if (m.status !== 'complete' || lacking.length) {
      problems.push(
        `✖ ${dir}: shard ${m.shard!.index}/${n} is incomplete (${want.length - lacking.length} of ${want.length} tasks recorded); rerun its command to finish it`,
      );
    }
    const foreign = [...have].filter((t) => !want.includes(t));
    if (foreign.length) problems.push(`✖ ${dir}: holds tasks of another shard (${foreign.slice(0, 5).join(', ')}...)`);
  }
  if (problems.length) throw new InputError(problems.join('\n'));
  return ms.sort((a, b) => a.m.shard!.index - b.m.shard!.index).map((x) => ({ ...x.m, dir: x.dir }) as ShardManifest & { dir: string });
}

export async function mergeCommand(dirs: string[], opts: { out?: string; force?: boolean; quiet?: boolean; json?: boolean }): Promise<number> {
  if (!opts.out) throw new InputError('✖ --out: expected the folder to write the merged results to, got nothing');
  const shards = checkShards(dirs.map((d) => resolve(d))) as (ShardManifest & { dir: string })[];
  const out = resolve(opts.out);
  const m = shards[0];
  const state = inspectFolder(out, m.configHash, Boolean(opts.force));
  if (state.state === 'complete') {
    if (!opts.quiet) process.stderr.write(`pkosim: ${out} already holds the merged batch; nothing to do\n`);
    return 0;
  }
  clearFolder(out);
  const model = await loadModel(m.model);
  const logs = shards.map((s) => join(s.dir, TASK_LOG));
  const { shard: _shard, dir: _dir, ...rest } = m;
  const manifest = {
    ...rest,
    status: 'complete',
    mergedFrom: shards.map((s) => s.dir),
    wallSeconds: shards.reduce((a, s) => a + Number(s.wallSeconds ?? 0), 0),
    startedAt: shards.map((s) => String(s.startedAt)).sort()[0],
    endedAt: shards.map((s) => String(s.endedAt)).sort().at(-1),
  };
  if (m.kind === 'sweep') {
    await finishSweep(out, model, m as never, logs);
  } else {
    const derived = compileDerived(model, m.metrics as Record<string, string> | undefined);
    const summary = finishRun(out, model, m.scenario, m.runs, m.seed, logs, m.params as Record<string, unknown>, derived);
    if (!opts.quiet) process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : `${summaryTable(summary)}\n`);
  }
  writeFileAtomic(join(out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  if (!opts.quiet) process.stderr.write(`pkosim: merged ${shards.length} shards into ${out}\n`);
  return 0;
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('merge the shard folders of one batch or sweep into the files a single machine would have written')
    .argument('<shards...>', 'shard folders written with --shard K/N')
    .option('-o, --out <DIR>', 'folder for the merged results (required)')
    .option('--force', 'replace a folder that holds other results')
    .option('-q, --quiet', 'no notes on stderr, no table')
    .option('--json', 'print summary.json instead of the table')
    .action(async (shards: string[], opts) => {
      process.exitCode = await mergeCommand(shards, opts);
    });
}
