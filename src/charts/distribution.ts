// Distribution of an outcome over runs: a histogram per scenario, side by side on one shared axis, with the mean
// and its 95% confidence interval marked. Bins are computed here (not by Vega) so every panel uses the same bins
// and integer outcomes (counts, codes, 0/1 flags) get one bar per value.
import type { TopLevelSpec } from 'vega-lite';
import type { MetricSpec } from '../engine/model.js';
import { Moments, meanCi95 } from '../engine/stats.js';
import { axisTitle, chartFrame, formatNumber, HEIGHT_PX, labelOf, PALETTE, WIDTH_PX, yAxisTitle } from './theme.js';

export interface DistributionScenario {
  readonly name: string;
  /** One value per run; NaN for runs without a value (counted and reported, not drawn). */
  readonly values: ArrayLike<number>;
  /** Mean and 95% CI as the results folder's summary states them; computed from `values` when absent. */
  readonly mean?: number;
  readonly ci95?: readonly [number, number];
}

export interface DistributionInput {
  readonly outcome: MetricSpec;
  readonly scenarios: readonly DistributionScenario[];
}

export interface Bin {
  readonly lo: number;
  readonly hi: number;
}

/** Shared bins over all finite values: unit bins for small-range integers, about 25 'nice' bins otherwise. */
export function histogramBins(all: readonly number[]): Bin[] {
  const finite = all.filter(Number.isFinite);
  if (finite.length === 0) return [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const x of finite) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (finite.every(Number.isInteger) && max - min <= 40) {
    const out: Bin[] = [];
    for (let k = min; k <= max; k++) out.push({ lo: k - 0.5, hi: k + 0.5 });
    return out;
  }
  // One bin around a single value (or a spread too small to cut into bins without underflow).
  if (max - min <= 1e-9 * Math.max(1, Math.abs(max))) {
    const half = Math.max(0.5, 0.05 * Math.abs(max));
    return [{ lo: min - half, hi: max + half }];
  }
  const step = niceStep((max - min) / 25);
  const start = Math.floor(min / step) * step;
  // Edges by index, not by repeated addition, so rounding never skips the last bin.
  const out: Bin[] = [];
  for (let k = 0; k <= 200; k++) {
    const lo = roundTo(start + k * step, step);
    if (lo > max) break;
    out.push({ lo: k === 0 ? Math.min(lo, min) : lo, hi: roundTo(start + (k + 1) * step, step) });
  }
  return out;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
}

function roundTo(x: number, step: number): number {
  const d = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(x.toFixed(Math.min(d, 12)));
}

/** Counts of `values` in `bins` (a value on a boundary goes to the upper bin; the top edge is closed). */
export function countInBins(values: ArrayLike<number>, bins: readonly Bin[]): number[] {
  const counts = bins.map(() => 0);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) continue;
    let k = bins.findIndex((b) => x >= b.lo && x < b.hi);
    if (k < 0 && bins.length && x === bins[bins.length - 1].hi) k = bins.length - 1;
    if (k >= 0) counts[k]++;
  }
  return counts;
}

