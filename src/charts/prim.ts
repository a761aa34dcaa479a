// PRIM peeling trajectory (Friedman and Fisher 1999; Bryant and Lempert 2010): each box along the peel as a point of
// coverage (share of all cases of interest inside the box) against density (share of the box's cases that are of
// interest), with the chosen box marked. Peeling moves left and up; the analyst picks the trade-off.
import type { TopLevelSpec } from 'vega-lite';
import type { PrimStep } from './results.js';
import { chartFrame, formatNumber, PALETTE, yAxisTitle } from './theme.js';

export interface PrimInput {
  readonly scenario: string;
  readonly condition: string;
  readonly trajectory: readonly PrimStep[];
  /** Index of the chosen box in the trajectory. */
  readonly chosen: number;
  /** 1-based number of the box when a discovery found several. */
  readonly boxNumber?: number;
}

export function primSpec(input: PrimInput): TopLevelSpec {
  const { scenario, trajectory, chosen } = input;
  if (trajectory.length === 0) throw new Error('primSpec: the peeling trajectory is empty');
  if (!(chosen >= 0 && chosen < trajectory.length))
    throw new Error(`primSpec: chosen ${chosen} is not a step of the trajectory`);
  const values = trajectory.map((s, i) => ({
    step: i,
    coverage: s.coverage,
    density: s.density,
    mass: s.mass,
    nRestricted: Number.isFinite(s.nRestricted) ? s.nRestricted : null,
    chosen: i === chosen,
  }));
  const c = trajectory[chosen];
  const chosenText = `chosen box: coverage ${formatNumber(c.coverage)}, density ${formatNumber(c.density)}, mass ${formatNumber(c.mass)}${Number.isFinite(c.nRestricted) ? `, ${c.nRestricted} parameters restricted` : ''}`;
  const x = {
    field: 'coverage',
    type: 'quantitative',
    title: 'Coverage (share of cases of interest inside the box)',
    scale: { domain: [0, 1] },
  };
  const y = {
    field: 'density',
    type: 'quantitative',
    title: yAxisTitle('Density (share of the box that is of interest)'),
    // A little head room: marks drawn outside the plot area push Vega's title out of the picture.
    scale: { domain: [0, 1.05], nice: false },
    axis: { values: [0, 0.2, 0.4, 0.6, 0.8, 1] },
  };
  const tooltip = [
    { field: 'step', title: 'peeling step' },
    { field: 'coverage', format: '.3f' },
    { field: 'density', format: '.3f' },
    { field: 'mass', format: '.3f' },
    { field: 'nRestricted', title: 'parameters restricted' },
  ];
  return {
    ...chartFrame(
      `Where does "${input.condition}" concentrate? PRIM peeling${input.boxNumber ? `, box ${input.boxNumber}` : ''}`,
      [
        `Sweep of scenario: ${scenario}; one point per box along the peel (from the whole space at the right)`,
        chosenText,
      ],
    ),
    data: { values },
    layer: [
      { mark: { type: 'line', color: PALETTE[0], strokeWidth: 2.5 }, encoding: { x, y, order: { field: 'step' } } },
      {
        mark: { type: 'point', filled: true, size: 90, color: PALETTE[0] },
        encoding: { x, y, tooltip },
      },
      {
        transform: [{ filter: 'datum.chosen' }],
        mark: {
          type: 'point',
          filled: true,
          size: 520,
          shape: 'diamond',
          color: PALETTE[3],
          stroke: '#000000',
          strokeWidth: 1.5,
        },
        encoding: { x, y, tooltip },
      },
      {
        transform: [{ filter: 'datum.chosen' }],
        mark: {
          type: 'text',
          align: c.coverage > 0.7 ? 'right' : 'left',
          dx: c.coverage > 0.7 ? -16 : 16,
          // Below the point near the top of the plot, above it elsewhere.
          dy: c.density > 0.85 ? 24 : -16,
          fontSize: 15,
          fontWeight: 'bold',
          color: PALETTE[3],
        },
        encoding: { x, y, text: { value: 'chosen box' } },
      },
    ],
  } as unknown as TopLevelSpec;
}
