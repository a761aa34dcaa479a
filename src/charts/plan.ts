// Which charts a set of results folders gets: run folders together (fan charts overlay their scenarios,
// distributions stand side by side), each sweep, comparison or discovery on its own. Returns Vega-Lite specs;
// drawing them is render.ts's business, so the report and `pkosim chart` share this.
import { basename } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { InputError } from '../engine/errors.js';
import type { MetricSpec, Model, ModelEvent } from '../engine/model.js';
import { describeParams, nearestName, type ParamInfo, validateParams } from '../engine/params.js';
import { createStreams } from '../engine/rng.js';
import { loadModel } from '../models/registry.js';
import { numberColumn, textColumn } from './csv.js';
import { differences } from './differences.js';
import { distributionSpec } from './distribution.js';
import { fanChartSpec } from './fan.js';
import { forestSpec } from './forest.js';
import { heatmapSpec } from './heatmap.js';
import { morrisSpec } from './morris.js';
import { primSpec } from './prim.js';
import { comparePairs, type ResultsFolder } from './results.js';
import { sobolSpec } from './sobol.js';
import { formatNumber, humanise, slug } from './theme.js';
import { type TimelineOptions, timelineSpec } from './timeline.js';

export const CHART_KINDS = ['fan', 'distribution', 'heatmap', 'sobol', 'morris', 'forest', 'prim', 'timeline'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

export interface ChartJob {
  readonly kind: ChartKind;
  /** File name without extension, unique within one plan. */
  readonly name: string;
  /** The folder whose charts/ directory is this chart's default home. */
  readonly dir: string;
  /** The metric it is about, if any (outcome or series name). */
  readonly metric?: string;
  readonly spec: TopLevelSpec;
}

export interface ChartOptions {
  /** Kinds to draw; undefined draws every kind that applies to the folders. */
  readonly kinds?: readonly ChartKind[];
  readonly outcome?: string;
  readonly series?: string;
  /** Run shown by the timeline; default: the run with the median value of the outcome (or the first one). */
  readonly run?: number;
}

export interface ChartPlan {
  readonly jobs: ChartJob[];
  /** Things a user should know (a kind that does not apply, a re-simulated run that differs, ...). */
  readonly notes: string[];
}

/** Models by name, loaded once per plan; `undefined` with the reason when a model cannot be loaded. */
export type ModelCache = Map<string, Promise<{ model: Model; params: ParamInfo[] } | { error: string }>>;

export function modelInfo(
  cache: ModelCache,
  name: string | undefined,
): Promise<{ model: Model; params: ParamInfo[] } | { error: string }> {
  if (!name) return Promise.resolve({ error: 'the results do not name their model' });
  let p = cache.get(name);
  if (!p) {
    p = loadModel(name).then(
      (model) => ({ model, params: describeParams(model.paramsSchema) }),
      (e: unknown) => ({ error: `model ${name} could not be loaded (${(e as Error).message.split('\n')[0]})` }),
    );
    cache.set(name, p);
  }
  return p;
}

export async function planCharts(
  folders: readonly ResultsFolder[],
  opts: ChartOptions = {},
  cache: ModelCache = new Map(),
): Promise<ChartPlan> {
  const jobs: ChartJob[] = [];
  const notes: string[] = [];
  const explicit = opts.kinds !== undefined;
  const wants = (k: ChartKind) => !opts.kinds || opts.kinds.includes(k);
  checkMetricName(folders, 'outcome', opts.outcome);
  checkMetricName(folders, 'series', opts.series);

  const runFolders = folders.filter((f) => f.kind === 'run');
  const byKind = (k: string) => folders.filter((f) => f.kind === k).length;
  const prefix = (f: ResultsFolder) => (byKind(f.kind) > 1 ? `${slug(basename(f.dir))}-` : '');

  if (runFolders.length) {
    const home = runFolders[0].dir;
    if (wants('fan')) jobs.push(...fanJobs(runFolders, opts.series, home));
    if (wants('distribution')) jobs.push(...distributionJobs(runFolders, opts.outcome, home));
    if (wants('forest') && runFolders.length > 1) {
      // Several scenarios: each against the baseline (the folder named baseline, else the first), paired on
      // common random numbers when their seeds match, as `pkosim compare` would do.
      const base = runFolders.find((f) => f.name === 'baseline') ?? runFolders[0];
      for (const f of runFolders) {
        if (f === base) continue;
        const rows = differences(base, f).filter((r) => !opts.outcome || r.outcome === opts.outcome);
        if (rows.some((r) => Math.abs(r.meanA) > 0)) {
          const paired = rows[0].paired;
          jobs.push({
            kind: 'forest',
            name: `forest-${slug(f.name)}-vs-${slug(base.name)}`,
            dir: home,
            spec: forestSpec({ names: [base.name, f.name], rows, outcomes: base.outcomes, paired }),
          });
        }
      }
    }
    const timelineWanted = explicit ? wants('timeline') : true;
    if (timelineWanted) {
      for (const f of runFolders) {
        // Every model may record events, but only the peacekeeping model's make a mandate timeline worth
        // drawing unasked; a user can still ask for --kind timeline on any model.
        if (!explicit && f.model !== 'peacekeeping') continue;
        const job = await timelineJob(f, opts, cache, notes, runFolders.length > 1 ? `${slug(f.name)}-` : '');
        if (job) jobs.push(job);
      }
    }
  }
  for (const f of folders) {
    if (f.kind === 'run') continue;
    if (wants('heatmap') && f.sweepSummary && f.points) {
      if (f.varied.length >= 2) jobs.push(...(await heatmapJobs(f, opts.outcome, cache, prefix(f))));
      else if (explicit)
        notes.push(`${f.dir}: no heatmap: it needs two varied parameters, the sweep varies ${f.varied.length}`);
    }
    if (wants('sobol') && f.sobol) {
      for (const o of metricList(f.outcomes, opts.outcome).filter((o) => f.sobol!.some((r) => r.outcome === o.name))) {
        jobs.push({
          kind: 'sobol',
          name: `${prefix(f)}sobol-${slug(o.name)}`,
          dir: f.dir,
          metric: o.name,
          spec: sobolSpec({ outcome: o, scenario: f.name, rows: f.sobol }),
        });
      }
    }
    if (wants('morris') && f.morris) {
      for (const o of metricList(f.outcomes, opts.outcome).filter((o) => f.morris!.some((r) => r.outcome === o.name))) {
        jobs.push({
          kind: 'morris',
          name: `${prefix(f)}morris-${slug(o.name)}`,
          dir: f.dir,
          metric: o.name,
          spec: morrisSpec({ outcome: o, scenario: f.name, rows: f.morris }),
        });
      }
    }
    if (wants('forest') && f.compare) {
      const pairs = comparePairs(f.compare);
      for (const [a, b] of pairs) {
        const rows = f.compare.filter((r) => r.a === a && r.b === b && (!opts.outcome || r.outcome === opts.outcome));
        const suffix = pairs.length > 1 ? `-${slug(b)}-vs-${slug(a)}` : '';
        if (rows.some((r) => Math.abs(r.meanA) > 0)) {
          jobs.push({
            kind: 'forest',
            name: `${prefix(f)}forest${suffix}`,
            dir: f.dir,
            spec: forestSpec({ names: [a, b], rows, outcomes: f.outcomes }),
          });
        } else notes.push(`${f.dir}: no forest plot of ${b} vs ${a}: no outcome has a non-zero mean under ${a}`);
      }
    }
    if (wants('prim') && f.prim) {
      const withTrajectory = f.prim.boxes.filter((b) => b.trajectory && b.chosen !== undefined);
      withTrajectory.forEach((b, i) => {
        const several = withTrajectory.length > 1;
        jobs.push({
          kind: 'prim',
          name: `${prefix(f)}prim${several ? `-box${i + 1}` : ''}`,
          dir: f.dir,
          spec: primSpec({
            scenario: f.name,
            condition: f.prim!.condition,
            trajectory: b.trajectory!,
            chosen: b.chosen!,
            ...(several ? { boxNumber: i + 1 } : {}),
          }),
        });
      });
    }
  }
  if (explicit) {
    for (const k of opts.kinds ?? []) {
      if (!jobs.some((j) => j.kind === k) && !notes.some((n) => n.includes(`no ${k}`))) {
        throw new InputError(`✖ --kind ${k}: expected results that have ${NEEDS[k]}, got ${describeFolders(folders)}`);
      }
    }
  }
  return { jobs, notes };
}

const NEEDS: Record<ChartKind, string> = {
  fan: 'series (a run folder with series.csv)',
  distribution: 'outcomes per run (a run folder with runs.csv)',
  heatmap: 'a sweep over two or more parameters (points.csv and summary.csv)',
  sobol: 'Sobol indices (sobol.csv from `pkosim sweep --design sobol`)',
  morris: 'Morris measures (morris.csv from `pkosim sweep --design morris`)',
  forest: 'a comparison (compare.csv from `pkosim compare`)',
  prim: 'a scenario discovery (prim.json from `pkosim discover`)',
  timeline: 'a run folder whose model records events',
};

function describeFolders(folders: readonly ResultsFolder[]): string {
  return folders.map((f) => `${f.kind} folder ${f.dir}`).join(', ');
}

function checkMetricName(
  folders: readonly ResultsFolder[],
  what: 'outcome' | 'series',
  name: string | undefined,
): void {
  if (name === undefined) return;
  const known = [...new Set(folders.flatMap((f) => (what === 'outcome' ? f.outcomes : f.series).map((m) => m.name)))];
  if (known.includes(name)) return;
  const near = nearestName(name, known);
  throw new InputError(
    `✖ --${what} ${name}: expected one of ${known.join(', ') || `(no ${what} in these results)`}${near ? `; did you mean ${near}?` : ''}`,
  );
}

function metricList(specs: readonly MetricSpec[], only: string | undefined): MetricSpec[] {
  return only ? specs.filter((s) => s.name === only) : [...specs];
}

function fanJobs(folders: readonly ResultsFolder[], only: string | undefined, home: string): ChartJob[] {
  const names: MetricSpec[] = [];
  for (const f of folders) for (const s of f.series) if (!names.some((n) => n.name === s.name)) names.push(s);
  // series.csv may list series the manifest does not (or no manifest series at all): draw those too.
  for (const f of folders) {
    for (const p of f.seriesPoints ?? [])
      if (!names.some((n) => n.name === p.series)) names.push({ name: p.series, unit: '', description: '' });
  }
  const jobs: ChartJob[] = [];
  for (const s of metricList(names, only)) {
    const scenarios = folders
      .map((f) => ({ name: f.name, points: (f.seriesPoints ?? []).filter((p) => p.series === s.name) }))
      .filter((sc) => sc.points.length > 0);
    if (scenarios.length === 0) continue;
    const stepUnit = folders.find((f) => f.series.some((x) => x.name === s.name))?.stepUnit ?? folders[0].stepUnit;
    jobs.push({
      kind: 'fan',
      name: `fan-${slug(s.name)}`,
      dir: home,
      metric: s.name,
      spec: fanChartSpec({ series: s, stepUnit, scenarios }),
    });
  }
  return jobs;
}

function distributionJobs(folders: readonly ResultsFolder[], only: string | undefined, home: string): ChartJob[] {
  const outcomes: MetricSpec[] = [];
  for (const f of folders) for (const o of f.outcomes) if (!outcomes.some((n) => n.name === o.name)) outcomes.push(o);
  const jobs: ChartJob[] = [];
  for (const o of metricList(outcomes, only)) {
    const scenarios = folders
      .filter((f) => f.runs?.header.includes(o.name))
      .map((f) => {
        const s = f.summary?.outcomes[o.name];
        const lo = s?.ci95?.[0];
        const hi = s?.ci95?.[1];
        return {
          name: f.name,
          values: numberColumn(f.runs!, o.name),
          ...(s && s.mean !== null ? { mean: s.mean } : {}),
          ...(typeof lo === 'number' && typeof hi === 'number' ? { ci95: [lo, hi] as const } : {}),
        };
      });
    if (scenarios.length === 0) continue;
    jobs.push({
      kind: 'distribution',
      name: `distribution-${slug(o.name)}`,
      dir: home,
      metric: o.name,
      spec: distributionSpec({ outcome: o, scenarios }),
    });
  }
  return jobs;
}

async function heatmapJobs(
  f: ResultsFolder,
  only: string | undefined,
  cache: ModelCache,
  prefix: string,
): Promise<ChartJob[]> {
  const points = f.points!;
  const summary = f.sweepSummary!;
  const [xPath, yPath, ...others] = f.varied;
  const info = await modelInfo(cache, f.model);
  const unitOf = (path: string) => ('params' in info ? info.params.find((p) => p.path === path)?.unit : undefined);
  const valueColumn = (path: string) => {
    const text = textColumn(points, path);
    const nums = text.map(Number);
    return nums.every((n, i) => text[i].trim() !== '' && Number.isFinite(n)) ? nums : text;
  };
  const ids = textColumn(points, 'point');
  const xs = valueColumn(xPath);
  const ys = valueColumn(yPath);
  const rowOf = new Map(textColumn(summary, 'point').map((id, i) => [id, i]));
  const jobs: ChartJob[] = [];
  for (const o of metricList(f.outcomes, only)) {
    const col = `${o.name}_mean`;
    if (!summary.header.includes(col)) continue;
    const means = numberColumn(summary, col);
    const hp = ids.flatMap((id, i) => {
      const r = rowOf.get(id);
      return r === undefined ? [] : [{ x: xs[i], y: ys[i], mean: means[r] }];
    });
    jobs.push({
      kind: 'heatmap',
      name: `${prefix}heatmap-${slug(o.name)}`,
      dir: f.dir,
      metric: o.name,
      spec: heatmapSpec({
        outcome: o,
        scenario: f.name,
        x: { path: xPath, unit: unitOf(xPath) },
        y: { path: yPath, unit: unitOf(yPath) },
        others,
        points: hp,
      }),
    });
  }
  return jobs;
}

/** The lowest-numbered run whose value is the (lower) median among runs that have a value. */
export function medianRun(runs: readonly number[], values: ArrayLike<number>): number | undefined {
  const idx = runs.map((_, i) => i).filter((i) => Number.isFinite(values[i]));
  if (idx.length === 0) return undefined;
  const sorted = idx.map((i) => values[i]).sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  let best: number | undefined;
  for (const i of idx) if (values[i] === median && (best === undefined || runs[i] < best)) best = runs[i];
  return best;
}

export interface SimulatedRun {
  readonly run: number;
  readonly events: readonly ModelEvent[];
  readonly horizon: number;
  readonly note: string;
  /** Outcomes of the re-simulated run that differ from runs.csv (the code or parameters changed since). */
  readonly mismatches: string[];
}

/** Re-simulate one run of a run folder (simulate is pure: same params and seed give the same run). */
export async function simulateRun(f: ResultsFolder, opts: ChartOptions, cache: ModelCache): Promise<SimulatedRun> {
  const info = await modelInfo(cache, f.model);
  if ('error' in info)
    throw new InputError(`✖ ${f.dir}: expected a model pkosim knows to re-simulate a run, but ${info.error}`);
  if (!f.manifest.params) throw new InputError(`✖ ${f.dir}/manifest.json: expected the resolved params, got none`);
  const runs = f.runs ? Array.from(numberColumn(f.runs, 'run')) : [];
  const outcome = opts.outcome ?? f.outcomes[0]?.name;
  let run = opts.run;
  let note: string;
  if (run !== undefined) {
    if (runs.length && !runs.includes(run)) {
      throw new InputError(`✖ --run ${run}: expected a run of ${f.dir} (0 to ${Math.max(...runs)}), got ${run}`);
    }
    note = 'chosen with --run';
  } else {
    const m = outcome && f.runs?.header.includes(outcome) ? medianRun(runs, numberColumn(f.runs, outcome)) : undefined;
    run = m ?? 0;
    note = m !== undefined && outcome ? `the run with the median ${humanise(outcome)}` : 'the first run';
  }
  const seedText = f.runs?.header.includes('seed') ? textColumn(f.runs, 'seed')[runs.indexOf(run)] : undefined;
  const seedRaw = seedText ?? f.manifest.seed;
  if (seedRaw === undefined) throw new InputError(`✖ ${f.dir}/manifest.json: expected the master seed, got none`);
  const seed = typeof seedRaw === 'string' && /^-?\d+$/.test(seedRaw) ? Number(seedRaw) : seedRaw;
  const params = validateParams(info.model.paramsSchema, f.manifest.params, `${f.dir}/manifest.json`);
  const result = info.model.simulate(params, createStreams(seed, run));
  const mismatches: string[] = [];
  if (f.runs) {
    const row = runs.indexOf(run);
    for (const o of info.model.outcomes) {
      if (!f.runs.header.includes(o.name) || row < 0) continue;
      const recorded = numberColumn(f.runs, o.name)[row];
      const now = result.outcomes[o.name];
      const same =
        (Number.isNaN(recorded) && Number.isNaN(now)) ||
        recorded === now ||
        Math.abs(recorded - now) <= 1e-9 * Math.max(1, Math.abs(recorded));
      if (!same) mismatches.push(`${o.name} ${formatNumber(now)} (runs.csv: ${formatNumber(recorded)})`);
    }
  }
  return { run, events: result.events ?? [], horizon: info.model.seriesLength(params), note, mismatches };
}

/**
 * How the peacekeeping model's events read as a mandate timeline (src/models/peacekeeping: council.ts, mandate.ts,
 * budget.ts, regional.ts, armedGroups.ts, exit.ts): council rows first, then money, partners, armed groups, exit;
 * a `gap` (mandate expired unrenewed) lasts until a renewal, a rollover, a lapse or the exit.
 */
export const PEACEKEEPING_TIMELINE: TimelineOptions = {
  order: [
    'renewal',
    'rollover',
    'veto',
    'gap',
    'lapse',
    'liquidityShock',
    'regionalDeploy',
    'groupFounded',
    'split',
    'merger',
    'consentWithdrawn',
    'benchmarksMet',
    'exit',
    'departure',
  ],
  spans: [{ start: 'gap', ends: ['renewal', 'rollover', 'lapse', 'exit', 'departure'], row: 'Without mandate' }],
};

async function timelineJob(
  f: ResultsFolder,
  opts: ChartOptions,
  cache: ModelCache,
  notes: string[],
  prefix: string,
): Promise<ChartJob | undefined> {
  const sim = await simulateRun(f, opts, cache);
  if (sim.mismatches.length) {
    notes.push(
      `${f.dir}: re-simulating run ${sim.run} does not reproduce runs.csv (${sim.mismatches.slice(0, 3).join('; ')}): the model's code has changed since this batch; the timeline shows today's code`,
    );
  }
  if (sim.events.length === 0) {
    if (opts.kinds?.includes('timeline')) {
      throw new InputError(
        `✖ --kind timeline: expected run ${sim.run} of ${f.dir} to record events, got none (model ${f.model} records no events)`,
      );
    }
    notes.push(`${f.dir}: no timeline: run ${sim.run} recorded no events`);
    return undefined;
  }
  const peacekeeping = f.model === 'peacekeeping';
  const title = peacekeeping ? `Mandate timeline: ${f.name}, run ${sim.run}` : undefined;
  return {
    kind: 'timeline',
    name: `${prefix}timeline-run${sim.run}`,
    dir: f.dir,
    spec: timelineSpec({
      scenario: f.name,
      run: sim.run,
      events: sim.events,
      stepUnit: f.stepUnit,
      horizon: sim.horizon,
      note: sim.note,
      title,
      ...(peacekeeping ? PEACEKEEPING_TIMELINE : {}),
    }),
  };
}
