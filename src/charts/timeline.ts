// Timeline of one run from the events its model records (for the peacekeeping model: renewals, vetoes, mandate
// gaps, exits). One row per kind of event in order of first appearance; a pair of kinds named `<x>Start` and
// `<x>End` (or `<x>-start`/`<x>-end`, `<x>_start`/`<x>_end`) is drawn as bars spanning each start to its end.
import type { TopLevelSpec } from 'vega-lite';
import type { ModelEvent } from '../engine/model.js';
import { chartFrame, labelOf, PALETTE } from './theme.js';

export interface TimelineInput {
  readonly scenario: string;
  readonly run: number;
  readonly events: readonly ModelEvent[];
  readonly stepUnit: string;
  /** Number of steps in the run (the x axis runs from 0 to it). */
  readonly horizon?: number;
  /** Why this run (e.g. "the run with the median civilian deaths"). */
  readonly note?: string;
  readonly title?: string;
}

interface Span {
  row: string;
  from: number;
  to: number;
  detail: string;
}

const SPAN_RE = /^(.*?)[-_]?(start|begin|end)$/i;

function spanPart(kind: string): { stem: string; end: boolean } | undefined {
  const m = SPAN_RE.exec(kind);
  if (!m?.[1]) return undefined;
  return { stem: m[1], end: m[2].toLowerCase() === 'end' };
}

/** Split events into point events and start/end spans (an unclosed span runs to the horizon). */
export function timelineMarks(
  events: readonly ModelEvent[],
  horizon: number,
): { points: { row: string; step: number; detail: string }[]; spans: Span[]; rows: string[] } {
  const kinds = new Set(events.map((e) => e.kind));
  const paired = (k: string) => {
    const p = spanPart(k);
    if (!p) return false;
    return [...kinds].some((o) => {
      const q = spanPart(o);
      return q !== undefined && q.stem === p.stem && q.end !== p.end;
    });
  };
  const rows: string[] = [];
  const addRow = (r: string) => {
    if (!rows.includes(r)) rows.push(r);
  };
  const points: { row: string; step: number; detail: string }[] = [];
  const spans: Span[] = [];
  const open = new Map<string, { from: number; detail: string }>();
  const sorted = [...events].sort((a, b) => a.step - b.step);
  for (const e of sorted) {
    if (paired(e.kind)) {
      const p = spanPart(e.kind)!;
      const row = labelOf(p.stem);
      addRow(row);
      if (!p.end) {
        if (!open.has(row)) open.set(row, { from: e.step, detail: e.detail ?? '' });
      } else {
        const o = open.get(row);
        spans.push({ row, from: o?.from ?? 0, to: e.step, detail: [o?.detail, e.detail].filter(Boolean).join('; ') });
        open.delete(row);
      }
    } else {
      const row = labelOf(e.kind);
      addRow(row);
      points.push({ row, step: e.step, detail: e.detail ?? '' });
    }
  }
  for (const [row, o] of open)
    spans.push({ row, from: o.from, to: horizon, detail: `${o.detail} (still open at the end)`.trim() });
  return { points, spans, rows };
}

export function timelineSpec(input: TimelineInput): TopLevelSpec {
  const { scenario, run, events, stepUnit } = input;
  const lastStep = events.reduce((m, e) => Math.max(m, e.step), 0);
  const horizon = input.horizon ?? lastStep + 1;
  const { points, spans, rows } = timelineMarks(events, horizon);
  const colorRange = rows.map((_, i) => PALETTE[i % (PALETTE.length - 1)]);
  const color = { field: 'row', type: 'nominal', scale: { domain: rows, range: colorRange }, legend: null };
  const y = { field: 'row', type: 'nominal', sort: rows, title: null, axis: { labelFontSize: 15 } };
  const xScale = { domain: [0, horizon], nice: false };
  const xTitle = labelOf(stepUnit);
  const values = [...points.map((p) => ({ ...p, mark: 'point' })), ...spans.map((s) => ({ ...s, mark: 'span' }))];
  const layer: unknown[] = [
    {
      transform: [{ filter: "datum.mark === 'span'" }],
      mark: { type: 'bar', height: { band: 0.55 }, opacity: 0.8 },
      encoding: {
        y,
        x: { field: 'from', type: 'quantitative', title: xTitle, scale: xScale },
        x2: { field: 'to' },
        color,
        tooltip: [{ field: 'row', title: 'what' }, { field: 'from' }, { field: 'to' }, { field: 'detail' }],
      },
    },
    {
      transform: [{ filter: "datum.mark === 'point'" }],
      mark: { type: 'tick', thickness: 4, bandSize: 30, size: 34 },
      encoding: {
        y,
        x: { field: 'step', type: 'quantitative', title: xTitle, scale: xScale },
        color,
        tooltip: [{ field: 'row', title: 'what' }, { field: 'step' }, { field: 'detail' }],
      },
    },
  ];
  const subtitle = [
    `Scenario: ${scenario}, run ${run}${input.note ? ` (${input.note})` : ''}`,
    `${events.length} events; ticks: single events; bars: from a start to an end event`,
  ];
  return {
    ...chartFrame(input.title ?? `Timeline of one run: ${scenario}, run ${run}`, subtitle),
    data: { values },
    layer,
  } as unknown as TopLevelSpec;
}
