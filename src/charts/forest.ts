// Forest plot of a paired comparison: for each outcome the change of B against A, relative to A's mean so that
// outcomes in different units share one axis, with the paired 95% CI (thick) over the unpaired one (thin grey):
// the gap between them is what common random numbers buy. The absolute difference is printed beside each row.
import type { TopLevelSpec } from 'vega-lite';
import type { MetricSpec } from '../engine/model.js';
import type { CompareRow } from './results.js';
import { CHART_CONFIG, chartFrame, findSpec, formatNumber, formatPercent, labelOf, PALETTE } from './theme.js';

export interface ForestInput {
  readonly names: readonly [string, string];
  /** False when the runs of A and B do not share random numbers (the CI is then Welch's unpaired one). */
  readonly paired?: boolean;
  readonly rows: readonly CompareRow[];
  readonly outcomes?: readonly MetricSpec[];
}

export interface ForestRow {
  readonly outcome: string;
  readonly label: string;
  /** Changes relative to |meanA|, in percent. */
  readonly rel: number;
  readonly relLo: number;
  readonly relHi: number;
  readonly unpairedLo: number;
  readonly unpairedHi: number;
  readonly direction: 'higher' | 'lower' | 'no clear difference';
  readonly text: string;
}

/** Rows that can be drawn relative to A (A's mean finite and non-zero) and the outcomes that cannot. */
export function forestRows(input: ForestInput): { rows: ForestRow[]; notDrawn: string[] } {
  const rows: ForestRow[] = [];
  const notDrawn: string[] = [];
  for (const r of input.rows) {
    const base = Math.abs(r.meanA);
    if (!(base > 0) || !Number.isFinite(r.diff)) {
      notDrawn.push(r.outcome);
      continue;
    }
    const spec = findSpec(input.outcomes ?? [], r.outcome);
    const unit = r.unit || spec.unit;
    const pct = (v: number) => (100 * v) / base;
    rows.push({
      outcome: r.outcome,
      label: labelOf(r.outcome),
      rel: pct(r.diff),
      relLo: pct(r.diffLo),
      relHi: pct(r.diffHi),
      unpairedLo: pct(r.unpairedLo),
      unpairedHi: pct(r.unpairedHi),
      direction: !r.excludesZero ? 'no clear difference' : r.diff > 0 ? 'higher' : 'lower',
      text: `${formatPercent(r.diff / base)}: ${formatNumber(r.diff)} (${formatNumber(r.diffLo)} to ${formatNumber(r.diffHi)})${unit ? ` ${unit}` : ''}`,
    });
  }
  return { rows, notDrawn };
}

export function forestSpec(input: ForestInput): TopLevelSpec {
  const [a, b] = input.names;
  const { rows, notDrawn } = forestRows(input);
  if (rows.length === 0) throw new Error('forestSpec: no outcome with a non-zero mean under A to compare against');
  const order = rows.map((r) => r.label);
  const height = Math.max(260, Math.min(900, 34 * rows.length));
  const y = { field: 'label', type: 'nominal', sort: order, title: null };
  const finite = rows.flatMap((r) => [r.relLo, r.relHi, r.unpairedLo, r.unpairedHi]).filter(Number.isFinite);
  const domain = [Math.min(0, ...finite), Math.max(0, ...finite)];
  const pad = 0.05 * (domain[1] - domain[0] || 1);
  const x = {
    field: 'rel',
    type: 'quantitative',
    title: `Change of ${b} against ${a} (% of ${a}'s mean)`,
    scale: { domain: [domain[0] - pad, domain[1] + pad], nice: false },
  };
  const color = {
    field: 'direction',
    type: 'nominal',
    title: input.paired === false ? 'Unpaired 95% CI' : 'Paired 95% CI',
    scale: { domain: ['higher', 'lower', 'no clear difference'], range: [PALETTE[3], PALETTE[0], '#777777'] },
    legend: { orient: 'bottom', direction: 'horizontal' },
  };
  const subtitle = [
    input.paired === false
      ? `${b} vs ${a}; the runs do not share random numbers: bars are unpaired (Welch) 95% CIs`
      : `${b} vs ${a} on the same random numbers; thick: paired 95% CI; thin grey: unpaired`,
    ...(notDrawn.length ? [`not drawn (mean under ${a} is zero or missing): ${notDrawn.join(', ')}`] : []),
  ];
  const spec = {
    ...chartFrame(`${b} compared with ${a}`, subtitle, false),
    data: { values: rows },
    hconcat: [
      {
        width: 480,
        height,
        layer: [
          {
            mark: { type: 'rule', color: '#000000', strokeDash: [4, 4] },
            encoding: { x: { datum: 0, type: 'quantitative' } },
          },
          {
            mark: { type: 'rule', strokeWidth: 2, color: '#bbbbbb' },
            encoding: { y, x: { field: 'unpairedLo', type: 'quantitative' }, x2: { field: 'unpairedHi' } },
          },
          {
            mark: { type: 'rule', strokeWidth: 6 },
            encoding: { y, x: { field: 'relLo', type: 'quantitative', title: x.title }, x2: { field: 'relHi' }, color },
          },
          {
            mark: { type: 'point', filled: true, size: 140, color: '#000000', opacity: 1 },
            encoding: {
              y,
              x,
              tooltip: [
                { field: 'label', title: 'outcome' },
                { field: 'rel', title: 'change (%)', format: '.3~r' },
                { field: 'relLo', title: 'CI from (%)', format: '.3~r' },
                { field: 'relHi', title: 'CI to (%)', format: '.3~r' },
              ],
            },
          },
        ],
      },
      {
        width: 400,
        height,
        mark: { type: 'text', align: 'left', fontSize: CHART_CONFIG.text?.fontSize ?? 14 },
        encoding: {
          y: { ...y, axis: null },
          text: { field: 'text' },
          x: { value: 0 },
        },
        title: { text: ['Change: difference (paired 95% CI)'], fontSize: 14, anchor: 'start', fontWeight: 'normal' },
      },
    ],
    spacing: 16,
  };
  return spec as unknown as TopLevelSpec;
}
