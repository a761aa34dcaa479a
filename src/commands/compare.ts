// `pkosim compare <A> <B> [...]`: paired comparisons on common random numbers.
//
// Run r of every scenario uses the streams `seed/r/<name>`, so run r of A and run r of B share their random
// numbers wherever the two scenarios draw alike; the paired difference B - A then cancels the noise they share,
// and its confidence interval is narrower than the unpaired (Welch) one. Both are reported so users see it.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../engine/errors.js';
import { MANIFEST } from '../engine/execute.js';
import type { MetricSpec } from '../engine/model.js';
import { csvNumber, jsonNumber, readJson, writeFileAtomic } from '../engine/output.js';
import { pairedComparison } from '../engine/paired.js';
import { fmt, parseIntOption, parseSeed, renderTable } from './common.js';
import { runCommand } from './run.js';

export interface CompareRow {
  a: string;
  b: string;
  outcome: string;
  unit: string;
  n: number;
  meanA: number | null;
  meanB: number | null;
  diff: number | null;
  diffLo: number | null;
  diffHi: number | null;
  relChange: number | null;
  relLo: number | null;
  relHi: number | null;
  excludesZero: boolean;
  unpairedLo: number | null;
  unpairedHi: number | null;
  /** Width of the paired CI over the width of the unpaired one. */
  widthRatio: number | null;
}

interface RunFolder {
  dir: string;
  name: string;
  model: string;
  seed: number | string;
  runs: number;
  outcomes: MetricSpec[];
  values: Map<string, Float64Array>;
}

/** Read a finished run folder: its manifest and the per-run outcomes of runs.csv. */
export function readRunFolder(dir: string): RunFolder {
  const mf = join(dir, MANIFEST);
  if (!existsSync(mf)) throw new InputError(`✖ ${dir}: not a pkosim results folder (no manifest.json)`);
  const m = readJson<{ kind: string; status: string; scenario: string; model: string; seed: number | string; runs: number; outcomes: MetricSpec[] }>(mf);
  if (m.kind !== 'run') throw new InputError(`✖ ${dir}: expected the folder of a \`pkosim run\` batch, got a ${m.kind} folder`);
  if (m.status !== 'complete') throw new InputError(`✖ ${dir}: the batch is ${m.status}; finish it first (run its command again)`);
  const lines = readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const values = new Map<string, Float64Array>();
  for (let j = 2; j < header.length; j++) values.set(header[j], new Float64Array(lines.length - 1));
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i].split(',');
    for (let j = 2; j < header.length; j++) values.get(header[j])![i - 1] = cells[j] === '' ? Number.NaN : Number(cells[j]);
  }
  return { dir, name: m.scenario, model: m.model, seed: m.seed, runs: m.runs, outcomes: m.outcomes, values };
}

export function compareFolders(a: RunFolder, b: RunFolder): CompareRow[] {
  if (a.model !== b.model) throw new InputError(`✖ ${b.dir}: model ${b.model} cannot be compared with ${a.dir} (model ${a.model})`);
  if (String(a.seed) !== String(b.seed) || a.runs !== b.runs) {
    throw new InputError(
      `✖ ${b.dir}: seed ${b.seed} and ${b.runs} runs, but ${a.dir} has seed ${a.seed} and ${a.runs} runs; ` +
        'paired comparisons need the same seed and run count (rerun with --seed and --runs)',
    );
  }
  return a.outcomes
    .filter((o) => b.values.has(o.name))
    .map((o) => {
      const c = pairedComparison(a.values.get(o.name)!, b.values.get(o.name)!);
      return {
        a: a.name,
        b: b.name,
        outcome: o.name,
        unit: o.unit,
        n: c.n,
        meanA: jsonNumber(c.meanA),
        meanB: jsonNumber(c.meanB),
        diff: jsonNumber(c.diff),
        diffLo: jsonNumber(c.lo),
        diffHi: jsonNumber(c.hi),
        relChange: jsonNumber(c.rel),
        relLo: jsonNumber(c.relLo),
        relHi: jsonNumber(c.relHi),
        excludesZero: c.excludesZero,
        unpairedLo: jsonNumber(c.unpairedLo),
        unpairedHi: jsonNumber(c.unpairedHi),
        widthRatio: jsonNumber(c.widthRatio),
      };
    });
}

export const COMPARE_COLUMNS: (keyof CompareRow)[] = [
  'a', 'b', 'outcome', 'unit', 'n', 'meanA', 'meanB', 'diff', 'diffLo', 'diffHi', 'relChange', 'relLo', 'relHi',
  'excludesZero', 'unpairedLo', 'unpairedHi', 'widthRatio',
];

function pct(x: number | null): string {
  return x === null ? '–' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;
}

export interface CompareOptions {
  runs?: string;
  seed?: string;
  workers?: string;
  out?: string;
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
}

