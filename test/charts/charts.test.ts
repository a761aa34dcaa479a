// Every chart kind renders to well-formed SVG with its title, axis titles and scenario name, and to a PNG of the
// SVG's size times the PNG scale.
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distributionSpec } from '../../src/charts/distribution.js';
import { fanChartSpec } from '../../src/charts/fan.js';
import { forestSpec } from '../../src/charts/forest.js';
import { heatmapSpec } from '../../src/charts/heatmap.js';
import { morrisSpec } from '../../src/charts/morris.js';
import { planCharts } from '../../src/charts/plan.js';
import { primSpec } from '../../src/charts/prim.js';
import { PNG_SCALE, pngSize, renderSvg, svgToPng } from '../../src/charts/render.js';
import { loadResults, type ResultsFolder } from '../../src/charts/results.js';
import { sobolSpec } from '../../src/charts/sobol.js';
import { type CHART_CONFIG, PALETTE } from '../../src/charts/theme.js';
import { timelineSpec } from '../../src/charts/timeline.js';
import { createStreams } from '../../src/engine/rng.js';
import {
  removeTempDirs,
  svgTexts,
  tempDir,
  toyCache,
  toyModel,
  writeCompareFolder,
  writePrim,
  writeRunFolder,
  writeSweepFolder,
} from './fixtures.js';
import { markupProblems, rootElement, svgSize } from './markup.js';

afterAll(removeTempDirs);
interface Case {
  readonly kind: string;
  readonly spec: () => TopLevelSpec;
  /** Strings that must be drawn as text somewhere in the SVG. */
  readonly texts: readonly string[];
}

let run: ResultsFolder;
let squeeze: ResultsFolder;
let sweep: ResultsFolder;
let compare: ResultsFolder;

beforeAll(() => {
  const dir = tempDir();
  run = loadResults(writeRunFolder(join(dir, 'baseline'), { scenario: 'baseline' }));
  squeeze = loadResults(
    writeRunFolder(join(dir, 'squeeze'), {
      scenario: 'budget-squeeze',
      params: { budget: { annualGrowth: -0.2 } },
      withoutQuartiles: true,
    }),
  );
  sweep = loadResults(writeSweepFolder(join(dir, 'sweep')));
  writePrim(sweep.dir, 'brief');
  sweep = loadResults(sweep.dir);
  compare = loadResults(writeCompareFolder(join(dir, 'compare')));
});

const deaths = toyModel.outcomes[0];
const violence = toyModel.series[0];

