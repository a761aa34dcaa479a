// Sobol indices of one outcome: first-order (S1) and total (ST) per parameter with their bootstrap 95% CIs, as
// horizontal bars sorted by ST (a tornado), so the driver that matters most is on top.
import type { TopLevelSpec } from 'vega-lite';
import type { MetricSpec } from '../engine/model.js';
import type { SobolRow } from './results.js';
import { chartFrame, labelOf, PALETTE } from './theme.js';

export interface SobolInput {
  readonly outcome: MetricSpec;
  readonly scenario: string;
  readonly rows: readonly SobolRow[];
}

const S1 = 'S1 (first order)';
const ST = 'ST (total)';

/** Parameters ordered by total index, largest first (NaN last). */
export function sobolRanking(rows: readonly SobolRow[]): SobolRow[] {
  return [...rows].sort((a, b) => (Number.isNaN(b.ST) ? -1 : Number.isNaN(a.ST) ? 1 : b.ST - a.ST));
}

export function sobolSpec(input: SobolInput): TopLevelSpec {
  const { outcome, scenario } = input;
  const rows = sobolRanking(input.rows.filter((r) => r.outcome === outcome.name));
  if (rows.length === 0) throw new Error(`sobolSpec: no Sobol indices for outcome ${outcome.name}`);
  const order = rows.map((r) => r.parameter);
  const values = rows.flatMap((r) => [
    { parameter: r.parameter, index: S1, value: r.S1, lo: r.S1_lo, hi: r.S1_hi },
    { parameter: r.parameter, index: ST, value: r.ST, lo: r.ST_lo, hi: r.ST_hi },
  ]);
  const y = { field: 'parameter', type: 'nominal', sort: order, title: 'Parameter' };
  const color = {
    field: 'index',
    type: 'nominal',
    title: 'Index',
    scale: { domain: [S1, ST], range: [PALETTE[1], PALETTE[0]] },
    legend: { orient: 'bottom-right', fillColor: 'white' },
  };
  const lows = rows.flatMap((r) => [r.S1_lo, r.ST_lo, r.S1, r.ST]).filter(Number.isFinite);
  const highs = rows.flatMap((r) => [r.S1_hi, r.ST_hi, r.S1, r.ST]).filter(Number.isFinite);
  const domain = [Math.floor(10 * Math.min(0, ...lows)) / 10, Math.ceil(10 * Math.max(1, ...highs)) / 10];
  const x = {
    field: 'value',
    type: 'quantitative',
    title: 'Sobol index (share of output variance)',
    scale: { domain, nice: false },
  };
  return {
    ...chartFrame(`What drives ${labelOf(outcome.name).toLowerCase()}? Sobol indices`, [
      `Sweep of scenario: ${scenario}; bars: estimate; whiskers: bootstrap 95% confidence interval`,
      'S1: share of variance due to the parameter alone; ST: including its interactions; sorted by ST',
    ]),
    data: { values },
    layer: [
      {
        mark: { type: 'bar', height: 16 },
        encoding: {
          y,
          yOffset: { field: 'index', sort: [S1, ST] },
          x,
          color,
          tooltip: [
            { field: 'parameter' },
            { field: 'index' },
            { field: 'value', format: '.3f' },
            { field: 'lo', title: '95% CI from', format: '.3f' },
            { field: 'hi', title: '95% CI to', format: '.3f' },
          ],
        },
      },
      {
        // A thin bar, not a rule: bars of a fixed height are centred on their offset band, rules are not.
        mark: { type: 'bar', height: 3, color: '#000000' },
        encoding: {
          y,
          yOffset: { field: 'index', sort: [S1, ST] },
          x: { field: 'lo', type: 'quantitative' },
          x2: { field: 'hi' },
        },
      },
    ],
  } as unknown as TopLevelSpec;
}