export async function compareCommand(refs: string[], opts: CompareOptions): Promise<number> {
  if (refs.length < 2) throw new InputError(`✖ compare: expected at least two scenarios or results folders, got ${refs.length}`);
  parseIntOption('--runs', opts.runs, 1);
  parseIntOption('--workers', opts.workers, 1);
  parseSeed(opts.seed);
  const label = (ref: string) => basename(ref).replace(/\.(ya?ml|json)$/i, '');
  const out = resolve(opts.out ?? join('results', `compare-${refs.map(label).join('-vs-')}`));
  const folders: RunFolder[] = [];
  // Each scenario's batch folder inside the comparison's; two files of the same name in different folders get two.
  const subdirs = new Map<string, string>();
  for (const ref of refs) {
    if (subdirs.has(resolve(ref))) continue;
    let name = label(ref);
    for (let k = 2; [...subdirs.values()].includes(name); k++) name = `${label(ref)}-${k}`;
    subdirs.set(resolve(ref), name);
  }
  for (const ref of refs) {
    const asDir = resolve(ref);
    if (existsSync(join(asDir, MANIFEST))) {
      folders.push(readRunFolder(asDir));
      continue;
    }
    // A scenario: run it into the comparison's folder (or reuse a finished identical batch there).
    const r = await runCommand(ref, {
      out: join(out, subdirs.get(resolve(ref)) as string),
      // Without --runs/--seed, every scenario takes the reference's (else each would use its own and be refused).
      runs: opts.runs ?? (folders[0] ? String(folders[0].runs) : undefined),
      seed: opts.seed ?? (folders[0] ? String(folders[0].seed) : '1'),
      workers: opts.workers,
      quiet: opts.quiet,
      print: false,
      force: opts.force,
    });
    if (r.exitCode !== 0) return r.exitCode;
    folders.push(readRunFolder(r.dir));
  }
  const [base, ...others] = folders;
  const rows = others.flatMap((b) => compareFolders(base, b));
  const csv = [COMPARE_COLUMNS.join(','), ...rows.map((r) => COMPARE_COLUMNS.map((c) => cell(r[c])).join(','))].join('\n');
  writeFileAtomic(join(out, 'compare.csv'), `${csv}\n`);
  const json = {
    kind: 'compare',
    reference: base.name,
    seed: base.seed,
    runs: base.runs,
    folders: folders.map((f) => ({ name: f.name, dir: f.dir })),
    rows,
  };
  writeFileAtomic(join(out, 'compare.json'), `${JSON.stringify(json, null, 2)}\n`);
  writeFileAtomic(join(out, MANIFEST), `${JSON.stringify({ kind: 'compare', status: 'complete', reference: base.name, seed: base.seed, runs: base.runs, folders: json.folders }, null, 2)}\n`);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    for (const b of others) {
      const part = rows.filter((r) => r.b === b.name);
      process.stdout.write(`\n${b.name} vs ${base.name} (${base.runs} paired runs, seed ${base.seed})\n`);
      const table = part.map((r) => [
        r.outcome,
        fmt(r.meanA),
        fmt(r.meanB),
        fmt(r.diff),
        `${fmt(r.diffLo)} to ${fmt(r.diffHi)}`,
        pct(r.relChange),
        r.excludesZero ? 'yes' : 'no',
        r.widthRatio === null ? '–' : `${(100 * r.widthRatio).toFixed(0)}%`,
      ]);
      process.stdout.write(
        `${renderTable(
          ['outcome', base.name, b.name, 'B - A', '95% CI (paired)', 'change', 'CI excl. 0', 'paired/unpaired CI width'],
          table,
          [false, true, true, true, true, true, false, true],
        )}\n`,
      );
    }
    const ratios = rows.map((r) => r.widthRatio).filter((x): x is number => x !== null && Number.isFinite(x));
    if (ratios.length) {
      const med = [...ratios].sort((x, y) => x - y)[Math.floor(ratios.length / 2)];
      process.stdout.write(
        `\nCommon random numbers: the paired CIs are a median ${(100 * med).toFixed(0)}% as wide as unpaired ones would be.\n`,
      );
    }
  }
  if (!opts.quiet) process.stderr.write(`pkosim: comparison written to ${out}\n`);
  return 0;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return csvNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('paired comparison of scenarios on common random numbers (the first is the reference)')
    .argument('<scenarios...>', 'scenarios (run on the same seeds) or folders of finished batches with the same seed and runs')
    .option('-n, --runs <R>', 'runs per scenario (default: the scenario\'s, else 100)')
    .option('-s, --seed <S>', 'master seed shared by all scenarios (default 1)')
    .option('-w, --workers <W>', 'worker threads (default: one per core)')
    .option('-o, --out <DIR>', 'folder for compare.csv and compare.json (default: results/compare-<A>-vs-<B>)')
    .option('--force', 'replace results folders of the scenarios that hold another configuration')
    .option('-q, --quiet', 'no progress bar or notes on stderr')
    .option('--json', 'print compare.json instead of the tables')
    .action(async (refs: string[], opts: CompareOptions) => {
      process.exitCode = await compareCommand(refs, opts);
    });
}
