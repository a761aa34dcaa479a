// `pkosim run <scenario>`: a seeded Monte Carlo batch of one scenario into a results folder.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { defaultWorkers, type InjectedFailure } from '../engine/batch.js';
import { MANIFEST, type Manifest, TASK_LOG, clearFolder, inspectFolder } from '../engine/execute.js';
import type { Model } from '../engine/model.js';
import { type DerivedOutcomes, allOutcomeSpecs, compileDerived } from '../engine/derived.js';
import { type Summary, assembleRun, hashConfig, readJson, writeFileAtomic } from '../engine/output.js';
import { type ResolvedScenario, loadScenarioFile, resolveScenario } from '../engine/scenario.js';
import { TaskLogReader } from '../engine/tasklog.js';
import { loadModel, modelEntry } from '../models/registry.js';
import { executeFromCli, gitCommit, parseIntOption, parseSeed, pkosimVersion, resolveShard, summaryTable } from './common.js';

export interface RunOptions {
  runs?: string;
  seed?: string;
  workers?: string;
  chunkSize?: string;
  set?: string[];
  out?: string;
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
  shard?: string;
  shardCount?: string;
  /** Internal: false to print nothing on stdout (when another command runs the batch). */
  print?: boolean;
}

export interface RunReport {
  readonly exitCode: number;
  readonly dir: string;
  readonly summary?: Summary;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_RUNS = 100;

/** Test-only failure injection from the environment (`PKOSIM_TEST_FAIL=task:attempts:throw|crash`). */
function injectedFailure(): InjectedFailure | undefined {
  const v = process.env.PKOSIM_TEST_FAIL;
  if (!v) return undefined;
  const [task, attempts, mode] = v.split(':');
  return { task: Number(task), attempts: Number(attempts), mode: mode === 'crash' ? 'crash' : 'throw' };
}

export interface PreparedRun {
  readonly scenario: ResolvedScenario;
  readonly model: Model;
  readonly runs: number;
  readonly seed: number | string;
  readonly workers: number;
  readonly chunkSize?: number;
  readonly dir: string;
  readonly configHash: string;
  readonly config: Record<string, unknown>;
  readonly derived?: DerivedOutcomes;
}

/** Validate everything about a `run` before anything is written. */
export async function prepareRun(scenarioRef: string, opts: RunOptions): Promise<PreparedRun> {
  const runsOpt = parseIntOption('--runs', opts.runs, 1);
  const workersOpt = parseIntOption('--workers', opts.workers, 1);
  const chunkSize = parseIntOption('--chunk-size', opts.chunkSize, 1);
  const seedOpt = parseSeed(opts.seed);
  const file = loadScenarioFile(scenarioRef);
  const model = await loadModel(file.model);
  const scenario = resolveScenario(scenarioRef, model, opts.set ?? []);
  const runs = runsOpt ?? scenario.runs ?? DEFAULT_RUNS;
  const seed = seedOpt ?? scenario.seed ?? DEFAULT_SEED;
  const derived = compileDerived(model, scenario.metrics, scenario.file);
  const config = { model: model.name, params: scenario.params, seed, runs, metrics: scenario.metrics };
  return {
    derived,
    scenario,
    model,
    runs,
    seed,
    workers: workersOpt ?? defaultWorkers(),
    chunkSize,
    dir: resolve(opts.out ?? join('results', scenario.name)),
    configHash: hashConfig(config),
    config,
  };
}

export async function runCommand(scenarioRef: string, opts: RunOptions): Promise<RunReport> {
  const p = await prepareRun(scenarioRef, opts);
  const { shard, source } = resolveShard(opts.shard, opts.shardCount);
  const dir = shard && !opts.out ? `${p.dir}/shard-${shard.index}-of-${shard.count}` : p.dir;
  const state = inspectFolder(dir, p.configHash, Boolean(opts.force), shard);
  const say = (s: string) => {
    if (!opts.quiet) process.stderr.write(`${s}\n`);
  };
  if (source && source !== '--shard') say(`pkosim: shard ${shard?.index}/${shard?.count} from the ${source}`);

  if (state.state === 'complete') {
    say(`pkosim: ${dir} already holds this finished batch (configuration ${p.configHash}); not recomputing.`);
    if (shard) return { exitCode: 0, dir };
    const summary = readJson<Summary>(join(dir, 'summary.json'));
    if (opts.print !== false) process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : `${summaryTable(summary)}\n`);
    return { exitCode: 0, dir, summary };
  }
  if (state.state === 'new') clearFolder(dir);

  const startedAt = new Date();
  const manifest: Manifest = {
    kind: 'run',
    status: 'running',
    configHash: p.configHash,
    ...(shard ? { shard } : {}),
    pkosim: pkosimVersion(),
    git: gitCommit(),
    node: process.version,
    scenario: p.scenario.name,
    scenarioFile: p.scenario.file,
    model: p.model.name,
    title: p.scenario.title,
    rationale: p.scenario.rationale,
    params: p.scenario.params,
    overrides: p.scenario.overrides,
    paramsHash: hashConfig(p.scenario.params),
    seed: p.seed,
    runs: p.runs,
    workers: p.workers,
    metrics: p.scenario.metrics,
    links: p.scenario.links,
    outcomes: allOutcomeSpecs(p.model, p.derived),
    series: p.model.series,
    stepUnit: p.model.stepUnit,
    startedAt: startedAt.toISOString(),
  };