export function distributionSpec(input: DistributionInput): TopLevelSpec {
  const { outcome, scenarios } = input;
  if (scenarios.length === 0) throw new Error('distributionSpec: no scenario given');
  const all: number[] = [];
  for (const s of scenarios) for (let i = 0; i < s.values.length; i++) all.push(s.values[i]);
  const bins = histogramBins(all);
  const names = scenarios.map((s) => s.name);
  if (bins.length === 0) return noValuesSpec(outcome.name, names, all.length);
  const headers: string[] = [];
  const bars: Record<string, unknown>[] = [];
  const marks: Record<string, unknown>[] = [];
  for (const s of scenarios) {
    const m = new Moments();
    for (let i = 0; i < s.values.length; i++) m.push(s.values[i]);
    const mean = s.mean ?? m.mean;
    const [lo, hi] = s.ci95 ?? meanCi95(m.mean, m.sd, m.n);
    const counts = countInBins(s.values, bins);
    const missing = m.nanCount ? `, ${m.nanCount} without a value` : '';
    const header = `${s.name}|mean ${formatNumber(m.n ? mean : Number.NaN)} (95% CI ${formatNumber(lo)} to ${formatNumber(hi)})|${m.n} runs${missing}`;
    headers.push(header);
    bins.forEach((b, k) => {
      bars.push({
        role: 'bar',
        panel: header,
        lo: b.lo,
        hi: b.hi,
        share: m.n ? (100 * counts[k]) / m.n : 0,
        count: counts[k],
      });
    });
    if (m.n)
      marks.push({
        role: 'mark',
        panel: header,
        mean,
        ciLo: Number.isFinite(lo) ? lo : mean,
        ciHi: Number.isFinite(hi) ? hi : mean,
      });
  }
  const n = scenarios.length;
  const panelWidth = Math.max(220, Math.floor((WIDTH_PX - 90) / n) - 24);
  const xTitle = axisTitle(outcome.name, outcome.unit);
  const integerBins = bins.length > 0 && bins.every((b) => b.hi - b.lo === 1 && Number.isInteger(b.lo + 0.5));
  const x = {
    field: 'lo',
    type: 'quantitative',
    title: xTitle,
    scale: { zero: false, nice: false },
    ...(integerBins ? { axis: { tickMinStep: 1, format: 'd' } } : {}),
  };
  const yTitle = 'Share of runs (%)';
  const spec = {
    ...chartFrame(
      `${labelOf(outcome.name)}: distribution over runs`,
      [
        `${n === 1 ? 'Scenario' : 'Scenarios'}: ${names.join(', ')}`,
        'bars: share of runs; black line: mean; grey band: 95% confidence interval of the mean',
      ],
      false,
    ),
    // One dataset with a role per row: layers inside a facet cannot bring data of their own.
    data: { values: [...bars, ...marks] },
    facet: {
      column: {
        field: 'panel',
        type: 'nominal',
        sort: headers,
        title: null,
        header: { labelExpr: "split(datum.value, '|')", labelFontSize: 15, labelLimit: panelWidth + 40 },
      },
    },
    spacing: 24,
    spec: {
      width: panelWidth,
      height: HEIGHT_PX - 170,
      layer: [
        {
          // The CI band first, behind the bars: it shades the background where the mean may lie.
          transform: [{ filter: "datum.role === 'mark'" }],
          mark: { type: 'rect', color: '#000000', opacity: 0.16 },
          encoding: { x: { field: 'ciLo', type: 'quantitative', title: xTitle }, x2: { field: 'ciHi' } },
        },
        {
          transform: [{ filter: "datum.role === 'bar'" }],
          mark: { type: 'rect', color: PALETTE[5], opacity: 0.9, stroke: 'white', strokeWidth: 0.5 },
          encoding: {
            x,
            x2: { field: 'hi' },
            y: { field: 'share', type: 'quantitative', title: yAxisTitle(yTitle) },
            tooltip: [
              { field: 'lo', title: 'from', format: ',.4~r' },
              { field: 'hi', title: 'to', format: ',.4~r' },
              { field: 'count', title: 'runs' },
            ],
          },
        },
        {
          transform: [{ filter: "datum.role === 'mark'" }],
          mark: { type: 'rule', color: '#000000', strokeWidth: 2.5 },
          encoding: { x: { field: 'mean', type: 'quantitative' } },
        },
      ],
    },
    resolve: { scale: { x: 'shared', y: 'shared' } },
  };
  return spec as unknown as TopLevelSpec;
}

/** A chart that says so when no run has a value (e.g. a waiting time for an event that never happened). */
function noValuesSpec(outcome: string, names: readonly string[], runs: number): TopLevelSpec {
  return {
    ...chartFrame(
      `${labelOf(outcome)}: distribution over runs`,
      `${names.length === 1 ? 'Scenario' : 'Scenarios'}: ${names.join(', ')}`,
    ),
    data: { values: [{ message: `No run has a value of ${outcome} (${runs} runs).` }] },
    mark: { type: 'text', fontSize: 20, color: '#444444' },
    encoding: { text: { field: 'message' } },
  } as unknown as TopLevelSpec;
}
