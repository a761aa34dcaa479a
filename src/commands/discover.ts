// `pkosim discover <sweep folder> --where "<condition>"`: scenario discovery with PRIM (Friedman & Fisher 1999;
// Bryant & Lempert 2010) on a finished sweep. Each case (a run, or with --per point a design point's means) is
// described by the varied parameter values of its point and marked by the condition; PRIM then finds the boxes of
// the parameter space where the condition concentrates (src/engine/prim.ts, EMA Workbench's semantics).
//
// Everything a user can get wrong (the folder, the options, the condition) is checked before the bulk of the data
// is read or anything is written. prim.json is read by src/charts/results.ts (charts and the HTML report).
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { InputError, formatValue } from '../engine/errors.js';
import { MANIFEST } from '../engine/execute.js';
import { type CompiledExpression, compileExpression } from '../engine/expressions.js';
import type { MetricSpec } from '../engine/model.js';
import { AtomicFileWriter, csvNumber, jsonNumber, writeFileAtomic } from '../engine/output.js';
import { describeParams } from '../engine/params.js';
import { type PrimBox, type PrimColumn, type PrimLimit, type PrimValue, findBoxes } from '../engine/prim.js';
import { loadModel } from '../models/registry.js';
import { fmt, parseIntOption, pkosimVersion, renderTable } from './common.js';
import type { SweepManifest } from './sweep.js';

export const PRIM_DEFAULTS = { threshold: 0.8, peelAlpha: 0.05, pasteAlpha: 0.05, massMin: 0.05, maxBoxes: 10 };

export interface DiscoverOptions {
  where?: string;
  out?: string;
  threshold?: string;
  peelAlpha?: string;
  pasteAlpha?: string;
  massMin?: string;
  maxBoxes?: string;
  per?: string;
  quiet?: boolean;
  json?: boolean;
}

export type CaseUnit = 'run' | 'point';

/** A box's limit on one parameter as prim.json writes it: [lo, hi] for numbers, {values} for categories. */
export type JsonLimit = [number, number] | { values: PrimValue[] };

export interface JsonStep {
  phase: 'start' | 'peel' | 'paste';
  coverage: number;
  density: number;
  mass: number;
  nRestricted: number;
  /** The limits of the restricted parameters at this step. */
  limits: Record<string, JsonLimit>;
}

export interface JsonQuasiP {
  /** Quasi-p value of the lower limit of a number (absent when that side is not restricted). */
  lower?: number | null;
  upper?: number | null;
  /** Quasi-p value of the restriction of a categorical parameter. */
  values?: number | null;
}

export interface JsonBox {
  /** Limits of the restricted parameters only. */
  limits: Record<string, JsonLimit>;
  coverage: number;
  density: number;
  mass: number;
  nRestricted: number;
  restricted: string[];
  quasiP: Record<string, JsonQuasiP>;
  meetsThreshold: boolean;
  /** Cases in the box (among those not taken by earlier boxes) and how many of them meet the condition. */
  cases: number;
  casesOfInterest: number;
  /** The box's own peeling and pasting trajectory; its last step is the box. */
  trajectory: JsonStep[];
  chosen: number;
  /** The box in one sentence. */
  reading: string;
}

/** The content of prim.json. */
export interface Discovery {
  kind: 'discover';
  pkosim: string;
  condition: string;
  sweep: string;
  scenario: string;
  model: string;
  design: string;
  /** What a case is: one run, or one design point (with its outcomes' means over its runs). */
  per: CaseUnit;
  cases: number;
  casesOfInterest: number;
  /** Cases where the condition evaluated to no number (NaN); they are left out of the analysis. */
  casesUndefined: number;
  /**
   * Outcomes the condition reads that are undefined (NaN) in some cases, with how many: comparisons with NaN are
   * false, so such cases count as not meeting a condition like `x > 3` (isNaN(x) lets a condition decide otherwise).
   */
  undefinedInputs: Record<string, number>;
  /** casesOfInterest / cases. */
  baseRate: number;
  inputs: string[];
  units: Record<string, string>;
  options: { threshold: number; peelAlpha: number; pasteAlpha: number; massMin: number; maxBoxes: number };
  /** The first box's trajectory (what a single-box PRIM chart shows) and its chosen step. */
  trajectory: JsonStep[];
  chosen: number;
  boxes: JsonBox[];
}

// ---------------------------------------------------------------------------------------------------------------
// Checking the input

