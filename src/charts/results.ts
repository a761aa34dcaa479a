// Reading a results folder (what `pkosim run`, `sweep`, `compare` and `discover` write) into plain data for the
// charts and the report. The formats are those of notes/CONTEXT.md; files this reader expects but does not find
// are errors that name the folder and what was expected, never silently skipped.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../engine/errors.js';
import type { MetricSpec } from '../engine/model.js';
import { type CsvTable, hasColumn, numberColumn, parseCsv, textColumn, toNumber } from './csv.js';

export type FolderKind = 'run' | 'sweep' | 'compare' | 'discover';

/** manifest.json as written by the results layer; every field is optional here because readers must cope. */
export interface Manifest {
  readonly kind?: string;
  readonly pkosim?: string;
  readonly git?: string | null;
  readonly node?: string;
  readonly scenario?: string;
  readonly model?: string;
  readonly title?: string;
  readonly rationale?: string;
  readonly params?: Record<string, unknown>;
  readonly paramsHash?: string;
  readonly seed?: number | string;
  readonly runs?: number;
  readonly workers?: number;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly wallSeconds?: number;
  readonly outcomes?: readonly MetricSpec[];
  readonly series?: readonly MetricSpec[];
  readonly stepUnit?: string;
  readonly [key: string]: unknown;
}

export interface OutcomeSummaryJson {
  readonly n?: number;
  readonly mean: number | null;
  readonly sd: number | null;
  readonly ci95: readonly [number | null, number | null];
  readonly min: number | null;
  readonly p05: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly max: number | null;
}

export interface SummaryJson {
  readonly scenario: string;
  readonly model: string;
  readonly runs: number;
  readonly seed: number | string;
  readonly outcomes: Record<string, OutcomeSummaryJson>;
  readonly units?: Record<string, string>;
}

/** One row of series.csv; p25/p75 only when the file has those columns. */
export interface SeriesPoint {
  readonly series: string;
  readonly step: number;
  readonly mean: number;
  readonly p05: number;
  readonly p25?: number;
  readonly p50: number;
  readonly p75?: number;
  readonly p95: number;
}

/** sobol.csv: `outcome,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi`. */
export interface SobolRow {
  readonly outcome: string;
  readonly parameter: string;
  readonly S1: number;
  readonly S1_lo: number;
  readonly S1_hi: number;
  readonly ST: number;
  readonly ST_lo: number;
  readonly ST_hi: number;
}

/** morris.csv: `outcome,parameter,mu_star,mu,sigma` (optional `mu_star_lo,mu_star_hi`). */
export interface MorrisRow {
  readonly outcome: string;
  readonly parameter: string;
  readonly mu_star: number;
  readonly mu: number;
  readonly sigma: number;
  readonly mu_star_lo?: number;
  readonly mu_star_hi?: number;
}

/**
 * compare.csv (what `pkosim compare` writes): `a,b,outcome,unit,n,meanA,meanB,diff,diffLo,diffHi,relChange,relLo,
 * relHi,excludesZero,unpairedLo,unpairedHi,widthRatio`, one row per outcome and comparison B vs the reference A.
 * diff = meanB - meanA paired run by run, [diffLo, diffHi] its 95% CI, relChange = diff / |meanA| as a fraction,
 * excludesZero `true`/`false`, [unpairedLo, unpairedHi] the Welch 95% CI ignoring the pairing. Only outcome, the
 * means, diff, diffLo, diffHi and excludesZero are required; a and b default to the manifest's names.
 */
export interface CompareRow {
  readonly a: string;
  readonly b: string;
  readonly outcome: string;
  readonly unit: string;
  readonly n?: number;
  readonly meanA: number;
  readonly meanB: number;
  readonly diff: number;
  readonly diffLo: number;
  readonly diffHi: number;
  readonly relChange: number;
  readonly excludesZero: boolean;
  readonly unpairedLo: number;
  readonly unpairedHi: number;
  readonly widthRatio?: number;
}

