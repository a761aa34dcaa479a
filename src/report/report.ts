// The workshop report: one self-contained HTML file (charts inline as SVG, CSS inline, no script, no font or
// image fetched from anywhere) built from one or more results folders. Every figure in it is read or computed
// from the results; the footer holds each batch's manifest so a reader can reproduce it.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { numberColumn, textColumn } from '../charts/csv.js';
import { type Difference, differences } from '../charts/differences.js';
import type { HeatmapPoint } from '../charts/heatmap.js';
import { morrisRanking } from '../charts/morris.js';
import { type ChartJob, type ChartKind, type ModelCache, modelInfo, planCharts } from '../charts/plan.js';
import { type CompareRow, comparePairs, loadResults, type Manifest, type ResultsFolder } from '../charts/results.js';
import { sobolRanking } from '../charts/sobol.js';
import { findSpec, formatNumber, formatPercent, humanise, labelOf, slug } from '../charts/theme.js';
import { InputError } from '../engine/errors.js';
import type { MetricSpec } from '../engine/model.js';
import { flattenObject, type ParamInfo } from '../engine/params.js';
import { Moments, meanCi95 } from '../engine/stats.js';
import { type Cell, escapeHtml, inlineSvg, REPORT_CSS, table, text } from './html.js';
import {
  comparisonSummary,
  describeLimit,
  outcomeSentences,
  primSentences,
  sensitivitySentences,
  sweepRangeSentences,
} from './summary.js';

/** Write the report of `folders` to `outFile`; returns the absolute path written. `models` lets tests supply models. */
export async function writeReport(folders: string[], outFile: string, models: ModelCache = new Map()): Promise<string> {
  const html = await buildReport(folders, models);
  const out = resolve(outFile);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, html);
  return out;
}

interface Section {
  readonly id: string;
  readonly title: string;
  readonly html: string;
}

const CHART_GROUPS: readonly { kinds: readonly ChartKind[]; title: string }[] = [
  { kinds: ['forest'], title: 'Comparison' },
  { kinds: ['fan'], title: 'Over time' },
  { kinds: ['timeline'], title: 'One run in detail' },
  { kinds: ['distribution'], title: 'Outcomes over runs' },
  { kinds: ['heatmap'], title: 'Sweep' },
  { kinds: ['sobol', 'morris'], title: 'Sensitivity' },
  { kinds: ['prim'], title: 'Scenario discovery' },
];

