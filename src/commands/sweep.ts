// `pkosim sweep <scenario> --vary path=lo:hi[:levels] ... [--design grid|lhs|sobol|morris]`: a design over
// parameters, R replications per point on common random numbers (replication r of every point uses the
// streams of run r), and the per-point summaries, Sobol indices or Morris effects.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import YAML from 'yaml';
import { z } from 'zod';
import { defaultWorkers } from '../engine/batch.js';
import {
  type VarySpec,
  gridLevels,
  mapToParams,
  parseVaryArgs,
  sampleGrid,
  sampleLatinHypercube,
  sampleMorris,
  sampleSaltelli,
  unitRow,
  varySpec,
} from '../engine/designs.js';
import { InputError, formatValue } from '../engine/errors.js';
import { MANIFEST, type Manifest, TASK_LOG, clearFolder, inspectFolder } from '../engine/execute.js';
import type { MetricSpec, Model } from '../engine/model.js';
import { allOutcomeSpecs, compileDerived } from '../engine/derived.js';
import { applyLinkedParams, compileLinkedParams } from '../engine/expressions.js';
import { AtomicFileWriter, csvNumber, hashConfig, writeFileAtomic } from '../engine/output.js';
import { deepMerge, describeParams, flattenObject, setPath, validateParams } from '../engine/params.js';
import { loadScenarioFile, resolveScenario } from '../engine/scenario.js';
import { Moments, meanCi95 } from '../engine/stats.js';
import { TaskLogReader } from '../engine/tasklog.js';
import { loadModel, modelEntry } from '../models/registry.js';
import { collect } from './run.js';
import { executeFromCli, fmt, gitCommit, parseIntOption, parseSeed, pkosimVersion, renderTable, resolveShard } from './common.js';
import { analyseSensitivity, type SensitivityTables } from './sensitivity-tables.js';

export const DESIGNS = ['grid', 'lhs', 'sobol', 'morris'] as const;
export type DesignKind = (typeof DESIGNS)[number];

export interface SweepOptions {
  vary?: string[];
  design?: string;
  points?: string;
  levels?: string;
  runs?: string;
  seed?: string;
  workers?: string;
  chunkSize?: string;
  set?: string[];
  out?: string;
  force?: boolean;
  quiet?: boolean;
  shard?: string;
  shardCount?: string;
}