/** A parameter's limits in a PRIM box: a numeric range, or the values of a categorical parameter kept. */
export type BoxLimit =
  | { readonly lo: number; readonly hi: number }
  | { readonly values: readonly (string | number | boolean)[] };

export interface PrimStep {
  readonly coverage: number;
  readonly density: number;
  readonly mass: number;
  /** Parameters restricted by this box (`nRestricted` or `restrictedDims` in the file); NaN when not given. */
  readonly nRestricted: number;
}

export interface PrimBox {
  /** Limits of the restricted parameters only, by parameter path. */
  readonly limits: Record<string, BoxLimit>;
  readonly coverage: number;
  readonly density: number;
  readonly mass: number;
  readonly meetsThreshold?: boolean;
  /** The box in one sentence, as `pkosim discover` words it. */
  readonly reading?: string;
  /** The box's peeling trajectory and the index of the chosen box in it, when the file gives them. */
  readonly trajectory?: readonly PrimStep[];
  readonly chosen?: number;
}

/**
 * prim.json. Two layouts are read:
 * - `{ condition, trajectory: [{coverage, density, mass, nRestricted}], chosen, boxes: [{limits: {<param>: [lo, hi]
 *   or [values...]}, coverage, density, mass}] }` (the trajectory is the first box's);
 * - `{ condition, inputs: [<param>...], boxes: [{trajectory: [{coverage, density, mass, restrictedDims}], chosen,
 *   limits: [{kind, lo, hi} or {kind: 'categorical', values}] in input order, restricted: [<param>...],
 *   coverage, density, mass, meetsThreshold}] }` (src/engine/prim.ts's PrimBox).
 */
export interface PrimResult {
  readonly condition: string;
  readonly boxes: readonly PrimBox[];
}

export interface ResultsFolder {
  readonly dir: string;
  readonly kind: FolderKind;
  readonly manifest: Manifest;
  /** Scenario name (or the folder's name when the manifest has none). */
  readonly name: string;
  readonly model?: string;
  /** Every outcome in runs.csv order (declared ones first, derived after), with units. */
  readonly outcomes: readonly MetricSpec[];
  readonly series: readonly MetricSpec[];
  readonly stepUnit: string;
  readonly runs?: CsvTable;
  readonly seriesPoints?: readonly SeriesPoint[];
  readonly summary?: SummaryJson;
  /** Sweeps: points.csv and summary.csv, and the varied parameter paths in column order. */
  readonly points?: CsvTable;
  readonly sweepSummary?: CsvTable;
  readonly varied: readonly string[];
  readonly sobol?: readonly SobolRow[];
  readonly morris?: readonly MorrisRow[];
  readonly compare?: readonly CompareRow[];
  /** Run folders a comparison names in its manifest (`folders: [{name, dir}]`) that still exist. */
  readonly compareFolders?: readonly string[];
  readonly prim?: PrimResult;
}

const KINDS: readonly FolderKind[] = ['run', 'sweep', 'compare', 'discover'];

const EXPECTED_FOLDER =
  'a pkosim results folder (manifest.json with runs.csv and summary.json; a sweep with points.csv and summary.csv; ' +
  'a comparison with compare.csv; or a discovery with prim.json)';