export async function buildReport(dirs: readonly string[], cache: ModelCache = new Map()): Promise<string> {
  if (dirs.length === 0) throw new InputError('✖ report: expected at least one results folder, got none');
  const given = dirs.map((d) => loadResults(d));
  const folders = withComparedRuns(given);
  const notes: string[] = [];

  const runFolders = folders.filter((f) => f.kind === 'run');
  const sweeps = folders.filter((f) => f.kind === 'sweep');
  const compares = folders.filter((f) => f.compare);
  const discoveries = folders.filter((f) => f.prim);

  // Comparisons: those a compare folder holds, plus each run folder against the baseline when several are given.
  const comparisons: { rows: readonly CompareRow[]; paired: boolean | undefined; source: string }[] = [];
  for (const f of compares) {
    for (const [a, b] of comparePairs(f.compare!)) {
      comparisons.push({ rows: f.compare!.filter((r) => r.a === a && r.b === b), paired: true, source: f.dir });
    }
  }
  if (runFolders.length > 1) {
    const base = runFolders.find((f) => f.name === 'baseline') ?? runFolders[0];
    for (const f of runFolders) {
      if (f === base || comparisons.some((c) => c.rows[0]?.a === base.name && c.rows[0]?.b === f.name)) continue;
      const rows: Difference[] = differences(base, f);
      if (rows.length) comparisons.push({ rows, paired: rows[0].paired, source: `${base.dir} and ${f.dir}` });
    }
  }

  const plan = await planCharts(folders, {}, cache);
  notes.push(...plan.notes);
  const { renderSvg } = await import('../charts/render.js');
  const figures = new Map<ChartJob, string>();
  let figureNo = 0;
  for (const job of plan.jobs) figures.set(job, inlineSvg(await renderSvg(job.spec), `c${++figureNo}-`));

  const sections: Section[] = [];
  sections.push({
    id: 'summary',
    title: 'In short',
    html: summaryHtml(folders, runFolders, sweeps, discoveries, comparisons, plan.jobs),
  });
  const scen = await scenariosHtml(
    folders.filter((f) => f.kind === 'run' || f.kind === 'sweep'),
    cache,
    notes,
  );
  if (scen) sections.push({ id: 'scenarios', title: 'Scenarios and parameters', html: scen });
  if (runFolders.length) sections.push({ id: 'outcomes', title: 'Key outcomes', html: outcomesTable(runFolders) });
  if (comparisons.length)
    sections.push({
      id: 'comparison',
      title: 'Differences between scenarios',
      html: comparisonsHtml(comparisons, folders),
    });
  // Two sweeps of one scenario are told apart by their folders' names.
  const label = (f: ResultsFolder, of: readonly ResultsFolder[]) =>
    of.filter((g) => g.name === f.name).length > 1 ? `${f.name} (${basename(f.dir)})` : f.name;
  for (const f of sweeps) {
    sections.push({ id: `sweep-${slug(basename(f.dir))}`, title: `Sweep: ${label(f, sweeps)}`, html: sweepHtml(f) });
  }
  for (const f of discoveries)
    sections.push({
      id: `boxes-${slug(basename(f.dir))}`,
      title: discoveries.length > 1 ? `Discovered boxes: ${label(f, discoveries)}` : 'Discovered boxes',
      html: boxesHtml(f),
    });
  sections.push({ id: 'charts', title: 'Charts', html: chartsHtml(plan.jobs, figures, folders) });
  if (notes.length) {
    sections.push({
      id: 'notes',
      title: 'Notes',
      html: `<ul>${notes.map((n) => `<li class="note">${escapeHtml(n)}</li>`).join('')}</ul>`,
    });
  }

  const names = [...new Set(given.map((f) => f.name))];
  const modelTitles = await Promise.all(
    [...new Set(folders.map((f) => f.model).filter((m): m is string => !!m))].map(async (m) => {
      const info = await modelInfo(cache, m);
      return 'model' in info ? `${info.model.title} (model ${m})` : `model ${m}`;
    }),
  );
  const dates = folders
    .map((f) => f.manifest.endedAt ?? f.manifest.startedAt)
    .filter((d): d is string => typeof d === 'string');
  const title = `pkosim report: ${names.join(', ')}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="pkosim ${escapeHtml(folders[0].manifest.pkosim ?? '')}">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header class="report">
<h1>${escapeHtml(title)}</h1>
${modelTitles.length ? `<p class="lede">${escapeHtml(modelTitles.join('; '))}</p>` : ''}
${dates.length ? `<p class="lede">Batches finished ${escapeHtml([...new Set(dates.map((d) => d.slice(0, 10)))].join(', '))}.</p>` : ''}
<nav class="toc">${sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('')}<a href="#reproduce">Reproduce</a></nav>
</header>
${sections.map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`).join('\n')}
${footerHtml(folders)}
</main>
</body>
</html>
`;
}

/** Add the run folders a compare folder names (when they still exist and were not given already). */
function withComparedRuns(given: readonly ResultsFolder[]): ResultsFolder[] {
  const out = [...given];
  for (const f of given) {
    for (const d of f.compareFolders ?? []) {
      if (!out.some((g) => resolve(g.dir) === resolve(d)) && existsSync(d)) out.push(loadResults(d));
    }
  }
  return out;
}

function summaryHtml(
  folders: readonly ResultsFolder[],
  runFolders: readonly ResultsFolder[],
  sweeps: readonly ResultsFolder[],
  discoveries: readonly ResultsFolder[],
  comparisons: readonly { rows: readonly CompareRow[]; paired: boolean | undefined }[],
  jobs: readonly ChartJob[],
): string {
  const blocks: string[] = [];
  const list = (items: string[]) =>
    `<ul class="summary">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  const outcomesOf = (name: string) => folders.find((f) => f.name === name)?.outcomes ?? [];
  for (const c of comparisons) {
    if (!c.rows.length) continue;
    const { a, b } = c.rows[0];
    const how =
      c.paired === false
        ? ' (unpaired: the two batches do not share random numbers)'
        : ' (paired run by run on common random numbers)';
    blocks.push(`<p><strong>${escapeHtml(b)} against ${escapeHtml(a)}</strong>${escapeHtml(how)}:</p>`);
    blocks.push(list(comparisonSummary(c.rows, outcomesOf(a))));
  }
  if (comparisons.length === 0) {
    for (const f of runFolders) {
      const s = outcomeSentences(f);
      if (s.length) blocks.push(`<p>${escapeHtml(s[0])}</p>${list(s.slice(1))}`);
    }
  }
  for (const f of sweeps) {
    const design = typeof f.manifest.design === 'string' ? ` (${f.manifest.design} design)` : '';
    const nPoints = f.points?.rows.length ?? 0;
    const head = `The sweep of ${f.name} varied ${f.varied.length} parameter${f.varied.length === 1 ? '' : 's'} (${f.varied.join(', ')}) over ${nPoints} design points${typeof f.manifest.runs === 'number' ? ` with ${f.manifest.runs} runs each` : ''}${design}.`;
    const lines = [...sensitivitySentences(f), ...sweepRangeSentences(f, (o) => heatmapPoints(f, o))];
    blocks.push(`<p>${escapeHtml(head)}</p>${lines.length ? list(lines) : ''}`);
  }
  for (const f of discoveries) blocks.push(list(primSentences(f.prim!)));
  if (blocks.length === 0)
    blocks.push(`<p>${escapeHtml(`${jobs.length} charts from ${folders.length} results folder(s).`)}</p>`);
  return blocks.join('\n');
}

