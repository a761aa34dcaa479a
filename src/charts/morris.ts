// Morris screening of one outcome: mu* (how much a parameter moves the outcome) against sigma (how much that
// effect depends on the other parameters: interactions or non-linearity), one labelled point per parameter.
import type { TopLevelSpec } from 'vega-lite';
import type { MetricSpec } from '../engine/model.js';
import type { MorrisRow } from './results.js';
import { chartFrame, labelOf, PALETTE, yAxisTitle } from './theme.js';

export interface MorrisInput {
  readonly outcome: MetricSpec;
  readonly scenario: string;
  readonly rows: readonly MorrisRow[];
}

/** Parameters ordered by mu*, largest first (NaN last). */
export function morrisRanking(rows: readonly MorrisRow[]): MorrisRow[] {
  return [...rows].sort((a, b) => (Number.isNaN(b.mu_star) ? -1 : Number.isNaN(a.mu_star) ? 1 : b.mu_star - a.mu_star));
}

export function morrisSpec(input: MorrisInput): TopLevelSpec {
  const { outcome, scenario } = input;
  const rows = input.rows.filter((r) => r.outcome === outcome.name);
  if (rows.length === 0) throw new Error(`morrisSpec: no Morris measures for outcome ${outcome.name}`);
  const values = rows.map((r) => ({ ...r, muStarLo: r.mu_star_lo ?? null, muStarHi: r.mu_star_hi ?? null }));
  const unit = outcome.unit ? ` (${outcome.unit})` : '';
  // Head room right and up so the parameter names beside the points stay inside the plot.
  const maxOf = (xs: number[]) => Math.max(0, ...xs.filter(Number.isFinite));
  const xMax = maxOf(rows.flatMap((r) => [r.mu_star, r.mu_star_hi ?? 0])) * 1.3 || 1;
  const yMax = maxOf(rows.map((r) => r.sigma)) * 1.12 || 1;
  const x = {
    field: 'mu_star',
    type: 'quantitative',
    title: `μ*: mean absolute elementary effect${unit}`,
    scale: { domain: [0, xMax] },
  };
  const y = {
    field: 'sigma',
    type: 'quantitative',
    title: yAxisTitle(`σ: spread of elementary effects${unit}`),
    scale: { domain: [0, yMax] },
  };
  const layer: unknown[] = [
    {
      mark: { type: 'point', filled: true, size: 220, color: PALETTE[0] },
      encoding: {
        x,
        y,
        tooltip: [
          { field: 'parameter' },
          { field: 'mu_star', title: 'μ*', format: ',.4~r' },
          { field: 'mu', title: 'μ', format: ',.4~r' },
          { field: 'sigma', title: 'σ', format: ',.4~r' },
        ],
      },
    },
    {
      mark: { type: 'text', align: 'left', dx: 12, dy: -10, fontSize: 14 },
      encoding: { x, y, text: { field: 'parameter' } },
    },
  ];
  if (rows.some((r) => r.mu_star_lo !== undefined)) {
    layer.unshift({
      transform: [{ filter: 'isValid(datum.muStarLo)' }],
      mark: { type: 'rule', strokeWidth: 2, color: PALETTE[0], opacity: 0.6 },
      encoding: { x: { field: 'muStarLo', type: 'quantitative' }, x2: { field: 'muStarHi' }, y },
    });
  }
  return {
    ...chartFrame(`What drives ${labelOf(outcome.name).toLowerCase()}? Morris screening`, [
      `Sweep of scenario: ${scenario}; one point per varied parameter`,
      'right: larger effect on the outcome; up: effect depends more on the other parameters (interactions, non-linearity)',
    ]),
    data: { values },
    layer,
  } as unknown as TopLevelSpec;
}
