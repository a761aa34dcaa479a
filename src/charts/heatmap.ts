// Sweep heatmap: the mean of an outcome over two varied parameters. Cells are computed here: on a grid design one
// cell per pair of levels (averaging over any other varied parameter); on a scattered design (Latin hypercube,
// Sobol) an 8 x 8 grid of bins over the two ranges, each cell the mean over the design points inside it.
import type { TopLevelSpec } from 'vega-lite';
import type { MetricSpec } from '../engine/model.js';
import { chartFrame, formatNumber, humanise, labelOf, wrapText, yAxisTitle } from './theme.js';

export interface HeatmapAxis {
  readonly path: string;
  readonly unit?: string;
}

export interface HeatmapPoint {
  readonly x: number | string;
  readonly y: number | string;
  /** The outcome's mean at this design point (NaN when no run had a value). */
  readonly mean: number;
}

export interface HeatmapInput {
  readonly outcome: MetricSpec;
  readonly scenario: string;
  readonly x: HeatmapAxis;
  readonly y: HeatmapAxis;
  /** Other varied parameters, averaged over. */
  readonly others: readonly string[];
  readonly points: readonly HeatmapPoint[];
}

export interface HeatmapCell {
  readonly xLabel: string;
  readonly yLabel: string;
  readonly x0?: number;
  readonly x1?: number;
  readonly y0?: number;
  readonly y1?: number;
  readonly mean: number;
  readonly points: number;
}

const MAX_LEVELS = 15;
const SCATTER_BINS = 8;

function distinct(values: readonly (number | string)[]): (number | string)[] {
  const out = [...new Set(values)];
  return out.every((v) => typeof v === 'number') ? (out as number[]).sort((a, b) => a - b) : out.map(String).sort();
}

function label(v: number | string): string {
  return typeof v === 'number' ? formatNumber(v, 4) : v;
}

/** Cells of the heatmap and whether they are levels of a grid (true) or bins of a scattered design (false). */
export function heatmapCells(points: readonly HeatmapPoint[]): { gridded: boolean; cells: HeatmapCell[] } {
  const xs = distinct(points.map((p) => p.x));
  const ys = distinct(points.map((p) => p.y));
  const numeric = [...xs, ...ys].every((v) => typeof v === 'number');
  if (!numeric || (xs.length <= MAX_LEVELS && ys.length <= MAX_LEVELS)) {
    const cells: HeatmapCell[] = [];
    for (const x of xs) {
      for (const y of ys) {
        const here = points.filter((p) => p.x === x && p.y === y);
        if (here.length === 0) continue;
        // A design point where no run had a value stays in the grid as a cell without a mean.
        const inCell = here.filter((p) => Number.isFinite(p.mean));
        cells.push({
          xLabel: label(x),
          yLabel: label(y),
          mean: inCell.length ? inCell.reduce((s, p) => s + p.mean, 0) / inCell.length : Number.NaN,
          points: inCell.length,
        });
      }
    }
    return { gridded: true, cells };
  }
  const edges = (vs: number[]) => {
    const lo = vs[0];
    const hi = vs[vs.length - 1];
    return Array.from({ length: SCATTER_BINS + 1 }, (_, k) => lo + ((hi - lo) * k) / SCATTER_BINS);
  };
  const ex = edges(xs as number[]);
  const ey = edges(ys as number[]);
  const binOf = (v: number, e: number[]) => {
    for (let k = 0; k < SCATTER_BINS - 1; k++) if (v < e[k + 1]) return k;
    return SCATTER_BINS - 1;
  };
  const sums = new Float64Array(SCATTER_BINS * SCATTER_BINS);
  const counts = new Int32Array(SCATTER_BINS * SCATTER_BINS);
  for (const p of points) {
    if (!Number.isFinite(p.mean)) continue;
    const k = binOf(p.x as number, ex) * SCATTER_BINS + binOf(p.y as number, ey);
    sums[k] += p.mean;
    counts[k]++;
  }
  const cells: HeatmapCell[] = [];
  for (let i = 0; i < SCATTER_BINS; i++) {
    for (let j = 0; j < SCATTER_BINS; j++) {
      const k = i * SCATTER_BINS + j;
      if (!counts[k]) continue;
      cells.push({
        xLabel: `${formatNumber(ex[i])} to ${formatNumber(ex[i + 1])}`,
        yLabel: `${formatNumber(ey[j])} to ${formatNumber(ey[j + 1])}`,
        x0: ex[i],
        x1: ex[i + 1],
        y0: ey[j],
        y1: ey[j + 1],
        mean: sums[k] / counts[k],
        points: counts[k],
      });
    }
  }
  return { gridded: false, cells };
}