export function loadResults(dirArg: string): ResultsFolder {
  const dir = resolve(dirArg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError(`✖ ${dirArg}: expected ${EXPECTED_FOLDER}, got ${existsSync(dir) ? 'a file' : 'nothing'}`);
  }
  const has = (f: string) => existsSync(join(dir, f));
  const manifest: Manifest = has('manifest.json') ? readJsonFile<Manifest>(join(dir, 'manifest.json')) : {};
  const kind = folderKind(dirArg, manifest, has);
  if (typeof manifest.status === 'string' && manifest.status !== 'complete') {
    throw new InputError(
      `✖ ${dirArg}: expected a finished batch, got one whose manifest says "${manifest.status}"; finish it first (run its command again)`,
    );
  }

  const summary = has('summary.json') ? readJsonFile<SummaryJson>(join(dir, 'summary.json')) : undefined;
  const runs = has('runs.csv') ? readCsv(join(dir, 'runs.csv')) : undefined;
  if (kind === 'run') {
    for (const f of ['manifest.json', 'runs.csv', 'summary.json']) {
      if (!has(f)) throw new InputError(`✖ ${dirArg}: expected ${f} in a run's results folder, got no such file`);
    }
  }
  if (kind === 'sweep') {
    for (const f of ['points.csv', 'summary.csv']) {
      if (!has(f)) throw new InputError(`✖ ${dirArg}: expected ${f} in a sweep's results folder, got no such file`);
    }
  }
  const points = has('points.csv') ? readCsv(join(dir, 'points.csv')) : undefined;
  const sweepSummary = has('summary.csv') ? readCsv(join(dir, 'summary.csv')) : undefined;
  const varied = points ? points.header.filter((h) => h !== 'point') : [];

  const outcomes = outcomeSpecs(manifest, runs, summary, sweepSummary);
  const compareTable = has('compare.csv') ? readCsv(join(dir, 'compare.csv')) : undefined;
  const compareJson = has('compare.json')
    ? readJsonFile<Record<string, unknown>>(join(dir, 'compare.json'))
    : undefined;
  const compare = compareTable ? readCompare(compareTable, compareNamesOf(manifest, compareJson)) : undefined;
  if (outcomes.length === 0 && compare) {
    for (const r of compare)
      if (!outcomes.some((o) => o.name === r.outcome))
        outcomes.push({ name: r.outcome, unit: r.unit, description: '' });
  }
  const name =
    manifest.scenario ?? summary?.scenario ?? (compare?.length ? compareTitle(compare) : undefined) ?? basename(dir);

  return {
    dir,
    kind,
    manifest,
    name,
    model: manifest.model ?? summary?.model,
    outcomes,
    series: manifest.series ?? [],
    stepUnit: manifest.stepUnit ?? 'step',
    runs,
    seriesPoints: has('series.csv') ? readSeries(join(dir, 'series.csv')) : undefined,
    summary,
    points,
    sweepSummary,
    varied,
    sobol: has('sobol.csv') ? readSobol(join(dir, 'sobol.csv')) : undefined,
    morris: has('morris.csv') ? readMorris(join(dir, 'morris.csv')) : undefined,
    compare,
    compareFolders: compare ? listedFolders(manifest, compareJson) : undefined,
    prim: has('prim.json') ? readPrim(join(dir, 'prim.json'), varied) : undefined,
  };
}

function folderKind(dirArg: string, manifest: Manifest, has: (f: string) => boolean): FolderKind {
  const k = manifest.kind;
  if (typeof k === 'string') {
    if ((KINDS as readonly string[]).includes(k)) return k as FolderKind;
    if (k === 'prim') return 'discover';
  }
  if (has('compare.csv')) return 'compare';
  if (has('points.csv') || has('summary.csv')) return 'sweep';
  if (has('runs.csv') || has('summary.json')) return 'run';
  if (has('prim.json')) return 'discover';
  throw new InputError(`✖ ${dirArg}: expected ${EXPECTED_FOLDER}, got a folder without any of these files`);
}

function readJsonFile<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new InputError(`✖ ${file}: expected a JSON file, got text that does not parse (${(e as Error).message})`);
  }
}

function readCsv(file: string): CsvTable {
  return parseCsv(readFileSync(file, 'utf8'), file);
}

const NON_OUTCOME_COLUMNS = new Set(['run', 'seed', 'point']);

/** Outcomes in runs.csv order, so derived outcomes (appended by the results layer) are included with their units. */
function outcomeSpecs(
  manifest: Manifest,
  runs: CsvTable | undefined,
  summary: SummaryJson | undefined,
  sweepSummary: CsvTable | undefined,
): MetricSpec[] {
  const declared = manifest.outcomes ?? [];
  let names: string[];
  if (runs) names = runs.header.filter((h) => !NON_OUTCOME_COLUMNS.has(h));
  else if (summary) names = Object.keys(summary.outcomes);
  else if (sweepSummary) names = sweepSummary.header.filter((h) => h.endsWith('_mean')).map((h) => h.slice(0, -5));
  else names = declared.map((o) => o.name);
  for (const o of declared) if (!names.includes(o.name)) names.push(o.name);
  return names.map((n) => {
    const d = declared.find((o) => o.name === n);
    return d ?? { name: n, unit: summary?.units?.[n] ?? '', description: '' };
  });
}