function parseFraction(flag: string, text: string | undefined, dflt: number, upperIncluded: boolean): number {
  if (text === undefined) return dflt;
  const x = Number(text);
  const ok = String(text).trim() !== '' && Number.isFinite(x) && x > 0 && (upperIncluded ? x <= 1 : x < 1);
  if (!ok) {
    throw new InputError(
      `✖ ${flag}: expected a number ${upperIncluded ? 'above 0 and at most 1' : 'between 0 and 1 (both excluded)'}, got ${formatValue(text)}`,
    );
  }
  return x;
}

interface SweepFolder {
  dir: string;
  manifest: SweepManifest;
  outcomes: MetricSpec[];
  paths: string[];
}

const NOT_A_SWEEP = 'expected the folder of a finished `pkosim sweep`';

/** Read and check a sweep folder's manifest and the presence of its files; reads no data. */
export function readSweepFolder(dirArg: string): SweepFolder {
  const dir = resolve(dirArg);
  if (!existsSync(dir)) throw new InputError(`✖ ${dirArg}: ${NOT_A_SWEEP}, got nothing (no such folder)`);
  if (!statSync(dir).isDirectory()) throw new InputError(`✖ ${dirArg}: ${NOT_A_SWEEP}, got a file`);
  const mf = join(dir, MANIFEST);
  if (!existsSync(mf)) throw new InputError(`✖ ${dirArg}: ${NOT_A_SWEEP}, got a folder without manifest.json`);
  let m: SweepManifest;
  try {
    m = JSON.parse(readFileSync(mf, 'utf8')) as SweepManifest;
  } catch (e) {
    throw new InputError(`✖ ${mf}: expected a JSON manifest, got text that does not parse (${(e as Error).message})`);
  }
  if (m === null || typeof m !== 'object')
    throw new InputError(`✖ ${mf}: expected a JSON object, got ${formatValue(m)}`);
  if (m.kind !== 'sweep') {
    throw new InputError(
      `✖ ${dirArg}: ${NOT_A_SWEEP}, got ${m.kind ? `a ${m.kind} folder` : 'a manifest without a kind'}; run \`pkosim sweep\` first`,
    );
  }
  if (m.shard) {
    throw new InputError(
      `✖ ${dirArg}: ${NOT_A_SWEEP}, got shard ${m.shard.index}/${m.shard.count} of one; merge the shards with \`pkosim merge\` and discover in the merged folder`,
    );
  }
  if (m.status !== 'complete') {
    throw new InputError(
      `✖ ${dirArg}: ${NOT_A_SWEEP}, got one whose manifest says "${m.status}"; finish it first (run its command again)`,
    );
  }
  const shape =
    Array.isArray(m.vary) &&
    Array.isArray(m.points) &&
    Array.isArray(m.outcomes) &&
    Number.isInteger(m.runs) &&
    m.runs > 0;
  if (!shape) throw new InputError(`✖ ${mf}: expected a sweep manifest with vary, points, outcomes and runs`);
  for (const f of ['points.csv', 'runs.csv', 'summary.csv']) {
    if (!existsSync(join(dir, f))) throw new InputError(`✖ ${dirArg}: ${NOT_A_SWEEP}, got one without ${f}`);
  }
  return { dir, manifest: m, outcomes: m.outcomes as MetricSpec[], paths: m.vary.map((v) => v.path) };
}

/** Compile the condition over the outcomes and the varied parameters; an InputError names --where. */
export function compileCondition(where: string | undefined, outcomes: readonly string[], paths: readonly string[]) {
  if (where === undefined || where.trim() === '') {
    throw new InputError(
      `✖ --where: expected a condition on the outcomes, e.g. --where "${outcomes[0] ?? 'outcome'} > 0", got ${formatValue(where)}`,
    );
  }
  const names = [...new Set([...outcomes, ...paths])];
  try {
    return compileExpression('--where', where, names);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    throw new InputError(
      `${e.message}\n  the condition may use the outcomes (${outcomes.join(', ')}) and the varied parameters (${paths.join(', ')})`,
    );
  }
}