/** Design points of a sweep with the mean of one outcome, for sentences and heatmaps. */
export function heatmapPoints(f: ResultsFolder, outcome: string): HeatmapPoint[] | undefined {
  if (!f.points || !f.sweepSummary || f.varied.length < 2 || !f.sweepSummary.header.includes(`${outcome}_mean`))
    return undefined;
  const [xPath, yPath] = f.varied;
  const value = (path: string) => {
    const t = textColumn(f.points!, path);
    return t.every((v) => v.trim() !== '' && Number.isFinite(Number(v))) ? t.map(Number) : t;
  };
  const xs = value(xPath);
  const ys = value(yPath);
  const means = numberColumn(f.sweepSummary, `${outcome}_mean`);
  const row = new Map(textColumn(f.sweepSummary, 'point').map((id, i) => [id, i]));
  return textColumn(f.points, 'point').flatMap((id, i) => {
    const r = row.get(id);
    return r === undefined ? [] : [{ x: xs[i], y: ys[i], mean: means[r] }];
  });
}

async function scenariosHtml(folders: readonly ResultsFolder[], cache: ModelCache, notes: string[]): Promise<string> {
  if (folders.length === 0) return '';
  const parts: string[] = [];
  for (const f of folders) {
    const m = f.manifest;
    const heading = m.title && m.title !== f.name ? `${f.name}: ${m.title}` : f.name;
    parts.push(`<h3>${escapeHtml(heading)}</h3>`);
    const facts = [
      f.kind === 'sweep' ? 'parameter sweep' : 'Monte Carlo batch',
      m.model ? `model ${m.model}` : undefined,
      typeof m.runs === 'number' ? `${m.runs} runs${f.kind === 'sweep' ? ' per design point' : ''}` : undefined,
      m.seed !== undefined ? `master seed ${m.seed}` : undefined,
    ].filter(Boolean);
    parts.push(`<p>${escapeHtml(facts.join(' · '))}</p>`);
    if (m.rationale) parts.push(`<div class="rationale"><p>${escapeHtml(m.rationale)}</p></div>`);
    else parts.push('<p><em>The scenario file gives no rationale.</em></p>');
  }
  // Parameters that differ from the model's defaults, one column per scenario.
  const byModel = new Map<string, ResultsFolder[]>();
  for (const f of folders) if (f.model) byModel.set(f.model, [...(byModel.get(f.model) ?? []), f]);
  for (const [model, fs] of byModel) {
    const info = await modelInfo(cache, model);
    if ('error' in info) {
      notes.push(`Parameters are not compared with the defaults: ${info.error}.`);
      continue;
    }
    parts.push(paramsTable(info.params, fs, model, byModel.size > 1));
  }
  return parts.join('\n');
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  return JSON.stringify(a) === JSON.stringify(b);
}

