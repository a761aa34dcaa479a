// `pkosim chart`: what it writes where, and how it refuses bad input.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { planCharts } from '../../src/charts/plan.js';
import { pngSize } from '../../src/charts/render.js';
import { loadResults } from '../../src/charts/results.js';
import { chartCommand, registerChart } from '../../src/commands/chart.js';
import { InputError } from '../../src/engine/errors.js';
import {
  removeTempDirs,
  svgTexts,
  tempDir,
  toyCache,
  writeCompareFolder,
  writePrim,
  writeRunFolder,
  writeSweepFolder,
} from './fixtures.js';
import { markupProblems, svgSize } from './markup.js';

afterAll(removeTempDirs);
let root: string;
let baseline: string;
let squeeze: string;
let sweep: string;
let compare: string;

beforeAll(() => {
  root = tempDir();
  baseline = writeRunFolder(join(root, 'baseline'), { scenario: 'baseline', runs: 30 });
  squeeze = writeRunFolder(join(root, 'squeeze'), {
    scenario: 'budget-squeeze',
    runs: 30,
    params: { budget: { annualGrowth: -0.2 } },
  });
  sweep = writeSweepFolder(join(root, 'sweep'));
  writePrim(sweep, 'engine');
  compare = writeCompareFolder(join(root, 'compare'));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

async function rejection(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('pkosim chart', () => {
  it('writes PNG, SVG and the Vega-Lite spec of every chart of a run folder into <folder>/charts', async () => {
    const written = await chartCommand([baseline], {}, toyCache());
    const dir = join(baseline, 'charts');
    const files = readdirSync(dir);
    const bases = [...new Set(files.map((f) => f.replace(/\.(png|svg|vl\.json)$/, '')))];
    expect(bases.filter((b) => !b.startsWith('timeline')).sort()).toEqual([
      'distribution-civilianDeaths',
      'distribution-exitMonth',
      'distribution-vetoes',
      'fan-troops',
      'fan-violence',
    ]);
    expect(bases.filter((b) => b.startsWith('timeline'))).toEqual([expect.stringMatching(/^timeline-run\d+$/)]);
    for (const b of bases) {
      for (const ext of ['png', 'svg', 'vl.json']) expect(files).toContain(`${b}.${ext}`);
      const spec = JSON.parse(readFileSync(join(dir, `${b}.vl.json`), 'utf8'));
      expect(spec.$schema).toMatch(/vega-lite/);
      const svg = readFileSync(join(dir, `${b}.svg`), 'utf8');
      expect(markupProblems(svg, 'xml')).toEqual([]);
      const { width, height } = svgSize(svg);
      expect(pngSize(readFileSync(join(dir, `${b}.png`)))).toEqual({ width: 2 * width, height: 2 * height });
    }
    expect(written.filter((f) => f.endsWith('.png'))).toHaveLength(bases.length);
  });

  it('draws the timeline of the run with the median outcome, re-simulated, and notes when runs.csv disagrees', async () => {
    const f = loadResults(baseline);
    const plan = await planCharts([f], { kinds: ['timeline'] }, toyCache());
    expect(plan.notes).toEqual([]);
    const deaths = f.runs!.rows.map((r) => Number(r[2]));
    const sorted = [...deaths].sort((a, b) => a - b);
    const median = sorted[Math.floor((deaths.length - 1) / 2)];
    expect(plan.jobs[0].name).toBe(`timeline-run${deaths.indexOf(median)}`);

    const tampered = writeRunFolder(join(root, 'tampered'), { scenario: 'tampered', runs: 5 });
    const text = readFileSync(join(tampered, 'runs.csv'), 'utf8').split('\n');
    text[1] = text[1].replace(/^0,1,[^,]*/, '0,1,123456');
    writeFileSync(join(tampered, 'runs.csv'), text.join('\n'));
    const plan2 = await planCharts([loadResults(tampered)], { kinds: ['timeline'], run: 0 }, toyCache());
    expect(plan2.notes.join('\n')).toMatch(/run 0 does not reproduce runs.csv \(civilianDeaths .*runs.csv: 123,456/);
  });

  it('overlays several run folders into a folder of their own', async () => {
    await chartCommand([baseline, squeeze], { kind: 'fan', format: 'svg', series: 'violence' }, toyCache());
    const dir = join(root, 'charts-baseline-vs-squeeze');
    expect(readdirSync(dir).sort()).toEqual(['fan-violence.svg', 'fan-violence.vl.json']);
    const texts = svgTexts(readFileSync(join(dir, 'fan-violence.svg'), 'utf8')).join('\n');
    expect(texts).toContain('Scenarios: baseline, budget-squeeze');
  });

  it('draws heatmaps, Sobol, Morris and PRIM charts of a sweep, and a forest plot of a comparison', async () => {
    const out = join(root, 'out-sweep');
    await chartCommand([sweep, compare], { out, format: 'png' }, toyCache());
    const files = readdirSync(out)
      .filter((f) => f.endsWith('.png'))
      .sort();
    expect(files).toEqual(
      [
        'forest.png',
        'heatmap-civilianDeaths.png',
        'heatmap-exitMonth.png',
        'heatmap-vetoes.png',
        'morris-civilianDeaths.png',
        'morris-vetoes.png',
        'prim.png',
        'sobol-civilianDeaths.png',
        'sobol-vetoes.png',
      ].sort(),
    );
  });

  it('refuses bad input with the path or option and what was expected', async () => {
    expect((await rejection(chartCommand([join(root, 'missing')], {}))).message).toContain(join(root, 'missing'));
    expect((await rejection(chartCommand([baseline], { kind: 'pie' }))).message).toMatch(
      /--kind: expected all or one of fan, distribution/,
    );
    expect((await rejection(chartCommand([baseline], { format: 'jpg' }))).message).toMatch(
      /--format: expected one of svg, png, both/,
    );
    expect((await rejection(chartCommand([baseline], { kind: 'heatmap' }, toyCache()))).message).toMatch(
      /--kind heatmap: expected results that have a sweep over two or more parameters .* got run folder/,
    );
    expect((await rejection(chartCommand([baseline], { outcome: 'civilianDeath' }, toyCache()))).message).toMatch(
      /did you mean civilianDeaths\?/,
    );
    expect((await rejection(chartCommand([baseline], { kind: 'timeline', run: '99' }, toyCache()))).message).toMatch(
      /--run 99: expected a run of/,
    );
    expect(existsSync(join(baseline, 'charts', 'heatmap-civilianDeaths.png'))).toBe(false);
  });

  it('registers `chart` with its options on a commander program', async () => {
    const program = new Command().exitOverride();
    registerChart(program);
    const cmd = program.commands.find((c) => c.name() === 'chart')!;
    expect(cmd.options.map((o) => o.long)).toEqual([
      '--kind',
      '--outcome',
      '--series',
      '--run',
      '--format',
      '--out',
      '--quiet',
    ]);
    const out = join(root, 'via-commander');
    await program.parseAsync(['chart', compare, '--kind', 'forest', '--format', 'svg', '--out', out, '--quiet'], {
      from: 'user',
    });
    expect(
      readdirSync(out)
        .map((f) => basename(f))
        .sort(),
    ).toEqual(['forest.svg', 'forest.vl.json']);
  });
});
