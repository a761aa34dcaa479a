// The HTML report: self-contained, well formed, every outcome in its table, every figure in its text computed
// from the results.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatNumber, formatPercent } from '../../src/charts/theme.js';
import { reportCommand } from '../../src/commands/report.js';
import { describeParams } from '../../src/engine/params.js';
import { Moments, meanCi95, tQuantile } from '../../src/engine/stats.js';
import { buildReport, writeReport } from '../../src/report/report.js';
import {
  decodeEntities,
  removeTempDirs,
  tempDir,
  toyCache,
  toySchema,
  writeCompareFolder,
  writeRunFolder,
  writeSweepFolder,
} from '../charts/fixtures.js';
import { markupProblems } from '../charts/markup.js';

afterAll(removeTempDirs);

let root: string;
let baseline: string;
let squeeze: string;

beforeAll(() => {
  root = tempDir('pkosim-report-');
  baseline = writeRunFolder(join(root, 'baseline'), { scenario: 'baseline', runs: 60, params: { pressure: 0.8 } });
  squeeze = writeRunFolder(join(root, 'squeeze'), {
    scenario: 'budget-squeeze',
    runs: 60,
    params: { pressure: 0.8, budget: { annualGrowth: -0.2 } },
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

function column(dir: string, name: string): number[] {
  const [header, ...rows] = readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n');
  const j = header.split(',').indexOf(name);
  return rows.map((r) => {
    const v = r.split(',')[j];
    return v === '' ? Number.NaN : Number(v);
  });
}

/** The text of the page with tags removed and entities decoded, whitespace collapsed. */
function visibleText(html: string): string {
  return decodeEntities(html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

function section(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  expect(start, `section ${id}`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}

function expectSelfContained(html: string): void {
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(markupProblems(html, 'html')).toEqual([]);
  for (const tag of ['html', 'head', 'body', 'main', 'title', 'style']) {
    expect(html.match(new RegExp(`<${tag}[\\s>]`, 'g'))?.length, `<${tag}>`).toBe(1);
  }
  expect(html).not.toMatch(/src="http|href="http|url\(http|url\("http|url\('http|@import/i);
  expect(html).not.toMatch(/<script|<link|<img|<iframe/i);
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  for (const ref of html.matchAll(/href="#([^"]+)"|url\(#([^)]+)\)/g)) expect(ids).toContain(ref[1] ?? ref[2]);
}

describe('report of one run folder', () => {
  let html: string;
  beforeAll(async () => {
    html = await buildReport([baseline], toyCache());
  });

  it('is one well-formed, self-contained HTML document', () => {
    expectSelfContained(html);
    expect(html.match(/<figure class="chart"/g)?.length).toBe(6);
    expect(html.match(/<svg\b/g)?.length).toBeGreaterThanOrEqual(6);
  });

  it('has every outcome in its table with the mean and 95% CI of its runs', () => {
    const table = section(html, 'outcomes');
    for (const name of ['civilianDeaths', 'vetoes', 'exitMonth']) {
      expect(table).toContain(`<code>${name}</code>`);
      const m = new Moments();
      for (const x of column(baseline, name)) m.push(x);
      const [lo, hi] = meanCi95(m.mean, m.sd, m.n);
      const text = visibleText(table);
      expect(text).toContain(formatNumber(m.mean));
      expect(text).toContain(`${formatNumber(lo)} to ${formatNumber(hi)}`);
    }
  });

  it('states the key outcomes with their CIs, the rationale and the parameters that differ from the defaults', () => {
    const m = new Moments();
    for (const x of column(baseline, 'civilianDeaths')) m.push(x);
    const [lo, hi] = meanCi95(m.mean, m.sd, m.n);
    const summary = visibleText(section(html, 'summary'));
    expect(summary).toContain(`Over 60 runs of baseline (master seed 1):`);
    expect(summary).toContain(
      `Civilian deaths averaged ${formatNumber(m.mean)} people (95% CI ${formatNumber(lo)} to ${formatNumber(hi)}`,
    );
    const scen = section(html, 'scenarios');
    expect(visibleText(scen)).toContain('Rationale of baseline (report §V.4).');
    const pressure = describeParams(toySchema).find((p) => p.path === 'pressure')!;
    expect(scen).toContain('<code>pressure</code>');
    expect(visibleText(scen)).toContain(
      `pressure ${pressure.description} ${pressure.unit} ${formatNumber(pressure.default as number, 4)} 0.8`,
    );
    expect(scen).not.toContain('<code>horizonMonths</code>');
  });

  it('ends with the manifest: version, git commit, seed, runs, dates and the command to reproduce it', () => {
    const footer = visibleText(html.slice(html.indexOf('<footer')));
    for (const s of [
      'pkosim 0.1.0',
      'git abc1234',
      'seed 1',
      'runs 60',
      'endedAt 2026-01-02T03:04:09.000Z',
      'pkosim run baseline --runs 60 --seed 1',
      'feedc0de',
    ]) {
      expect(footer).toContain(s);
    }
  });

  it('draws the mandate timeline of the median run, with unique SVG ids across charts', () => {
    expect(html).toMatch(/Mandate timeline: baseline, run \d+/);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const ref of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(ref[1]);
  });
});

describe('report of two scenarios', () => {
  it('says how the second differs from the baseline, paired run by run, with figures computed from runs.csv', async () => {
    const html = await buildReport([squeeze, baseline], toyCache());
    expectSelfContained(html);
    const a = column(baseline, 'civilianDeaths');
    const b = column(squeeze, 'civilianDeaths');
    const d = b.map((x, i) => x - a[i]);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const md = mean(d);
    const sd = Math.sqrt(d.reduce((s, x) => s + (x - md) ** 2, 0) / (d.length - 1));
    const half = tQuantile(0.975, d.length - 1) * (sd / Math.sqrt(d.length));
    const base = Math.abs(mean(a));
    expect(md - half).toBeGreaterThan(0);
    const sentence = `Under budget-squeeze, civilian deaths are ${formatPercent(md / base, false)} higher than under baseline (95% CI ${formatPercent((md - half) / base)} to ${formatPercent((md + half) / base)}`;
    expect(visibleText(section(html, 'summary'))).toContain(sentence);
    expect(visibleText(section(html, 'summary'))).toContain('paired run by run on common random numbers');
    const table = visibleText(section(html, 'comparison'));
    expect(table).toContain(`${formatNumber(md - half)} to ${formatNumber(md + half)}`);
    // Both scenarios in the outcome table and the fan charts.
    expect(visibleText(section(html, 'outcomes'))).toMatch(/budget-squeeze mean 95% CI baseline mean 95% CI/);
    expect(html).toContain('Scenarios: budget-squeeze, baseline');
  });

  it('falls back to an unpaired interval, and says so, when the batches do not share their seeds', async () => {
    const other = writeRunFolder(join(root, 'other-seed'), { scenario: 'other', runs: 30, seed: 7 });
    const html = await buildReport([baseline, other], toyCache());
    expect(visibleText(section(html, 'summary'))).toContain('unpaired: the two batches do not share random numbers');
  });
});

describe('report of a comparison, a sweep and a discovery', () => {
  it('uses compare.csv for its sentences and forest plot and includes the compared runs', async () => {
    const cmp = writeCompareFolder(join(root, 'compare'), { a: baseline, b: squeeze });
    const html = await buildReport([cmp], toyCache());
    expectSelfContained(html);
    const summary = visibleText(section(html, 'summary'));
    expect(summary).toContain(
      'Under budget-squeeze, civilian deaths are 23% higher than under baseline (95% CI +15% to +31%; 1,230 people against 1,000 people).',
    );
    expect(summary).toContain(
      'No clear difference between budget-squeeze and baseline (95% CI includes zero) for 1 of 3 outcomes: vetoes.',
    );
    expect(summary).toContain(
      'Exit month: 0 month under baseline and 3 month under budget-squeeze (difference 3, 95% CI 1 to 5).',
    );
    expect(html).toContain('data-kind="forest"');
    expect(html).toContain('data-kind="fan"');
  });

  it('ranks the parameters of a sweep and lists the discovered boxes', async () => {
    const sweep = writeSweepFolder(join(root, 'sweep'), { withPrim: true });
    const html = await buildReport([sweep], toyCache());
    // Two sweeps of the same scenario get sections of their own.
    const twice = await buildReport([sweep, writeSweepFolder(join(root, 'sweep2'))], toyCache());
    expectSelfContained(twice);
    expect(twice).toContain('Sweep: baseline (sweep2)');
    expectSelfContained(html);
    const s = visibleText(section(html, 'sweep-sweep'));
    expect(s.indexOf('budget.annualGrowth 0.61')).toBeGreaterThan(0);
    expect(s.indexOf('budget.annualGrowth 0.61')).toBeLessThan(s.indexOf('pressure 0.42'));
    const summary = visibleText(section(html, 'summary'));
    expect(summary).toContain(
      'For civilian deaths, budget.annualGrowth matters most (total Sobol index 0.61, 95% CI 0.55 to 0.67; alone 0.52), then pressure (0.42).',
    );
    expect(summary).toContain(
      'The sweep of baseline varied 2 parameters (pressure, budget.annualGrowth) over 25 design points with 6 runs each (grid design).',
    );
    const boxes = visibleText(section(html, 'boxes-sweep'));
    expect(boxes).toContain('Box 1: coverage 62%, density 81%, mass 15%');
    expect(boxes).toContain('pressure from 0.75 to 1');
    expect(boxes).toContain('civilianDeaths > 700 holds in 81% of the runs with pressure >= 0.75');
    for (const k of ['heatmap', 'sobol', 'morris', 'prim']) expect(html).toContain(`data-kind="${k}"`);
  });

  it('still reports when the model cannot be loaded, and says what is missing', async () => {
    const dir = writeRunFolder(join(root, 'unknown-model'), { scenario: 'x', runs: 5 });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, model: 'no-such-model' }));
    const html = await buildReport([dir]);
    expectSelfContained(html);
    expect(visibleText(section(html, 'notes'))).toMatch(/model no-such-model could not be loaded/);
    expect(section(html, 'outcomes')).toContain('<code>civilianDeaths</code>');
  });
});

describe('writeReport and the report command', () => {
  it('write the file and return its path; the command defaults to <folder>/report.html', async () => {
    const out = await writeReport([baseline], join(root, 'nested', 'r.html'), toyCache());
    expect(out).toBe(join(root, 'nested', 'r.html'));
    expect(readFileSync(out, 'utf8').startsWith('<!DOCTYPE html>')).toBe(true);
    const dir = writeRunFolder(join(root, 'plain'), { scenario: 'plain', runs: 5 });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, model: 'epstein-like' }));
    expect(await reportCommand([dir], {})).toBe(join(dir, 'report.html'));
  });
});