function showValue(v: unknown): string {
  if (typeof v === 'number') return formatNumber(v, 4);
  if (v === undefined) return '–';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function paramsTable(
  infos: readonly ParamInfo[],
  folders: readonly ResultsFolder[],
  model: string,
  sayModel: boolean,
): string {
  const flat = folders.map((f) => flattenObject(f.manifest.params ?? {}));
  const varied = new Set(folders.flatMap((f) => f.varied));
  const rows: Cell[][] = [];
  for (const p of infos) {
    const values = flat.map((fl) => fl[p.path]);
    const differs = values.some((v) => v !== undefined && !sameValue(v, p.default)) || varied.has(p.path);
    if (!differs) continue;
    rows.push([
      { html: `<code>${escapeHtml(p.path)}</code>` },
      text(p.description),
      text(p.unit),
      text(showValue(p.default), true),
      ...folders.map((f, i) => {
        if (f.varied.includes(p.path)) return text('varied (sweep)', true);
        const v = values[i];
        const html = escapeHtml(showValue(v));
        return { html: v !== undefined && !sameValue(v, p.default) ? `<strong>${html}</strong>` : html, num: true };
      }),
    ]);
  }
  const heading = `<h3>Parameters that differ from the defaults${sayModel ? ` of model ${escapeHtml(model)}` : ''}</h3>`;
  if (rows.length === 0) return `${heading}<p>All ${infos.length} parameters are at the model's defaults.</p>`;
  return `${heading}${table(['parameter', 'meaning', 'unit', { html: 'default', num: true }, ...folders.map((f) => ({ html: escapeHtml(f.name), num: true }))], rows)}
<p>${escapeHtml(`${rows.length} of ${infos.length} parameters differ from the defaults; the others are at their default values.`)}</p>`;
}

function outcomesTable(folders: readonly ResultsFolder[]): string {
  const outcomes: MetricSpec[] = [];
  for (const f of folders) for (const o of f.outcomes) if (!outcomes.some((x) => x.name === o.name)) outcomes.push(o);
  const headers: (string | Cell)[] = ['outcome', 'unit'];
  for (const f of folders)
    headers.push({ html: `${escapeHtml(f.name)}<br>mean`, num: true }, { html: '95% CI', num: true });
  if (folders.length === 1) headers.push({ html: '90% of runs', num: true });
  const rows = outcomes.map((o) => {
    const cells: Cell[] = [
      {
        html: `<span title="${escapeHtml(o.description)}">${escapeHtml(labelOf(o.name))}</span><br><code>${escapeHtml(o.name)}</code>`,
      },
      text(o.unit),
    ];
    for (const f of folders) {
      const s = f.summary?.outcomes[o.name];
      const stat = s ?? summariseColumn(f, o.name);
      if (!stat || stat.mean === null) {
        cells.push(text('n/a', true), text('', true));
        continue;
      }
      cells.push(
        text(formatNumber(stat.mean), true),
        text(`${formatNumber(stat.ci95[0])} to ${formatNumber(stat.ci95[1])}`, true),
      );
    }
    if (folders.length === 1) {
      const s = folders[0].summary?.outcomes[o.name];
      cells.push(
        text(s && s.p05 !== null && s.p95 !== null ? `${formatNumber(s.p05)} to ${formatNumber(s.p95)}` : '', true),
      );
    }
    return cells;
  });
  const described = outcomes.filter((o) => o.description);
  const glossary = described.length
    ? `<details><summary>What each outcome measures</summary><ul>${described.map((o) => `<li><code>${escapeHtml(o.name)}</code>: ${escapeHtml(o.description)}</li>`).join('')}</ul></details>`
    : '';
  return `${table(headers, rows, 'Mean over runs with its 95% confidence interval (Student t)')}\n${glossary}`;
}

/** Mean and CI of a runs.csv column, for outcomes summary.json does not list. */
function summariseColumn(
  f: ResultsFolder,
  name: string,
): { mean: number | null; ci95: readonly [number, number] } | undefined {
  if (!f.runs?.header.includes(name)) return undefined;
  const m = new Moments();
  for (const x of numberColumn(f.runs, name)) m.push(x);
  return { mean: m.n ? m.mean : null, ci95: meanCi95(m.mean, m.sd, m.n) };
}

function comparisonsHtml(
  comparisons: readonly { rows: readonly CompareRow[]; paired: boolean | undefined; source: string }[],
  folders: readonly ResultsFolder[],
): string {
  return comparisons
    .map(({ rows, paired }) => {
      if (!rows.length) return '';
      const { a, b } = rows[0];
      const outcomes = folders.find((f) => f.name === a)?.outcomes ?? [];
      const body = rows.map((r) => {
        const base = Math.abs(r.meanA);
        const rel =
          base > 0
            ? `${formatPercent(r.diff / base)} (${formatPercent(r.diffLo / base)} to ${formatPercent(r.diffHi / base)})`
            : 'n/a';
        const width = r.unpairedHi - r.unpairedLo;
        const ratio = paired && width > 0 ? `${Math.round((100 * (r.diffHi - r.diffLo)) / width)}%` : '–';
        return [
          text(labelOf(r.outcome)),
          text(r.unit || findSpec(outcomes, r.outcome).unit),
          text(formatNumber(r.meanA), true),
          text(formatNumber(r.meanB), true),
          {
            html: `${escapeHtml(formatNumber(r.diff))}<br>(${escapeHtml(`${formatNumber(r.diffLo)} to ${formatNumber(r.diffHi)}`)})`,
            num: true,
          },
          { html: escapeHtml(rel).replace(' (', '<br>('), num: true },
          text(r.excludesZero ? 'yes' : 'no'),
          text(ratio, true),
        ];
      });
      const how =
        paired === false
          ? 'unpaired (Welch) 95% CI: the batches do not share random numbers'
          : 'paired 95% CI over runs sharing their random numbers';
      return `<h3>${escapeHtml(`${b} against ${a}`)}</h3>
${table(['outcome', 'unit', { html: `mean ${escapeHtml(a)}`, num: true }, { html: `mean ${escapeHtml(b)}`, num: true }, { html: 'difference<br>(95% CI)', num: true }, { html: 'change<br>(95% CI)', num: true }, 'CI excludes 0', { html: 'CI width vs unpaired', num: true }], body, `Difference ${b} − ${a}; ${how}`)}`;
    })
    .join('\n');
}

function sweepHtml(f: ResultsFolder): string {
  const parts: string[] = [];
  // Every outcome over the whole design: the mean over all runs and the range of the design points' means.
  if (f.runs && f.sweepSummary) {
    const rows = f.outcomes.map((o) => {
      const all = summariseColumn(f, o.name);
      const col = `${o.name}_mean`;
      const means = f.sweepSummary!.header.includes(col)
        ? Array.from(numberColumn(f.sweepSummary!, col)).filter(Number.isFinite)
        : [];
      return [
        text(labelOf(o.name)),
        text(o.unit),
        text(all && all.mean !== null ? formatNumber(all.mean) : 'n/a', true),
        text(all ? `${formatNumber(all.ci95[0])} to ${formatNumber(all.ci95[1])}` : '', true),
        text(means.length ? `${formatNumber(Math.min(...means))} to ${formatNumber(Math.max(...means))}` : 'n/a', true),
      ];
    });
    parts.push(
      table(
        [
          'outcome',
          'unit',
          { html: 'mean over all runs', num: true },
          { html: '95% CI', num: true },
          { html: 'range of point means', num: true },
        ],
        rows,
        'Outcomes over the whole design',
      ),
    );
  }
  if (f.sobol) {
    parts.push('<h3>Sensitivity ranking (Sobol indices)</h3>');
    const outcomes = f.outcomes.filter((o) => f.sobol!.some((r) => r.outcome === o.name));
    outcomes.forEach((o, i) => {
      const ranked = sobolRanking(f.sobol!.filter((r) => r.outcome === o.name));
      const rows = ranked.map((r, k) => [
        text(k + 1, true),
        { html: `<code>${escapeHtml(r.parameter)}</code>` },
        text(formatNumber(r.ST, 2), true),
        text(`${formatNumber(r.ST_lo, 2)} to ${formatNumber(r.ST_hi, 2)}`, true),
        text(formatNumber(r.S1, 2), true),
        text(`${formatNumber(r.S1_lo, 2)} to ${formatNumber(r.S1_hi, 2)}`, true),
      ]);
      parts.push(
        `<details${i === 0 ? ' open' : ''}><summary>${escapeHtml(labelOf(o.name))}</summary>${table(['rank', 'parameter', { html: 'ST (total)', num: true }, { html: '95% CI', num: true }, { html: 'S1 (first order)', num: true }, { html: '95% CI', num: true }], rows)}</details>`,
      );
    });
  }
  if (f.morris) {
    parts.push('<h3>Sensitivity ranking (Morris screening)</h3>');
    const outcomes = f.outcomes.filter((o) => f.morris!.some((r) => r.outcome === o.name));
    outcomes.forEach((o, i) => {
      const ranked = morrisRanking(f.morris!.filter((r) => r.outcome === o.name));
      const rows = ranked.map((r, k) => [
        text(k + 1, true),
        { html: `<code>${escapeHtml(r.parameter)}</code>` },
        text(formatNumber(r.mu_star), true),
        text(formatNumber(r.mu), true),
        text(formatNumber(r.sigma), true),
      ]);
      parts.push(
        `<details${i === 0 ? ' open' : ''}><summary>${escapeHtml(labelOf(o.name))}${o.unit ? ` (${escapeHtml(o.unit)})` : ''}</summary>${table(['rank', 'parameter', { html: 'μ*', num: true }, { html: 'μ', num: true }, { html: 'σ', num: true }], rows)}</details>`,
      );
    });
  }
  return parts.join('\n');
}

function boxesHtml(f: ResultsFolder): string {
  const prim = f.prim!;
  const parts = [`<p>Condition: <code>${escapeHtml(prim.condition)}</code></p>`];
  prim.boxes.forEach((b, i) => {
    const limits = Object.entries(b.limits);
    const rows = limits.map(([p, l]) => [{ html: `<code>${escapeHtml(p)}</code>` }, text(describeLimit(l))]);
    const stats = `coverage ${formatPercent(b.coverage, false)}, density ${formatPercent(b.density, false)}, mass ${formatPercent(b.mass, false)}${b.meetsThreshold === false ? ' (below the density threshold)' : ''}`;
    parts.push(`<h3>${escapeHtml(`Box ${i + 1}: ${stats}`)}</h3>`);
    if (b.reading) parts.push(`<p>${escapeHtml(b.reading)}</p>`);
    parts.push(rows.length ? table(['parameter', 'restricted to'], rows) : '<p>No parameter restricted.</p>');
  });
  return parts.join('\n');
}

function chartsHtml(
  jobs: readonly ChartJob[],
  figures: Map<ChartJob, string>,
  folders: readonly ResultsFolder[],
): string {
  const parts: string[] = [];
  let n = 0;
  for (const g of CHART_GROUPS) {
    const inGroup = jobs.filter((j) => g.kinds.includes(j.kind));
    if (!inGroup.length) continue;
    parts.push(`<h3>${escapeHtml(g.title)}</h3>`);
    for (const j of inGroup) {
      n++;
      const spec = j.metric ? findMetric(folders, j.metric) : undefined;
      const caption = `Figure ${n}. ${spec?.description ? `${labelOf(j.metric!)}: ${spec.description}` : captionOf(j)}`;
      parts.push(
        `<figure class="chart" id="figure-${n}" data-kind="${j.kind}">${figures.get(j)}<figcaption>${escapeHtml(caption)}</figcaption></figure>`,
      );
    }
  }
  return parts.join('\n');
}

function findMetric(folders: readonly ResultsFolder[], name: string): MetricSpec | undefined {
  for (const f of folders) {
    const m = f.outcomes.find((o) => o.name === name) ?? f.series.find((s) => s.name === name);
    if (m) return m;
  }
  return undefined;
}

function captionOf(j: ChartJob): string {
  switch (j.kind) {
    case 'forest':
      return 'Paired differences with their 95% confidence intervals.';
    case 'timeline':
      return 'Events of one re-simulated run.';
    case 'prim':
      return 'PRIM peeling trajectory; the chosen box is marked.';
    default:
      return humanise(j.name);
  }
}

const FOOTER_FIELDS: readonly (keyof Manifest | string)[] = [
  'kind',
  'scenario',
  'model',
  'pkosim',
  'git',
  'node',
  'seed',
  'runs',
  'workers',
  'design',
  'startedAt',
  'endedAt',
  'wallSeconds',
  'paramsHash',
  'configHash',
  'scenarioFile',
];

function reproduceCommand(f: ResultsFolder): string | undefined {
  const m = f.manifest;
  const scenarioRef =
    typeof m.scenarioFile === 'string' && !/[\\/]src[\\/]scenarios[\\/]/.test(m.scenarioFile)
      ? m.scenarioFile
      : m.scenario;
  if (!scenarioRef) return undefined;
  const common = `${m.runs !== undefined ? ` --runs ${m.runs}` : ''}${m.seed !== undefined ? ` --seed ${m.seed}` : ''}`;
  if (f.kind === 'run') return `pkosim run ${scenarioRef}${common}`;
  if (f.kind === 'sweep' && Array.isArray(m.vary)) {
    const vary = (m.vary as { path: string; lo?: number; hi?: number; levels?: number; options?: unknown[] }[]).map(
      (v) =>
        v.options
          ? `--vary ${v.path}=${v.options.join(',')}`
          : `--vary ${v.path}=${v.lo}:${v.hi}${v.levels ? `:${v.levels}` : ''}`,
    );
    return `pkosim sweep ${scenarioRef}${m.design ? ` --design ${m.design}` : ''} ${vary.join(' ')}${common}`;
  }
  return undefined;
}

function footerHtml(folders: readonly ResultsFolder[]): string {
  const parts = folders.map((f) => {
    const m = f.manifest;
    const rows = FOOTER_FIELDS.filter((k) => m[k] !== undefined && m[k] !== null && typeof m[k] !== 'object').map(
      (k) => [{ html: `<code>${escapeHtml(k)}</code>` }, text(String(m[k]))],
    );
    const cmd = reproduceCommand(f);
    const params = m.params
      ? `<details><summary>Resolved parameters (manifest.params)</summary><pre>${escapeHtml(JSON.stringify(m.params, null, 2))}</pre></details>`
      : '';
    const design = m.designInfo
      ? `<details><summary>Design (manifest.designInfo)</summary><pre>${escapeHtml(JSON.stringify(m.designInfo, null, 2))}</pre></details>`
      : '';
    return `<h3>${escapeHtml(f.name)} <small>(${escapeHtml(f.kind)}: <code>${escapeHtml(f.dir)}</code>)</small></h3>
${rows.length ? table(['manifest field', 'value'], rows) : '<p>No manifest.json in this folder.</p>'}
${cmd ? `<p>To reproduce: <code>${escapeHtml(cmd)}</code>${m.paramsHash ? ` and check that manifest.paramsHash is ${escapeHtml(m.paramsHash)}` : ''}.</p>` : ''}
${params}${design}`;
  });
  return `<footer class="manifest" id="reproduce">
<h2>Reproduce</h2>
<p>Every number above was read or computed from these results folders. The same version of pkosim with the same parameters and master seed gives the same runs, byte for byte.</p>
${parts.join('\n')}
</footer>`;
}