/** Parameter paths stay as written (users type them in --vary), with the unit in brackets. */
function paramTitle(a: HeatmapAxis): string {
  return a.unit ? `${a.path} (${a.unit})` : a.path;
}

export function heatmapSpec(input: HeatmapInput): TopLevelSpec {
  const { outcome, scenario, x, y, others, points } = input;
  const { gridded, cells } = heatmapCells(points);
  const means = cells.map((c) => c.mean).filter(Number.isFinite);
  const lo = Math.min(...means);
  const hi = Math.max(...means);
  const missing = cells.some((c) => !Number.isFinite(c.mean));
  // viridis is dark at the low end: white text there, black text at the bright end.
  const values = cells.map((c) => ({
    ...c,
    mean: Number.isFinite(c.mean) ? c.mean : null,
    dark: Number.isFinite(c.mean) && (hi > lo ? (c.mean - lo) / (hi - lo) < 0.55 : true),
    text: Number.isFinite(c.mean) ? formatNumber(c.mean) : 'n/a',
  }));
  const xTitle = paramTitle(x);
  const yTitle = paramTitle(y);
  const colorTitle = wrapText(`Mean ${humanise(outcome.name)}${outcome.unit ? ` (${outcome.unit})` : ''}`, 20);
  const color = {
    condition: { test: '!isValid(datum.mean)', value: '#dddddd' },
    field: 'mean',
    type: 'quantitative',
    title: colorTitle,
    scale: { scheme: 'viridis' },
    legend: { gradientLength: 300, format: ',.3~r' },
  };
  const tooltip = [
    { field: 'xLabel', title: x.path },
    { field: 'yLabel', title: y.path },
    { field: 'mean', title: 'mean', format: ',.4~r' },
    { field: 'points', title: 'design points' },
  ];
  const subtitle = [
    `Sweep of scenario: ${scenario}; each cell is the mean over runs${gridded ? '' : ' and over the design points in the cell'}`,
    ...(others.length ? [`averaged over the other varied parameters: ${others.join(', ')}`] : []),
    ...(missing ? ['grey cells: no run at these settings had a value'] : []),
  ];
  const title = `${labelOf(outcome.name)}: mean over ${x.path} and ${y.path}`;
  let layer: unknown[];
  if (gridded) {
    const xSort = [...new Set(cells.map((c) => c.xLabel))];
    const ySort = [...new Set(cells.map((c) => c.yLabel))].reverse();
    const enc = {
      x: { field: 'xLabel', type: 'ordinal', title: xTitle, sort: xSort, axis: { labelAngle: 0 } },
      y: { field: 'yLabel', type: 'ordinal', title: yAxisTitle(yTitle), sort: ySort },
    };
    const showText = xSort.length <= 10 && ySort.length <= 10;
    layer = [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1, invalid: 'show' },
        encoding: { ...enc, color, tooltip },
      },
      ...(showText
        ? [
            {
              mark: { type: 'text', fontSize: 15 },
              encoding: {
                ...enc,
                text: { field: 'text' },
                color: { condition: { test: 'datum.dark', value: 'white' }, value: 'black' },
              },
            },
          ]
        : []),
    ];
  } else {
    layer = [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          x: { field: 'x0', type: 'quantitative', title: xTitle, scale: { zero: false, nice: false } },
          x2: { field: 'x1' },
          y: { field: 'y0', type: 'quantitative', title: yAxisTitle(yTitle), scale: { zero: false, nice: false } },
          y2: { field: 'y1' },
          color,
          tooltip,
        },
      },
    ];
  }
  return { ...chartFrame(title, subtitle), data: { values }, layer } as unknown as TopLevelSpec;
}