function readSeries(file: string): SeriesPoint[] {
  const t = readCsv(file);
  const names = textColumn(t, 'series');
  const cols = ['step', 'mean', 'p05', 'p50', 'p95'].map((c) => numberColumn(t, c));
  const p25 = hasColumn(t, 'p25') ? numberColumn(t, 'p25') : undefined;
  const p75 = hasColumn(t, 'p75') ? numberColumn(t, 'p75') : undefined;
  return names.map((series, i) => ({
    series,
    step: cols[0][i],
    mean: cols[1][i],
    p05: cols[2][i],
    p50: cols[3][i],
    p95: cols[4][i],
    ...(p25 && p75 ? { p25: p25[i], p75: p75[i] } : {}),
  }));
}

function readSobol(file: string): SobolRow[] {
  const t = readCsv(file);
  const outcome = textColumn(t, 'outcome');
  const parameter = textColumn(t, 'parameter');
  const keys = ['S1', 'S1_lo', 'S1_hi', 'ST', 'ST_lo', 'ST_hi'] as const;
  const cols = keys.map((k) => numberColumn(t, k));
  return outcome.map((o, i) => {
    const row: Record<string, string | number> = { outcome: o, parameter: parameter[i] };
    keys.forEach((k, j) => {
      row[k] = cols[j][i];
    });
    return row as unknown as SobolRow;
  });
}

function readMorris(file: string): MorrisRow[] {
  const t = readCsv(file);
  const outcome = textColumn(t, 'outcome');
  const parameter = textColumn(t, 'parameter');
  const [muStar, mu, sigma] = ['mu_star', 'mu', 'sigma'].map((k) => numberColumn(t, k));
  const lo = hasColumn(t, 'mu_star_lo') ? numberColumn(t, 'mu_star_lo') : undefined;
  const hi = hasColumn(t, 'mu_star_hi') ? numberColumn(t, 'mu_star_hi') : undefined;
  return outcome.map((o, i) => ({
    outcome: o,
    parameter: parameter[i],
    mu_star: muStar[i],
    mu: mu[i],
    sigma: sigma[i],
    ...(lo && hi ? { mu_star_lo: lo[i], mu_star_hi: hi[i] } : {}),
  }));
}

function readCompare(t: CsvTable, names: [string, string]): CompareRow[] {
  const outcome = textColumn(t, 'outcome');
  const text = (c: string, dflt: string) => (hasColumn(t, c) ? textColumn(t, c) : outcome.map(() => dflt));
  const [a, b, unit] = [text('a', names[0]), text('b', names[1]), text('unit', '')];
  const num = (c: string) => (hasColumn(t, c) ? numberColumn(t, c) : new Float64Array(outcome.length).fill(Number.NaN));
  const keys = ['meanA', 'meanB', 'diff', 'diffLo', 'diffHi'] as const;
  const cols = keys.map((k) => numberColumn(t, k));
  const [rel, uLo, uHi, n, ratio] = ['relChange', 'unpairedLo', 'unpairedHi', 'n', 'widthRatio'].map(num);
  const excl = textColumn(t, 'excludesZero');
  return outcome.map((o, i) => {
    const e = excl[i].trim().toLowerCase();
    if (!['true', 'false', '1', '0'].includes(e)) {
      throw new InputError(`✖ ${t.file} line ${i + 2}, column excludesZero: expected true or false, got "${excl[i]}"`);
    }
    const row: Record<string, string | number | boolean> = {
      a: a[i],
      b: b[i],
      outcome: o,
      unit: unit[i],
      excludesZero: e === 'true' || e === '1',
      relChange: rel[i],
      unpairedLo: uLo[i],
      unpairedHi: uHi[i],
      ...(Number.isFinite(n[i]) ? { n: n[i] } : {}),
      ...(Number.isFinite(ratio[i]) ? { widthRatio: ratio[i] } : {}),
    };
    keys.forEach((k, j) => {
      row[k] = cols[j][i];
    });
    return row as unknown as CompareRow;
  });
}

