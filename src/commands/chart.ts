// `pkosim chart <results folder...>`: the charts of one or more results folders as PNG and SVG, each with its
// Vega-Lite spec beside it (<name>.vl.json) so users can restyle it.
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CHART_KINDS, type ChartKind, type ModelCache, planCharts } from '../charts/plan.js';
import type { ChartFormat } from '../charts/render.js';
import { loadResults } from '../charts/results.js';
import { slug } from '../charts/theme.js';
import { formatValue, InputError } from '../engine/errors.js';
import { parseIntOption } from './common.js';

export interface ChartCommandOptions {
  kind?: string;
  outcome?: string;
  series?: string;
  run?: string;
  format?: string;
  out?: string;
  quiet?: boolean;
}

const FORMATS: readonly ChartFormat[] = ['svg', 'png', 'both'];

/** `--kind all`, one kind, or a comma-separated list of kinds. */
export function parseKinds(text: string | undefined): ChartKind[] | undefined {
  if (text === undefined || text.trim() === 'all') return undefined;
  const kinds = text.split(',').map((k) => k.trim());
  for (const k of kinds) {
    if (!(CHART_KINDS as readonly string[]).includes(k)) {
      throw new InputError(
        `✖ --kind: expected all or one of ${CHART_KINDS.join(', ')} (comma-separated), got ${formatValue(k)}`,
      );
    }
  }
  return kinds as ChartKind[];
}

export function parseFormat(text: string | undefined): ChartFormat {
  const f = (text ?? 'both').trim();
  if (!(FORMATS as readonly string[]).includes(f)) {
    throw new InputError(`✖ --format: expected one of ${FORMATS.join(', ')}, got ${formatValue(text)}`);
  }
  return f as ChartFormat;
}

/** Writes the charts; returns the files written (pictures only, not the specs). `models` lets tests supply models. */
export async function chartCommand(
  dirs: readonly string[],
  opts: ChartCommandOptions,
  models: ModelCache = new Map(),
): Promise<string[]> {
  if (dirs.length === 0) throw new InputError('✖ chart: expected at least one results folder, got none');
  const kinds = parseKinds(opts.kind);
  const format = parseFormat(opts.format);
  const run = parseIntOption('--run', opts.run, 0);
  const folders = dirs.map((d) => loadResults(d));
  const plan = await planCharts(folders, { kinds, outcome: opts.outcome, series: opts.series, run }, models);
  const runFolders = folders.filter((f) => f.kind === 'run');
  // Several run folders drawn together get a folder of their own, so their overlays never overwrite the charts
  // of one of them.
  const overlayHome =
    runFolders.length > 1
      ? join(dirname(runFolders[0].dir), `charts-${slug(runFolders.map((f) => basename(f.dir)).join('-vs-'))}`)
      : undefined;
  const { writeChart } = await import('../charts/render.js');
  const written: string[] = [];
  for (const job of plan.jobs) {
    const outDir = opts.out
      ? resolve(opts.out)
      : overlayHome && runFolders.some((f) => f.dir === job.dir) && job.kind !== 'timeline'
        ? overlayHome
        : join(job.dir, 'charts');
    const w = await writeChart(job.spec, outDir, job.name, format);
    for (const f of [w.pngFile, w.svgFile]) {
      if (f) {
        written.push(f);
        if (!opts.quiet) process.stdout.write(`${f}\n`);
      }
    }
  }
  for (const n of plan.notes) process.stderr.write(`pkosim chart: note: ${n}\n`);
  if (!opts.quiet)
    process.stderr.write(
      `pkosim: ${plan.jobs.length} charts written (${format === 'both' ? 'PNG and SVG' : format.toUpperCase()}, each with its Vega-Lite spec)\n`,
    );
  return written;
}

export function registerChart(program: Command): void {
  program
    .command('chart')
    .description('draw the charts of results folders (PNG and SVG, with their Vega-Lite specs)')
    .argument(
      '<folders...>',
      'results folders of `pkosim run`, `sweep`, `compare` or `discover`; run folders given together are overlaid',
    )
    .option('-k, --kind <KIND>', `all, or one or more of ${CHART_KINDS.join(', ')} (comma-separated)`, 'all')
    .option(
      '--outcome <NAME>',
      'only this outcome (distribution, heatmap, sobol, morris, forest; the timeline picks its median run by it)',
    )
    .option('--series <NAME>', 'only this series (fan charts)')
    .option('--run <N>', 'the run shown by the timeline (default: the run with the median value of the first outcome)')
    .option('-f, --format <FORMAT>', 'svg, png or both', 'both')
    .option('-o, --out <DIR>', 'folder for the charts (default: <folder>/charts)')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (dirs: string[], opts: ChartCommandOptions) => {
      await chartCommand(dirs, opts);
    });
}
