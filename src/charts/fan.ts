// Fan chart: a series over steps, the median as a line and the spread of runs as bands, one colour per scenario.
import type { TopLevelSpec } from 'vega-lite';
import type { MetricSpec } from '../engine/model.js';
import type { SeriesPoint } from './results.js';
import { axisTitle, chartFrame, labelOf, PALETTE, yAxisTitle } from './theme.js';

export interface FanScenario {
  readonly name: string;
  readonly points: readonly SeriesPoint[];
}

export interface FanInput {
  readonly series: MetricSpec;
  readonly stepUnit: string;
  readonly scenarios: readonly FanScenario[];
}

export function fanChartSpec(input: FanInput): TopLevelSpec {
  const { series, stepUnit, scenarios } = input;
  if (scenarios.length === 0) throw new Error('fanChartSpec: no scenario given');
  const hasQuartiles = scenarios.every((s) => s.points.every((p) => p.p25 !== undefined && p.p75 !== undefined));
  const values = scenarios.flatMap((s) =>
    s.points.map((p) => ({
      scenario: s.name,
      step: p.step,
      mean: finiteOrNull(p.mean),
      p05: finiteOrNull(p.p05),
      p25: finiteOrNull(p.p25),
      p50: finiteOrNull(p.p50),
      p75: finiteOrNull(p.p75),
      p95: finiteOrNull(p.p95),
    })),
  );
  const names = scenarios.map((s) => s.name);
  const color = {
    field: 'scenario',
    type: 'nominal',
    title: 'Scenario',
    scale: { domain: names, range: PALETTE.slice(0, Math.max(1, names.length)) },
    // Above the plot, where it can never hide a band.
    legend:
      names.length > 1 ? { orient: 'top', direction: 'horizontal', symbolOpacity: 1, symbolType: 'square' } : null,
  };
  const x = { field: 'step', type: 'quantitative', title: labelOf(stepUnit), scale: { nice: false } };
  const yTitle = axisTitle(series.name, series.unit);
  const layers: unknown[] = [
    {
      mark: { type: 'area', opacity: 0.15 },
      encoding: {
        x,
        y: { field: 'p05', type: 'quantitative', title: yAxisTitle(yTitle) },
        y2: { field: 'p95' },
        color,
      },
    },
  ];
  if (hasQuartiles) {
    layers.push({
      mark: { type: 'area', opacity: 0.3 },
      encoding: { x, y: { field: 'p25', type: 'quantitative' }, y2: { field: 'p75' }, color },
    });
  }
  layers.push({
    mark: { type: 'line', strokeWidth: 3 },
    encoding: {
      x,
      y: { field: 'p50', type: 'quantitative' },
      color,
      tooltip: [
        { field: 'scenario' },
        { field: 'step' },
        { field: 'p50', title: 'median', format: ',.3~r' },
        { field: 'mean', format: ',.3~r' },
      ],
    },
  });
  const bands = hasQuartiles
    ? 'line: median of runs; dark band: middle 50% of runs; light band: middle 90%'
    : 'line: median of runs; band: middle 90% of runs (5th to 95th percentile)';
  const who = names.length === 1 ? `Scenario: ${names[0]}` : `Scenarios: ${names.join(', ')}`;
  return {
    ...chartFrame(`${labelOf(series.name)} by ${stepUnit}`, [
      who,
      bands,
      ...(names.length > PALETTE.length
        ? [`colours repeat after ${PALETTE.length} scenarios: draw fewer at a time to tell them apart`]
        : []),
    ]),
    data: { values },
    layer: layers,
  } as unknown as TopLevelSpec;
}

function finiteOrNull(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}