const cases: Case[] = [
  {
    kind: 'fan (two scenarios, one without quartiles)',
    spec: () =>
      fanChartSpec({
        series: violence,
        stepUnit: 'month',
        scenarios: [
          { name: run.name, points: run.seriesPoints!.filter((p) => p.series === 'violence') },
          { name: squeeze.name, points: squeeze.seriesPoints!.filter((p) => p.series === 'violence') },
        ],
      }),
    texts: [
      'Violence by month',
      'Violence (incidents per month)',
      'Month',
      'Scenarios: baseline, budget-squeeze',
      'baseline',
      'budget-squeeze',
    ],
  },
  {
    kind: 'distribution',
    spec: () =>
      distributionSpec({
        outcome: deaths,
        scenarios: [run, squeeze].map((f) => ({ name: f.name, values: f.runs!.rows.map((r) => Number(r[2])) })),
      }),
    texts: [
      'Civilian deaths: distribution over runs',
      'Civilian deaths (people)',
      'Share of runs (%)',
      'baseline',
      'budget-squeeze',
    ],
  },
  {
    kind: 'heatmap',
    spec: () => {
      const means = sweep.sweepSummary!.rows.map((r) => Number(r[3]));
      const points = sweep.points!.rows.map((r, i) => ({ x: Number(r[1]), y: Number(r[2]), mean: means[i] }));
      return heatmapSpec({
        outcome: deaths,
        scenario: 'baseline',
        x: { path: 'pressure', unit: 'share' },
        y: { path: 'budget.annualGrowth', unit: 'per year' },
        others: [],
        points,
      });
    },
    texts: [
      'pressure (share)',
      'budget.annualGrowth (per year)',
      'Sweep of scenario: baseline; each cell is the mean over runs',
    ],
  },
  {
    kind: 'sobol',
    spec: () => sobolSpec({ outcome: deaths, scenario: 'baseline', rows: sweep.sobol! }),
    texts: [
      'What drives civilian deaths? Sobol indices',
      'Sobol index (share of output variance)',
      'Parameter',
      'pressure',
      'budget.annualGrowth',
      'S1 (first order)',
      'ST (total)',
    ],
  },
  {
    kind: 'morris',
    spec: () => morrisSpec({ outcome: deaths, scenario: 'baseline', rows: sweep.morris! }),
    texts: [
      'What drives civilian deaths? Morris screening',
      'μ*: mean absolute elementary effect (people)',
      'σ: spread of elementary effects (people)',
      'pressure',
    ],
  },
  {
    kind: 'forest',
    spec: () => forestSpec({ names: ['baseline', 'budget-squeeze'], rows: compare.compare! }),
    texts: [
      'budget-squeeze compared with baseline',
      "Change of budget-squeeze against baseline (% of baseline's mean)",
      'Civilian deaths',
      'Vetoes',
    ],
  },
  {
    kind: 'prim',
    spec: () => {
      const b = sweep.prim!.boxes[0];
      return primSpec({
        scenario: 'baseline',
        condition: sweep.prim!.condition,
        trajectory: b.trajectory!,
        chosen: b.chosen!,
      });
    },
    texts: [
      'Where does "civilianDeaths > 700" concentrate? PRIM peeling',
      'Coverage (share of cases of interest inside the box)',
      'Density (share of the box that is of interest)',
      'chosen box',
    ],
  },
  {
    kind: 'timeline',
    spec: () => {
      const res = toyModel.simulate(toyModel.paramsSchema.parse({}), createStreams(1, 3));
      return timelineSpec({
        scenario: 'baseline',
        run: 3,
        events: res.events!,
        stepUnit: 'month',
        horizon: 24,
        title: 'Mandate timeline: baseline, run 3',
      });
    },
    texts: ['Mandate timeline: baseline, run 3', 'Month', 'Renewal', 'Scenario: baseline, run 3'],
  },
];

describe('each chart kind', () => {
  for (const c of cases) {
    it(`${c.kind}: well-formed SVG with its title and axis labels, PNG of the SVG's size`, async () => {
      const spec = c.spec();
      const svg = await renderSvg(spec);
      expect(svg.length).toBeGreaterThan(1000);
      expect(rootElement(svg)).toBe('svg');
      expect(markupProblems(svg, 'xml')).toEqual([]);
      const texts = svgTexts(svg);
      // Lines of a wrapped title come back as separate texts: joined with spaces they read as written.
      const all = texts.join(' ');
      for (const t of c.texts) expect(all, `"${t}" drawn`).toContain(t);
      // Nothing drawn was cut short with an ellipsis.
      expect(texts.filter((t) => t.endsWith('…'))).toEqual([]);
      const { width, height } = svgSize(svg);
      expect(width).toBeGreaterThan(400);
      expect(height).toBeGreaterThan(300);
      const png = await svgToPng(svg);
      expect(pngSize(png)).toEqual({ width: Math.round(width * PNG_SCALE), height: Math.round(height * PNG_SCALE) });
      // The font configured on every chart, at slide-readable sizes.
      const spec2 = spec as { config?: typeof CHART_CONFIG };
      expect(spec2.config?.font).toBe('DejaVu Sans');
      const sizes = [...svg.matchAll(/font-size="([\d.]+)px"/g)].map((m) => Number(m[1]));
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(14);
    });
  }
});

describe('palette', () => {
  it('is Okabe-Ito, starting with blue and orange', () => {
    expect(PALETTE.slice(0, 2)).toEqual(['#0072B2', '#E69F00']);
    expect(new Set(PALETTE).size).toBe(8);
  });
});

describe('planCharts on the synthetic folders', () => {
  it('draws fans of every series and distributions of every outcome for run folders, plus the toy timeline', async () => {
    const plan = await planCharts([run, squeeze], {}, toyCache());
    const kinds = plan.jobs.map((j) => `${j.kind}:${j.metric ?? ''}`);
    for (const s of toyModel.series) expect(kinds).toContain(`fan:${s.name}`);
    for (const o of toyModel.outcomes) expect(kinds).toContain(`distribution:${o.name}`);
    expect(plan.jobs.filter((j) => j.kind === 'timeline')).toHaveLength(2);
    expect(plan.notes).toEqual([]);
  });
});