const experimentSchema = z
  .object({
    scenario: z.string().min(1),
    design: z.enum(DESIGNS).optional(),
    points: z.number().int().min(1).optional(),
    levels: z.number().int().min(2).optional(),
    runs: z.number().int().min(1).optional(),
    seed: z.union([z.number().int().min(0), z.string().min(1).regex(/^[^,"\r\n]*$/, 'expected a seed without commas, quotes or line breaks')]).optional(),
    set: z.record(z.string(), z.unknown()).optional(),
    metrics: z.record(z.string(), z.string()).optional(),
    vary: z.record(z.string(), z.union([z.string(), z.null(), z.array(z.union([z.string(), z.number(), z.boolean()]))])),
  })
  .strict();

/** Defaults per design: grid levels, LHS points, Sobol base samples, Morris trajectories. */
export const DESIGN_DEFAULTS = { gridLevels: 5, lhsPoints: 50, sobolBase: 64, morrisTrajectories: 10, morrisLevels: 4 };
export const DEFAULT_SWEEP_RUNS = 10;

export interface SweepManifest extends Manifest {
  kind: 'sweep';
  scenario: string;
  model: string;
  design: DesignKind;
  vary: VarySpec[];
  /** The varied values of every point, by path. */
  points: Record<string, unknown>[];
  runs: number;
  seed: number | string;
  designInfo: Record<string, unknown>;
}

export interface PreparedSweep {
  readonly model: Model;
  readonly manifest: SweepManifest;
  /** Full parameter objects per point. */
  readonly pointParams: Record<string, unknown>[];
  readonly workers: number;
  readonly chunkSize?: number;
  readonly dir: string;
}

function readExperimentFile(file: string): z.infer<typeof experimentSchema> {
  let data: unknown;
  try {
    data = YAML.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new InputError(`✖ ${file}${line ? `:${line}` : ''}: malformed experiment file (${(e as Error).message.split('\n')[0]})`);
  }
  const r = experimentSchema.safeParse(data);
  if (!r.success) {
    throw new InputError(
      r.error.issues
        .map((i) => `✖ ${i.path.join('.') || '(top level)'}: ${i.message}${i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : ''} (in ${file})`)
        .join('\n'),
    );
  }
  return r.data;
}

function isExperimentFile(ref: string): boolean {
  if (!/\.ya?ml$/i.test(ref) || !existsSync(ref)) return false;
  try {
    const d = YAML.parse(readFileSync(ref, 'utf8'));
    return d !== null && typeof d === 'object' && 'vary' in d && 'scenario' in d;
  } catch {
    return false;
  }
}

function buildDesign(kind: DesignKind, specs: VarySpec[], seed: number | string, points: number | undefined, levels: number | undefined) {
  const d = specs.length;
  switch (kind) {
    case 'grid': {
      if (points !== undefined) throw new InputError('✖ --points: a grid has the size its levels give (path=lo:hi:levels); drop --points or use --design lhs');
      const lv = specs.map((s) => s.levels ?? (levels !== undefined && (s.kind === 'number' || s.kind === 'integer') ? levels : gridLevels(s, DESIGN_DEFAULTS.gridLevels)));
      return { matrix: sampleGrid(lv), info: { levels: lv } };
    }
    case 'lhs': {
      const n = points ?? DESIGN_DEFAULTS.lhsPoints;
      return { matrix: sampleLatinHypercube(n, d, seed), info: { points: n } };
    }
    case 'sobol': {
      const n = points ?? DESIGN_DEFAULTS.sobolBase;
      if (n < 2) throw new InputError(`✖ --points: expected at least 2 base samples for a Sobol design, got ${n}`);
      const s = sampleSaltelli(n, d, seed);
      return { matrix: s.matrix, info: { baseSamples: n, source: s.source, note: 'points = baseSamples * (parameters + 2): blocks A, B, AB_1..AB_D' } };
    }
    case 'morris': {
      const r = points ?? DESIGN_DEFAULTS.morrisTrajectories;
      const p = levels ?? DESIGN_DEFAULTS.morrisLevels;
      if (p % 2 !== 0 || p < 2) throw new InputError(`✖ --levels: expected an even number of Morris levels >= 2, got ${p}`);
      const m = sampleMorris(r, d, seed, { levels: p });
      return {
        matrix: m.matrix,
        info: { trajectories: r, levels: p, delta: m.delta, changedDim: Array.from(m.changedDim), stepSign: Array.from(m.stepSign) },
      };
    }
  }
}

/** Validate a sweep completely before anything is written. */
export async function prepareSweep(ref: string, opts: SweepOptions): Promise<PreparedSweep> {
  let scenarioRef = ref;
  let varyArgs = opts.vary ?? [];
  let setArgs = opts.set ?? [];
  let designText = opts.design;
  let pointsOpt = parseIntOption('--points', opts.points, 1);
  let levelsOpt = parseIntOption('--levels', opts.levels, 2);
  let runsOpt = parseIntOption('--runs', opts.runs, 1);
  let seedOpt = parseSeed(opts.seed);
  let fileVary: { path: string; value: string | null | (string | number | boolean)[] }[] | undefined;
  let experimentFile: string | undefined;
  let experimentMetrics: Record<string, string> = {};
  if (isExperimentFile(ref)) {
    experimentFile = resolve(ref);
    const e = readExperimentFile(experimentFile);
    scenarioRef = looksRelative(e.scenario) ? resolve(experimentFile, '..', e.scenario) : e.scenario;
    designText = designText ?? e.design;
    pointsOpt = pointsOpt ?? e.points;
    levelsOpt = levelsOpt ?? e.levels;
    runsOpt = runsOpt ?? e.runs;
    seedOpt = seedOpt ?? e.seed;
    setArgs = [...Object.entries(flattenObject(e.set ?? {})).map(([k, v]) => `${k}=${v}`), ...setArgs];
    fileVary = Object.entries(e.vary).map(([path, value]) => ({ path, value }));
    experimentMetrics = e.metrics ?? {};
  }
  const design = (designText ?? 'grid') as DesignKind;
  if (!DESIGNS.includes(design)) throw new InputError(`✖ --design: expected one of ${DESIGNS.join(', ')}, got ${formatValue(designText)}`);
  const workers = parseIntOption('--workers', opts.workers, 1) ?? defaultWorkers();
  const chunkSize = parseIntOption('--chunk-size', opts.chunkSize, 1);

  const model = await loadModel(loadScenarioFile(scenarioRef).model);
  const scenario = resolveScenario(scenarioRef, model, setArgs);
  const infos = describeParams(model.paramsSchema);
  if (fileVary) {
    varyArgs = [
      ...fileVary.map(({ path, value }) =>
        value === null ? path : Array.isArray(value) ? `${path}=${value.join(',')}` : `${path}=${value}`,
      ),
      ...varyArgs,
    ];
  }
  if (varyArgs.length === 0) {
    throw new InputError('✖ --vary: expected at least one parameter to vary, e.g. --vary council.fragmentation=0:1:5');
  }
  const specs = parseVaryArgs(varyArgs, infos).map((s) => varySpec(infos.find((i) => i.path === s.path)!, s, experimentFile));
  const runs = runsOpt ?? DEFAULT_SWEEP_RUNS;
  const seed = seedOpt ?? scenario.seed ?? 1;
  let built: ReturnType<typeof buildDesign>;
  try {
    built = buildDesign(design, specs, seed, pointsOpt, levelsOpt);
  } catch (e) {
    // The design functions guard their sizes with RangeErrors; at the CLI those are bad flags.
    if (e instanceof RangeError) throw new InputError(`✖ --vary/--points: ${e.message}`);
    throw e;
  }
  const { matrix, info } = built;

  const metrics = { ...scenario.metrics, ...experimentMetrics };
  compileDerived(model, metrics, experimentFile ?? scenario.file);
  const linkedAndVaried = specs.filter((v) => v.path in scenario.links).map((v) => v.path);
  if (linkedAndVaried.length) {
    throw new InputError(
      linkedAndVaried.map((p) => `✖ --vary ${p}: the scenario computes this parameter from others (${JSON.stringify(scenario.links[p])}); vary its inputs instead`).join('\n'),
    );
  }
  const links = Object.keys(scenario.links).length ? compileLinkedParams(scenario.links, infos, { file: scenario.file, section: 'params' }) : undefined;
  const points: Record<string, unknown>[] = [];
  const pointParams: Record<string, unknown>[] = [];
  for (let i = 0; i < matrix.points; i++) {
    const values = mapToParams(unitRow(matrix, i), specs);
    points.push(values);
    let p = deepMerge(scenario.params);
    for (const [path, v] of Object.entries(values)) setPath(p, path, v);
    if (links) p = deepMerge(applyLinkedParams(flattenObject(p), links, infos, { file: scenario.file, section: 'params' }));
    pointParams.push(validateParams(model.paramsSchema, p, experimentFile ?? scenario.file) as Record<string, unknown>);
  }
  const config = { kind: 'sweep', model: model.name, base: scenario.params, links: scenario.links, metrics, design, vary: specs, designInfo: info, points, runs, seed };
  const configHash = hashConfig(config);
  const manifest: SweepManifest = {
    kind: 'sweep',
    status: 'running',
    configHash,
    pkosim: pkosimVersion(),
    git: gitCommit(),
    node: process.version,
    scenario: scenario.name,
    scenarioFile: scenario.file,
    experimentFile,
    model: model.name,
    title: scenario.title,
    rationale: scenario.rationale,
    params: scenario.params,
    overrides: scenario.overrides,
    design,
    designInfo: info,
    vary: specs,
    points,
    runs,
    seed,
    workers,
    metrics,
    links: scenario.links,
    outcomes: allOutcomeSpecs(model, compileDerived(model, metrics)),
    series: [],
    stepUnit: model.stepUnit,
  };
  const dir = resolve(opts.out ?? join('results', `${scenario.name}-sweep-${design}`));
  return { model, manifest, pointParams, workers, chunkSize, dir };
}

function looksRelative(ref: string): boolean {
  return /[\\/]/.test(ref) || /\.(ya?ml|json)$/i.test(ref);
}

/** Assemble a finished sweep's files from its task logs, in task order. */
export async function finishSweep(dir: string, model: Model, m: SweepManifest, logs: string[]): Promise<SensitivityTables | undefined> {
  const reader = new TaskLogReader(logs);
  const derived = compileDerived(model, m.metrics as Record<string, string> | undefined);
  const outcomeSpecs = allOutcomeSpecs(model, derived);
  const nOut = outcomeSpecs.length;
  const P = m.points.length;
  const R = m.runs;
  const paths = m.vary.map((v) => v.path);
  try {
    const pointsCsv = new AtomicFileWriter(join(dir, 'points.csv'));
    pointsCsv.line(['point', ...paths].join(','));
    m.points.forEach((pt, i) => pointsCsv.line([String(i), ...paths.map((p) => csvCell(pt[p]))].join(',')));
    pointsCsv.commit();

    const runsCsv = new AtomicFileWriter(join(dir, 'runs.csv'));
    runsCsv.line(['point', 'run', 'seed', ...outcomeSpecs.map((o) => o.name)].join(','));
    const summaryCsv = new AtomicFileWriter(join(dir, 'summary.csv'));
    summaryCsv.line(['point', ...paths, ...outcomeSpecs.flatMap((o) => [`${o.name}_mean`, `${o.name}_lo`, `${o.name}_hi`])].join(','));
    // Per-point means of every outcome, for the sensitivity estimators (P x nOut).
    const means = new Float64Array(P * nOut);
    for (let pt = 0; pt < P; pt++) {
      const moments = Array.from({ length: nOut }, () => new Moments());
      for (let r = 0; r < R; r++) {
        const native = reader.read(pt * R + r).outcomes;
        const outcomes = derived ? concatOutcomes(native, derived.derive(native)) : native;
        runsCsv.line([String(pt), String(r), String(m.seed), ...Array.from(outcomes, csvNumber)].join(','));
        for (let j = 0; j < nOut; j++) moments[j].push(outcomes[j]);
      }
      const cells = [String(pt), ...paths.map((p) => csvCell(m.points[pt][p]))];
      for (let j = 0; j < nOut; j++) {
        const mo = moments[j];
        const [lo, hi] = meanCi95(mo.mean, mo.sd, mo.n);
        means[pt * nOut + j] = mo.n ? mo.mean : Number.NaN;
        cells.push(csvNumber(mo.n ? mo.mean : Number.NaN), csvNumber(lo), csvNumber(hi));
      }
      summaryCsv.line(cells.join(','));
    }
    runsCsv.commit();
    summaryCsv.commit();
    return analyseSensitivity(dir, outcomeSpecs, m, means);
  } finally {
    reader.close();
  }
}

function concatOutcomes(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function csvCell(v: unknown): string {
  if (typeof v === 'number') return csvNumber(v);
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function sweepCommand(ref: string, opts: SweepOptions): Promise<number> {
  const p = await prepareSweep(ref, opts);
  const { shard, source } = resolveShard(opts.shard, opts.shardCount);
  const dir = shard && !opts.out ? `${p.dir}/shard-${shard.index}-of-${shard.count}` : p.dir;
  const say = (s: string) => {
    if (!opts.quiet) process.stderr.write(`${s}\n`);
  };
  if (source && source !== '--shard') say(`pkosim: shard ${shard?.index}/${shard?.count} from the ${source}`);
  const state = inspectFolder(dir, p.manifest.configHash, Boolean(opts.force), shard);
  const P = p.manifest.points.length;
  const R = p.manifest.runs;
  if (state.state === 'complete') {
    say(`pkosim: ${dir} already holds this finished sweep (configuration ${p.manifest.configHash}); not recomputing.`);
    if (!shard) printSweepTables(dir, p.manifest);
    return 0;
  }
  if (state.state === 'new') clearFolder(dir);
  say(`pkosim: ${p.manifest.design} design, ${P} points x ${R} runs = ${P * R} runs of ${p.manifest.scenario}`);
  const startedAt = new Date();
  const manifest = { ...p.manifest, ...(shard ? { shard } : {}), startedAt: startedAt.toISOString() };
  const result = await executeFromCli(
    {
      dir,
      manifest,
      totalTasks: P * R,
      shard,
      plan: {
        moduleUrl: modelEntry(p.model.name).runtimeUrl,
        points: p.pointParams,
        seed: p.manifest.seed,
        runs: R,
        collectSeries: false,
        workers: p.workers,
        chunkSize: p.chunkSize,
      },
    },
    `sweep ${p.manifest.scenario}`,
    opts.quiet,
  );
  if (result.interrupted) {
    process.stderr.write(`pkosim: interrupted; ${result.recorded} of ${result.total} runs are recorded in ${dir}.\nRun the same command again to continue where it stopped.\n`);
    return 130;
  }
  if (result.failed.length) {
    writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify({ ...manifest, status: 'incomplete', failures: result.failed }, null, 2)}\n`);
    for (const f of result.failed) {
      process.stderr.write(`✖ task failed twice (scenario ${p.manifest.scenario}, point ${f.point}, run ${f.run}, seed ${p.manifest.seed}): ${f.message}\n`);
    }
    process.stderr.write(`pkosim: sweep incomplete: ${result.failed.length} of ${result.total} runs failed; finished runs are kept in ${dir}; run the same command again to retry the failed ones.\n`);
    return 3;
  }
  const endedAt = new Date();
  const final = { ...manifest, status: 'complete', endedAt: endedAt.toISOString(), wallSeconds: (endedAt.getTime() - startedAt.getTime()) / 1000 };
  if (!shard) await finishSweep(dir, p.model, p.manifest, [join(dir, TASK_LOG)]);
  writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify(final, null, 2)}\n`);
  if (!shard) rmSync(join(dir, TASK_LOG), { force: true });
  if (shard) {
    say(`pkosim: shard ${shard.index}/${shard.count} complete in ${dir}; merge the shards with \`pkosim merge\``);
    return 0;
  }
  printSweepTables(dir, p.manifest);
  say(`pkosim: ${P * R} runs in ${final.wallSeconds.toFixed(1)} s; results in ${dir}`);
  return 0;
}

/** A short report on stdout: the sensitivity ranking, or the range of each outcome's means across points. */
export function printSweepTables(dir: string, m: SweepManifest): void {
  const sob = join(dir, 'sobol.csv');
  const mor = join(dir, 'morris.csv');
  if (existsSync(sob) || existsSync(mor)) {
    // One row per outcome, one column per parameter: ST (Sobol) or mu* (Morris); the files hold the rest.
    const isSobol = existsSync(sob);
    const text = readFileSync(isSobol ? sob : mor, 'utf8').trim().split('\n');
    const header = text[0].split(',');
    const col = header.indexOf(isSobol ? 'ST' : 'mu_star');
    const lo = header.indexOf('ST_lo');
    const hi = header.indexOf('ST_hi');
    const params = m.vary.map((v) => v.path);
    const cells = new Map<string, string[]>();
    for (const line of text.slice(1)) {
      const c = line.split(',');
      const row = cells.get(c[0]) ?? params.map(() => '–');
      const k = params.indexOf(c[1]);
      const v = c[col] === '' ? '–' : fmt(Number(c[col]));
      row[k] = isSobol && c[lo] !== '' && c[hi] !== '' ? `${v} (${fmt(Number(c[lo]))}–${fmt(Number(c[hi]))})` : v;
      cells.set(c[0], row);
    }
    process.stdout.write(
      isSobol
        ? 'Total Sobol index ST of each driver per outcome, with its bootstrap 95% CI (S1 and all CIs in sobol.csv):\n'
        : 'Morris mu* (mean absolute elementary effect) of each parameter per outcome (mu and sigma in morris.csv):\n',
    );
    const rows = [...cells.entries()].map(([o, r]) => [o, ...r]);
    process.stdout.write(`${renderTable(['outcome', ...params], rows, [false, ...params.map(() => true)])}\n`);
    return;
  }
  const lines = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const rows = (m.outcomes as MetricSpec[]).map((o) => {
    const j = header.indexOf(`${o.name}_mean`);
    const vals = lines
      .slice(1)
      .map((l) => l.split(',')[j])
      .filter((c) => c !== '')
      .map(Number);
    return [o.name, o.unit, vals.length ? fmt(Math.min(...vals)) : '–', vals.length ? fmt(Math.max(...vals)) : '–'];
  });
  process.stdout.write(`${m.points.length} points; mean of each outcome across points:\n`);
  process.stdout.write(`${renderTable(['outcome', 'unit', 'lowest point mean', 'highest point mean'], rows, [false, false, true, true])}\n`);
}

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('run a design over parameters (grid, Latin hypercube, Sobol, Morris) with common random numbers')
    .argument('<scenario>', 'a preset, a scenario file, or an experiment YAML file { scenario, design, vary, ... }')
    .option('--vary <path=lo:hi[:levels]>', 'a parameter to vary (repeatable); a,b,c for enumerations; a bare path for its whole range', collect, [])
    .option('-d, --design <kind>', `grid, lhs, sobol or morris (default grid)`)
    .option('-p, --points <N>', `LHS points (default ${DESIGN_DEFAULTS.lhsPoints}), Sobol base samples (default ${DESIGN_DEFAULTS.sobolBase}), Morris trajectories (default ${DESIGN_DEFAULTS.morrisTrajectories})`)
    .option('--levels <L>', `grid levels for numbers without :levels (default ${DESIGN_DEFAULTS.gridLevels}); Morris levels (default ${DESIGN_DEFAULTS.morrisLevels})`)
    .option('-n, --runs <R>', `replications per point (default ${DEFAULT_SWEEP_RUNS})`)
    .option('-s, --seed <S>', 'master seed (default: the scenario\'s, else 1)')
    .option('-w, --workers <W>', 'worker threads (default: one per core)')
    .option('--chunk-size <C>', 'runs sent to a worker at once')
    .option('--set <path=value>', 'override a base parameter (repeatable)', collect, [])
    .option('-o, --out <DIR>', 'results folder (default: results/<scenario>-sweep-<design>)')
    .option('--force', 'replace a results folder that holds another configuration')
    .option('--shard <K/N>', 'compute only shard K of N; merge with `pkosim merge`')
    .option('--shard-count <N>', 'number of shards when the index comes from JOB_COMPLETION_INDEX')
    .option('-q, --quiet', 'no progress bar or notes on stderr')
    .action(async (ref: string, opts: SweepOptions) => {
      process.exitCode = await sweepCommand(ref, opts);
    });
}