  const result = await executeFromCli(
    {
      dir,
      manifest,
      totalTasks: p.runs,
      shard,
      plan: {
        moduleUrl: modelEntry(p.model.name).runtimeUrl,
        points: [p.scenario.params],
        seed: p.seed,
        runs: p.runs,
        collectSeries: true,
        workers: p.workers,
        chunkSize: p.chunkSize,
        injectFailure: injectedFailure(),
      },
    },
    p.scenario.name,
    opts.quiet,
  );

  if (result.interrupted) {
    process.stderr.write(
      `pkosim: interrupted; ${result.recorded} of ${result.total} runs are recorded in ${dir}.\n` +
        `Run the same command again to continue where it stopped.\n`,
    );
    return { exitCode: 130, dir };
  }
  if (result.failed.length) {
    writeFileAtomic(
      join(dir, MANIFEST),
      `${JSON.stringify({ ...manifest, status: 'incomplete', failures: result.failed.map((f) => ({ ...f, seed: p.seed })) }, null, 2)}\n`,
    );
    for (const f of result.failed) {
      process.stderr.write(
        `✖ run ${f.run} failed twice (scenario ${p.scenario.name}, point ${f.point}, run ${f.run}, seed ${p.seed}): ${f.message}\n`,
      );
    }
    process.stderr.write(
      `pkosim: batch incomplete: ${result.failed.length} of ${result.total} runs failed; the ${result.recorded} finished runs are kept in ${dir}. ` +
        `Fix the cause and run the same command again to retry only the failed runs.\n`,
    );
    return { exitCode: 3, dir };
  }

  const endedAt = new Date();
  const finalManifest = {
    ...manifest,
    status: 'complete',
    endedAt: endedAt.toISOString(),
    wallSeconds: (endedAt.getTime() - startedAt.getTime()) / 1000,
  };
  if (shard) {
    writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify(finalManifest, null, 2)}\n`);
    say(`pkosim: shard ${shard.index}/${shard.count} complete (${result.total} runs) in ${dir}; merge the shards with \`pkosim merge\``);
    return { exitCode: 0, dir };
  }
  const summary = finishRun(dir, p.model, p.scenario.name, p.runs, p.seed, undefined, p.scenario.params, p.derived);
  writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify(finalManifest, null, 2)}\n`);
  // The final files hold everything; the log of a single-machine batch is no longer needed (shards keep theirs).
  rmSync(join(dir, TASK_LOG), { force: true });
  if (opts.print !== false) process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : `${summaryTable(summary)}\n`);
  say(`pkosim: ${p.runs} runs of ${p.scenario.name} in ${finalManifest.wallSeconds.toFixed(1)} s; results in ${dir}`);
  return { exitCode: 0, dir, summary };
}

/** Assemble the final files of a finished single-point batch from its task logs, then drop the logs. */
export function finishRun(
  dir: string,
  model: Model,
  scenario: string,
  runs: number,
  seed: number | string,
  logs: string[] = [join(dir, TASK_LOG)],
  params?: Record<string, unknown>,
  derived?: DerivedOutcomes,
): Summary {
  const reader = new TaskLogReader(logs);
  try {
    if (reader.size < runs) throw new Error(`finishRun: the logs hold ${reader.size} of ${runs} runs`);
    const len = params ? model.seriesLength(params) : undefined;
    return assembleRun(
      {
        dir,
        scenario,
        model: model.name,
        seed,
        runs,
        outcomes: model.outcomes,
        series: model.series,
        seriesLength: len ?? reader.read(0).series.length / Math.max(1, model.series.length),
        ...(derived ? { derive: (o: Float64Array) => derived.derive(o), derivedOutcomes: derived.specs } : {}),
      },
      reader,
    );
  } finally {
    reader.close();
  }
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a seeded Monte Carlo batch of a scenario and write runs.csv, series.csv, summary.json, manifest.json')
    .argument('<scenario>', 'a preset name (see `pkosim scenarios`) or a path to a .yaml/.json scenario file')
    .option('-n, --runs <N>', `number of runs (default: the scenario's, else ${DEFAULT_RUNS})`)
    .option('-s, --seed <S>', `master seed (default: the scenario's, else ${DEFAULT_SEED})`)
    .option('-w, --workers <W>', 'worker threads (default: one per core)')
    .option('--chunk-size <C>', 'runs sent to a worker at once (default: chosen from the batch size)')
    .option('--set <path=value>', 'override a parameter, e.g. --set council.fragmentation=0.8 (repeatable)', collect, [])
    .option('-o, --out <DIR>', 'results folder (default: results/<scenario>)')
    .option('--force', 'replace a results folder that holds another configuration')
    .option('--shard <K/N>', 'compute only shard K of N (for clusters; merge the shards with `pkosim merge`)')
    .option('--shard-count <N>', 'number of shards when the index comes from JOB_COMPLETION_INDEX (Kubernetes)')
    .option('-q, --quiet', 'no progress bar or notes on stderr')
    .option('--json', 'print summary.json instead of the table')
    .action(async (scenario: string, opts: RunOptions) => {
      const r = await runCommand(scenario, opts);
      process.exitCode = r.exitCode;
    });
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