/** The comparisons in a compare.csv, as [A, B] pairs in order of first appearance. */
export function comparePairs(rows: readonly CompareRow[]): [string, string][] {
  const out: [string, string][] = [];
  for (const r of rows) if (!out.some(([a, b]) => a === r.a && b === r.b)) out.push([r.a, r.b]);
  return out;
}

function listedFolders(manifest: Manifest, json: Record<string, unknown> | undefined): string[] {
  const list = (manifest.folders ?? json?.folders) as unknown;
  if (!Array.isArray(list)) return [];
  return list
    .map((f) =>
      typeof f === 'string' ? f : typeof (f as { dir?: unknown })?.dir === 'string' ? (f as { dir: string }).dir : '',
    )
    .filter((d) => d !== '' && existsSync(join(d, 'runs.csv')));
}

function nameOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of ['scenario', 'name', 'label', 'dir']) if (typeof o[k] === 'string') return o[k] as string;
  }
  return undefined;
}

/** Default [A, B] when compare.csv has no a/b columns: manifest reference + folders, a/b or scenarios fields. */
function compareNamesOf(manifest: Manifest, json: Record<string, unknown> | undefined): [string, string] {
  for (const src of [manifest as Record<string, unknown>, json ?? {}]) {
    const ref = nameOf(src.reference);
    const folders = src.folders;
    if (ref && Array.isArray(folders)) {
      const other = folders.map(nameOf).find((n) => n && n !== ref);
      if (other) return [ref, other];
    }
    const list = src.scenarios;
    if (Array.isArray(list) && list.length >= 2) {
      const a = nameOf(list[0]);
      const b = nameOf(list[1]);
      if (a && b) return [a, b];
    }
    const a = nameOf(src.a ?? src.A);
    const b = nameOf(src.b ?? src.B);
    if (a && b) return [a, b];
  }
  return ['A', 'B'];
}

function compareTitle(rows: readonly CompareRow[]): string {
  const pairs = comparePairs(rows);
  return `${pairs.map(([, b]) => b).join(', ')} vs ${pairs[0][0]}`;
}

function readPrim(file: string, varied: readonly string[]): PrimResult {
  const raw = readJsonFile<Record<string, unknown>>(file);
  const bad = (path: string, expected: string, got: unknown) =>
    new InputError(`✖ ${file}: ${path}: expected ${expected}, got ${JSON.stringify(got)?.slice(0, 80)}`);
  const num = (v: unknown, path: string): number => {
    if (typeof v === 'number') return v;
    if (v === null || v === undefined) return Number.NaN;
    if (typeof v === 'string') return toNumber(v, file, 0, path);
    throw bad(path, 'a number', v);
  };
  const steps = (v: unknown, path: string): PrimStep[] => {
    if (!Array.isArray(v)) throw bad(path, 'an array of {coverage, density, mass, nRestricted}', v);
    return (v as Record<string, unknown>[]).map((s, i) => ({
      coverage: num(s.coverage, `${path}[${i}].coverage`),
      density: num(s.density, `${path}[${i}].density`),
      mass: num(s.mass, `${path}[${i}].mass`),
      nRestricted: num(s.nRestricted ?? s.restrictedDims, `${path}[${i}].nRestricted`),
    }));
  };
  const chosenOf = (v: unknown, n: number, path: string): number => {
    const c = v === undefined ? n - 1 : v;
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= n)
      throw bad(path, `an index into the trajectory (0 to ${n - 1})`, v);
    return c;
  };
  const inputs = ['inputs', 'parameters', 'columns', 'names'].map((k) => raw[k]).find(Array.isArray) as
    | string[]
    | undefined;
  const rawBoxes = Array.isArray(raw.boxes) ? (raw.boxes as Record<string, unknown>[]) : [];
  const boxes: PrimBox[] = rawBoxes.map((b, i) => {
    const path = `boxes[${i}]`;
    const trajectory = b.trajectory !== undefined ? steps(b.trajectory, `${path}.trajectory`) : undefined;
    return {
      limits: readLimits(b.limits, b.restricted, inputs ?? varied, `${path}.limits`, bad),
      coverage: num(b.coverage, `${path}.coverage`),
      density: num(b.density, `${path}.density`),
      mass: num(b.mass, `${path}.mass`),
      ...(typeof b.meetsThreshold === 'boolean' ? { meetsThreshold: b.meetsThreshold } : {}),
      ...(typeof b.reading === 'string' ? { reading: b.reading } : {}),
      ...(trajectory ? { trajectory, chosen: chosenOf(b.chosen, trajectory.length, `${path}.chosen`) } : {}),
    };
  });
  if (raw.trajectory !== undefined) {
    const trajectory = steps(raw.trajectory, 'trajectory');
    const chosen = chosenOf(raw.chosen, trajectory.length, 'chosen');
    if (boxes.length === 0) {
      const c = trajectory[chosen];
      boxes.push({ limits: {}, coverage: c.coverage, density: c.density, mass: c.mass, trajectory, chosen });
    } else if (!boxes[0].trajectory) boxes[0] = { ...boxes[0], trajectory, chosen };
  }
  if (boxes.length === 0) throw bad('boxes', 'at least one box or a trajectory', raw.boxes);
  const condition = raw.condition ?? raw.where;
  return { condition: typeof condition === 'string' ? condition : String(condition ?? ''), boxes };
}