/** Where the files go: the sweep folder, or --out (empty, new, or the folder of an earlier discovery). */
function checkOut(out: string, sweepDir: string): void {
  if (out === sweepDir || !existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new InputError(`✖ --out ${out}: expected a folder, got a file`);
  const mf = join(out, MANIFEST);
  if (existsSync(mf)) {
    let kind: unknown;
    try {
      kind = (JSON.parse(readFileSync(mf, 'utf8')) as { kind?: unknown }).kind;
    } catch {
      kind = undefined;
    }
    if (kind === 'discover') return;
    throw new InputError(
      `✖ --out ${out}: holds ${typeof kind === 'string' ? `a ${kind} results folder` : 'another results folder'}; choose an empty or new folder (or leave out --out to write beside the sweep)`,
    );
  }
  if (readdirSync(out).length > 0) {
    throw new InputError(
      `✖ --out ${out}: the folder exists and is not a pkosim results folder (no manifest.json); choose an empty or new folder`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the cases

/** Split one CSV line (RFC 4180 quotes; the sweep files quote only text holding a comma or a quote). */
function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

interface Cases {
  /** Point index of every case. */
  point: Uint32Array;
  y: Uint8Array;
  n: number;
  undefinedCount: number;
  /** Outcomes the condition reads that are undefined (NaN) in some cases: name -> number of such cases. */
  nanInputs: Record<string, number>;
}

/**
 * Evaluate the condition on every case, streaming the file: runs.csv (one case per run) or summary.csv (one case
 * per point, the outcomes being the point's means). Cases whose condition is NaN are dropped and counted.
 */
async function readCases(sweep: SweepFolder, per: CaseUnit, condition: CompiledExpression): Promise<Cases> {
  const { dir, manifest: m } = sweep;
  const file = join(dir, per === 'run' ? 'runs.csv' : 'summary.csv');
  const P = m.points.length;
  const expected = per === 'run' ? P * m.runs : P;
  const point = new Uint32Array(expected);
  const y = new Uint8Array(expected);
  let n = 0;
  let undefinedCount = 0;
  const nanInputs: Record<string, number> = {};
  let header: string[] | undefined;
  // Column of each name the condition reads (outcomes), or -1 for a varied parameter taken from the manifest.
  let columns: { name: string; col: number }[] = [];
  let lineNo = 0;
  let rows = 0;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    lineNo++;
    if (line === '') continue;
    const cells = splitCsvLine(line);
    if (!header) {
      header = cells;
      const outcomeNames = new Set(sweep.outcomes.map((o) => o.name));
      columns = condition.inputs.map((name) => {
        // An outcome shadows a varied parameter of the same name; parameters come from the manifest's points.
        if (!outcomeNames.has(name)) return { name, col: -1 };
        const wanted = per === 'run' ? name : `${name}_mean`;
        const col = header!.indexOf(wanted);
        if (col < 0)
          throw new InputError(`✖ ${file}: expected a column ${wanted} (the condition reads ${name}), got none`);
        return { name, col };
      });
      continue;
    }
    if (cells.length !== header.length) {
      throw new InputError(
        `✖ ${file} line ${lineNo}: expected ${header.length} fields, got ${cells.length}; the sweep folder is damaged`,
      );
    }
    const pt = Number(cells[0]);
    if (!Number.isInteger(pt) || pt < 0 || pt >= P) {
      throw new InputError(
        `✖ ${file} line ${lineNo}: expected a point index from 0 to ${P - 1}, got ${formatValue(cells[0])}`,
      );
    }
    if (rows >= expected)
      throw new InputError(`✖ ${file}: expected ${expected} rows, got more; the sweep folder is damaged`);
    rows++;
    const values: Record<string, unknown> = {};
    for (const { name, col } of columns) {
      if (col >= 0 && cells[col] === '') nanInputs[name] = (nanInputs[name] ?? 0) + 1;
      values[name] = col < 0 ? m.points[pt][name] : cells[col] === '' ? Number.NaN : Number(cells[col]);
    }
    const v = condition.evaluate(values);
    if (Number.isNaN(v)) {
      undefinedCount++;
      continue;
    }
    if (v !== 0 && v !== 1) {
      throw new InputError(
        `✖ --where: expected a condition (true or false for each ${per}), got the number ${v} for ${per === 'run' ? `run ${cells[1]} of ` : ''}point ${pt}; compare it with something, e.g. "${condition.source} > 0"`,
      );
    }
    point[n] = pt;
    y[n] = v;
    n++;
  }
  if (rows !== expected) {
    throw new InputError(
      `✖ ${file}: expected ${expected} rows (${per === 'run' ? `${P} points x ${m.runs} runs` : `${P} points`}), got ${rows}; the sweep folder is damaged`,
    );
  }
  return { point: point.subarray(0, n), y: y.subarray(0, n), n, undefinedCount, nanInputs };
}

/** The PRIM input columns: each varied parameter's value at each case's point. */
function primColumns(sweep: SweepFolder, point: Uint32Array): PrimColumn[] {
  return sweep.manifest.vary.map((spec) => {
    const at = (i: number) => sweep.manifest.points[point[i]][spec.path];
    if (spec.kind === 'number' || spec.kind === 'integer') {
      return {
        name: spec.path,
        kind: spec.kind === 'number' ? 'numeric' : 'integer',
        values: Float64Array.from(point, (_, i) => Number(at(i))),
      };
    }
    return {
      name: spec.path,
      kind: 'categorical',
      values: Array.from(point, (_, i) => at(i) as PrimValue),
      ...(spec.options ? { categories: spec.options } : {}),
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// From PRIM's boxes to prim.json and the text

function jsonLimits(limits: readonly PrimLimit[], paths: readonly string[], restricted: readonly string[]) {
  const out: Record<string, JsonLimit> = {};
  limits.forEach((l, j) => {
    if (!restricted.includes(paths[j])) return;
    out[paths[j]] = l.kind === 'categorical' ? { values: [...l.values] } : [l.lo, l.hi];
  });
  return out;
}

/** Names of the parameters a step restricts: those whose limits are narrower than the whole data's. */
function restrictedOf(limits: readonly PrimLimit[], whole: readonly PrimLimit[], paths: readonly string[]): string[] {
  return paths.filter((_, j) => {
    const a = limits[j];
    const b = whole[j];
    if (a.kind === 'categorical' || b.kind === 'categorical') {
      return a.kind === 'categorical' && b.kind === 'categorical' && a.values.length < b.values.length;
    }
    return a.lo > b.lo || a.hi < b.hi;
  });
}

/** How a restriction reads: ">= 0.62", "<= -0.05", "0.2 to 0.6", "one of a, b". */
export function describeRestriction(limit: PrimLimit, whole: PrimLimit): string {
  if (limit.kind === 'categorical') {
    const v = limit.values.map(String);
    return v.length === 1 ? `= ${v[0]}` : `one of ${v.join(', ')}`;
  }
  if (whole.kind === 'categorical') return '';
  const lower = limit.lo > whole.lo;
  const upper = limit.hi < whole.hi;
  if (lower && upper) return `${fmt(limit.lo)} to ${fmt(limit.hi)}`;
  if (lower) return `>= ${fmt(limit.lo)}`;
  if (upper) return `<= ${fmt(limit.hi)}`;
  return 'any';
}

function percent(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const p = 100 * x;
  return `${p > 0 && p < 1 ? p.toFixed(1) : p > 99 && p < 100 ? p.toFixed(1) : p.toFixed(0)}%`;
}

function reading(
  condition: string,
  per: CaseUnit,
  box: PrimBox,
  whole: readonly PrimLimit[],
  paths: readonly string[],
): string {
  const units = per === 'run' ? 'runs' : 'points';
  const parts = box.limits
    .map((l, j) => (box.restricted.includes(paths[j]) ? `${paths[j]} ${describeRestriction(l, whole[j])}` : undefined))
    .filter((s): s is string => s !== undefined);
  if (parts.length === 0) {
    return `${condition} holds in ${percent(box.density)} of the ${units}; no parameter range concentrates it`;
  }
  return `${condition} holds in ${percent(box.density)} of the ${units} with ${parts.join(' and ')}, which hold ${percent(box.coverage)} of all the ${units} where it holds`;
}

export function buildDiscovery(
  sweep: SweepFolder,
  condition: string,
  per: CaseUnit,
  cases: Cases,
  boxes: readonly PrimBox[],
  options: Discovery['options'],
  units: Record<string, string>,
): Discovery {
  const { paths } = sweep;
  const whole = boxes[0].trajectory[0].limits;
  const coi = cases.y.reduce((s, v) => s + v, 0);
  const steps = (b: PrimBox): JsonStep[] =>
    b.trajectory.map((s) => ({
      phase: s.phase,
      coverage: s.coverage,
      density: s.density,
      mass: s.mass,
      nRestricted: s.restrictedDims,
      limits: jsonLimits(s.limits, paths, restrictedOf(s.limits, whole, paths)),
    }));
  const jsonBoxes: JsonBox[] = boxes.map((b) => {
    const quasiP: Record<string, JsonQuasiP> = {};
    for (const q of b.quasiP) {
      quasiP[q.name] = {
        ...(q.lower !== undefined ? { lower: jsonNumber(q.lower) } : {}),
        ...(q.upper !== undefined ? { upper: jsonNumber(q.upper) } : {}),
        ...(q.categories !== undefined ? { values: jsonNumber(q.categories) } : {}),
      };
    }
    let inBox = 0;
    for (const i of b.points) inBox += cases.y[i];
    return {
      limits: jsonLimits(b.limits, paths, b.restricted),
      coverage: b.coverage,
      density: b.density,
      mass: b.mass,
      nRestricted: b.restrictedDims,
      restricted: [...b.restricted],
      quasiP,
      meetsThreshold: b.meetsThreshold,
      cases: b.points.length,
      casesOfInterest: inBox,
      trajectory: steps(b),
      chosen: b.chosen,
      reading: reading(condition, per, b, whole, paths),
    };
  });
  return {
    kind: 'discover',
    pkosim: pkosimVersion(),
    condition,
    sweep: sweep.dir,
    scenario: String(sweep.manifest.scenario),
    model: String(sweep.manifest.model),
    design: String(sweep.manifest.design),
    per,
    cases: cases.n,
    casesOfInterest: coi,
    casesUndefined: cases.undefinedCount,
    undefinedInputs: cases.nanInputs,
    baseRate: coi / cases.n,
    inputs: [...paths],
    units,
    options,
    trajectory: jsonBoxes[0].trajectory,
    chosen: jsonBoxes[0].chosen,
    boxes: jsonBoxes,
  };
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return csvNumber(v);
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Columns of one parameter's limits: lo and hi for numbers, the kept values (joined by |) for categories. */
function limitColumns(sweep: SweepFolder): { header: string[]; cells: (l: JsonLimit | undefined) => string[] }[] {
  return sweep.manifest.vary.map((v) =>
    v.kind === 'number' || v.kind === 'integer'
      ? {
          header: [`${v.path}_lo`, `${v.path}_hi`],
          cells: (l) => (Array.isArray(l) ? [csvNumber(l[0]), csvNumber(l[1])] : ['', '']),
        }
      : { header: [v.path], cells: (l) => [l && !Array.isArray(l) ? csvCell(l.values.join('|')) : ''] },
  );
}

function writeFiles(out: string, sweep: SweepFolder, d: Discovery): void {
  const cols = limitColumns(sweep);
  const traj = new AtomicFileWriter(join(out, 'prim-trajectory.csv'));
  traj.line(
    [
      'box',
      'step',
      'phase',
      'coverage',
      'density',
      'mass',
      'nRestricted',
      'chosen',
      ...cols.flatMap((c) => c.header),
    ].join(','),
  );
  d.boxes.forEach((b, k) => {
    b.trajectory.forEach((s, i) => {
      const limits = sweep.paths.flatMap((p, j) => cols[j].cells(s.limits[p]));
      traj.line(
        [k + 1, i, s.phase, s.coverage, s.density, s.mass, s.nRestricted, i === b.chosen]
          .map(csvCell)
          .concat(limits)
          .join(','),
      );
    });
  });
  traj.commit();

  const boxes = new AtomicFileWriter(join(out, 'boxes.csv'));
  const qpHeader = sweep.manifest.vary.flatMap((v) =>
    v.kind === 'number' || v.kind === 'integer' ? [`${v.path}_qp_lo`, `${v.path}_qp_hi`] : [`${v.path}_qp`],
  );
  boxes.line(
    [
      'box',
      'coverage',
      'density',
      'mass',
      'nRestricted',
      'meetsThreshold',
      'cases',
      'casesOfInterest',
      ...cols.flatMap((c) => c.header),
      ...qpHeader,
    ].join(','),
  );
  d.boxes.forEach((b, k) => {
    const limits = sweep.paths.flatMap((p, j) => cols[j].cells(b.limits[p]));
    const qp = sweep.manifest.vary.flatMap((v) => {
      const q = b.quasiP[v.path];
      return v.kind === 'number' || v.kind === 'integer'
        ? [csvCell(q?.lower), csvCell(q?.upper)]
        : [csvCell(q?.values)];
    });
    boxes.line(
      [k + 1, b.coverage, b.density, b.mass, b.nRestricted, b.meetsThreshold, b.cases, b.casesOfInterest]
        .map(csvCell)
        .concat(limits, qp)
        .join(','),
    );
  });
  boxes.commit();

  writeFileAtomic(join(out, 'prim.json'), `${JSON.stringify(d, null, 2)}\n`);
  if (out !== sweep.dir) {
    const m = sweep.manifest;
    const manifest = {
      kind: 'discover',
      status: 'complete',
      pkosim: d.pkosim,
      condition: d.condition,
      per: d.per,
      sweep: sweep.dir,
      scenario: m.scenario,
      model: m.model,
      design: m.design,
      vary: m.vary,
      runs: m.runs,
      seed: m.seed,
      outcomes: m.outcomes,
      series: [],
      stepUnit: m.stepUnit,
      options: d.options,
    };
    writeFileAtomic(join(out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  }
}

/** Restrictions whose quasi-p value is above this are marked as possibly due to chance. */
const QUASI_P_LEVEL = 0.05;

function formatQuasiP(q: JsonQuasiP | undefined): string {
  if (!q) return '–';
  const p = (x: number | null | undefined) =>
    x === null || x === undefined ? '–' : `${fmt(x)}${x > QUASI_P_LEVEL ? ' *' : ''}`;
  if (q.values !== undefined) return p(q.values);
  const parts: string[] = [];
  if (q.lower !== undefined) parts.push(`lower ${p(q.lower)}`);
  if (q.upper !== undefined) parts.push(`upper ${p(q.upper)}`);
  return parts.join(', ') || '–';
}

export function discoveryText(d: Discovery, wholeLimits: readonly PrimLimit[], boxes: readonly PrimBox[]): string {
  const units = d.per === 'run' ? 'runs' : 'points';
  const lines: string[] = [];
  lines.push(
    `Condition: ${d.condition}  (${d.per === 'run' ? 'each run' : "each point's means"} of sweep ${d.scenario}, ${d.design} design)`,
  );
  lines.push(
    `Base rate: ${d.casesOfInterest} of ${d.cases} ${units} (${percent(d.baseRate)})${d.casesUndefined ? `; ${d.casesUndefined} ${units} where the condition is undefined (NaN) left out` : ''}`,
  );
  for (const [name, k] of Object.entries(d.undefinedInputs)) {
    lines.push(
      `Note: ${name} is undefined (NaN) in ${k} ${units}; a comparison with NaN is false (write isNaN(${name}) to decide otherwise)`,
    );
  }
  d.boxes.forEach((b, k) => {
    const pb = boxes[k];
    const flag = b.meetsThreshold ? '' : ` (below the density threshold ${d.options.threshold})`;
    lines.push('');
    lines.push(
      `Box ${k + 1}${flag}: coverage ${percent(b.coverage)}, density ${percent(b.density)}, mass ${percent(b.mass)} (${b.casesOfInterest} of ${b.cases} ${units} in the box meet the condition)`,
    );
    const rows = d.inputs
      .map((p, j) =>
        b.restricted.includes(p)
          ? [p, d.units[p] ?? '', describeRestriction(pb.limits[j], wholeLimits[j]), formatQuasiP(b.quasiP[p])]
          : undefined,
      )
      .filter((r): r is string[] => r !== undefined);
    if (rows.length)
      lines.push(renderTable(['parameter', 'unit', 'restricted to', 'quasi-p'], rows, [false, false, false, false]));
    else lines.push('no parameter restricted');
    if (rows.some((r) => r[3].includes(' *'))) {
      lines.push(
        `* quasi-p above ${QUASI_P_LEVEL}: that limit may be chance; the box without it would do about as well`,
      );
    }
    lines.push(b.reading);
  });
  if (!d.boxes.some((b) => b.meetsThreshold)) {
    lines.push('');
    lines.push(
      `No box reaches the density threshold ${d.options.threshold}: the condition does not concentrate in a region of the varied parameters (or needs more runs or a lower --threshold).`,
    );
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// The command

async function parameterUnits(model: string, paths: readonly string[]): Promise<Record<string, string>> {
  const units: Record<string, string> = {};
  try {
    const infos = describeParams((await loadModel(model)).paramsSchema);
    for (const p of paths) units[p] = infos.find((i) => i.path === p)?.unit ?? '';
  } catch {
    // The units only decorate the table; a model this build does not know still has its data analysed.
    for (const p of paths) units[p] = '';
  }
  return units;
}

export async function discoverCommand(dirArg: string, opts: DiscoverOptions): Promise<number> {
  const per = (opts.per ?? 'run') as CaseUnit;
  if (per !== 'run' && per !== 'point')
    throw new InputError(`✖ --per: expected run or point, got ${formatValue(opts.per)}`);
  const options = {
    threshold: parseFraction('--threshold', opts.threshold, PRIM_DEFAULTS.threshold, true),
    peelAlpha: parseFraction('--peel-alpha', opts.peelAlpha, PRIM_DEFAULTS.peelAlpha, false),
    pasteAlpha: parseFraction('--paste-alpha', opts.pasteAlpha, PRIM_DEFAULTS.pasteAlpha, false),
    massMin: parseFraction('--mass-min', opts.massMin, PRIM_DEFAULTS.massMin, false),
    maxBoxes: parseIntOption('--max-boxes', opts.maxBoxes, 1) ?? PRIM_DEFAULTS.maxBoxes,
  };
  const sweep = readSweepFolder(dirArg);
  const condition = compileCondition(
    opts.where,
    sweep.outcomes.map((o) => o.name),
    sweep.paths,
  );
  const out = opts.out ? resolve(opts.out) : sweep.dir;
  checkOut(out, sweep.dir);

  const cases = await readCases(sweep, per, condition);
  const units = per === 'run' ? 'runs' : 'points';
  const coi = cases.y.reduce((s, v) => s + v, 0);
  if (cases.n === 0) {
    throw new InputError(
      `✖ --where: "${condition.source}" is undefined (NaN) for every one of the ${cases.undefinedCount} ${units}`,
    );
  }
  if (coi === 0 || coi === cases.n) {
    throw new InputError(
      `✖ --where: "${condition.source}" holds for ${coi === 0 ? 'none' : 'every one'} of the ${cases.n} ${units} (base rate ${percent(coi / cases.n)}); ` +
        `PRIM needs ${units} where it holds and ${units} where it does not; choose a ${coi === 0 ? 'looser' : 'stricter'} condition`,
    );
  }
  const columns = primColumns(sweep, cases.point);
  const boxes = findBoxes(columns, cases.y, options);
  const discovery = buildDiscovery(
    sweep,
    condition.source,
    per,
    cases,
    boxes,
    options,
    await parameterUnits(String(sweep.manifest.model), sweep.paths),
  );
  for (const o of sweep.outcomes) discovery.units[o.name] ??= o.unit;
  writeFiles(out, sweep, discovery);
  if (opts.json) process.stdout.write(`${JSON.stringify(discovery, null, 2)}\n`);
  else process.stdout.write(discoveryText(discovery, boxes[0].trajectory[0].limits, boxes));
  if (!opts.quiet) process.stderr.write(`pkosim: prim.json, prim-trajectory.csv and boxes.csv written to ${out}\n`);
  return 0;
}

export function registerDiscover(program: Command): void {
  program
    .command('discover')
    .description('scenario discovery: PRIM boxes of the varied parameters where a condition on the outcomes holds')
    .argument('<sweep>', 'the results folder of a finished `pkosim sweep`')
    .option('--where <condition>', 'a condition on the outcomes (and varied parameters), e.g. "civilianDeaths > 2000"')
    .option('-o, --out <DIR>', 'folder for prim.json, prim-trajectory.csv and boxes.csv (default: the sweep folder)')
    .option('--per <unit>', 'a case is each run (default) or each point (the means of its runs): run or point')
    .option('--threshold <D>', `density a box must reach (default ${PRIM_DEFAULTS.threshold})`)
    .option('--peel-alpha <A>', `share of a box peeled off at each step (default ${PRIM_DEFAULTS.peelAlpha})`)
    .option('--paste-alpha <A>', `share pasted back at each step (default ${PRIM_DEFAULTS.pasteAlpha})`)
    .option('--mass-min <M>', `smallest share of the cases a box may hold (default ${PRIM_DEFAULTS.massMin})`)
    .option('--max-boxes <N>', `most boxes to find by covering (default ${PRIM_DEFAULTS.maxBoxes})`)
    .option('-q, --quiet', 'no notes on stderr')
    .option('--json', 'print prim.json instead of the tables')
    .action(async (dir: string, opts: DiscoverOptions) => {
      process.exitCode = await discoverCommand(dir, opts);
    });
}