function readLimits(
  v: unknown,
  restricted: unknown,
  inputs: readonly string[],
  path: string,
  bad: (path: string, expected: string, got: unknown) => InputError,
): Record<string, BoxLimit> {
  const out: Record<string, BoxLimit> = {};
  if (v === undefined) return out;
  const one = (l: unknown, at: string): BoxLimit => {
    if (Array.isArray(l)) {
      // [lo, hi] of numbers is a range; anything else (strings, or not two values) is the set of values kept.
      if (l.length === 2 && l.every((x) => typeof x === 'number' || x === null)) {
        return { lo: l[0] ?? Number.NEGATIVE_INFINITY, hi: l[1] ?? Number.POSITIVE_INFINITY };
      }
      return { values: l as (string | number | boolean)[] };
    }
    if (l && typeof l === 'object') {
      const o = l as Record<string, unknown>;
      if (Array.isArray(o.values)) return { values: o.values as (string | number | boolean)[] };
      const lo = o.lo ?? o.min;
      const hi = o.hi ?? o.max;
      if (typeof lo === 'number' || typeof hi === 'number') {
        return {
          lo: typeof lo === 'number' ? lo : Number.NEGATIVE_INFINITY,
          hi: typeof hi === 'number' ? hi : Number.POSITIVE_INFINITY,
        };
      }
    }
    throw bad(at, '[lo, hi], {lo, hi} or {values}', l);
  };
  if (Array.isArray(v)) {
    // One limit per input in input order; only the restricted inputs are kept when the box names them.
    const keep = Array.isArray(restricted) ? new Set(restricted as string[]) : undefined;
    v.forEach((l, i) => {
      const name = inputs[i] ?? `input ${i + 1}`;
      if (!keep || keep.has(name)) out[name] = one(l, `${path}[${i}]`);
    });
    return out;
  }
  if (!v || typeof v !== 'object')
    throw bad(path, 'an object {<parameter>: [lo, hi] or values} or a list of limits', v);
  for (const [p, l] of Object.entries(v as Record<string, unknown>)) out[p] = one(l, `${path}.${p}`);
  return out;
}

/** The values of one outcome over the runs of a run folder (NaN where a run has none). */
export function outcomeValues(folder: ResultsFolder, outcome: string): Float64Array {
  if (!folder.runs) throw new InputError(`✖ ${folder.dir}: expected runs.csv, got no such file`);
  return numberColumn(folder.runs, outcome);
}
