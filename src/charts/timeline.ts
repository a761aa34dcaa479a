// Timeline of one run from the events its model records (for the peacekeeping model: renewals, vetoes, mandate
// gaps, exits). One row per kind of event in order of first appearance; a pair of kinds named `<x>Start` and
// `<x>End` (or `<x>-start`/`<x>-end`, `<x>_start`/`<x>_end`) is drawn as bars spanning each start to its end.
import type { TopLevelSpec } from 'vega-lite';
import type { ModelEvent } from '../engine/model.js';
import { chartFrame, labelOf, PALETTE } from './theme.js';

/** A span that opens at an event of kind `start` and closes at the next event of one of the kinds `ends`. */
export interface SpanRule {
  readonly start: string;
  readonly ends: readonly string[];
  /** Row label of the span. */
  readonly row: string;
}

export interface TimelineOptions {
  readonly spans?: readonly SpanRule[];
  /** Kinds in the order their rows should appear (others follow in order of first appearance). */
  readonly order?: readonly string[];
}

export interface TimelineInput extends TimelineOptions {
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

/**
 * Split events into point events and spans: pairs `<x>Start`/`<x>End`, and the spans of `rules` (the start event
 * itself is then drawn as the span, its end events stay ticks of their own). An unclosed span runs to the horizon.
 */
export function timelineMarks(
  events: readonly ModelEvent[],
  horizon: number,
  options: TimelineOptions = {},
): { points: { row: string; step: number; detail: string }[]; spans: Span[]; rows: string[] } {
  const rules = options.spans ?? [];
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
  const rowOf = (k: string) =>
    rules.find((r) => r.start === k)?.row ?? (paired(k) ? labelOf(spanPart(k)!.stem) : labelOf(k));
  for (const k of options.order ?? []) if (kinds.has(k) && !rows.includes(rowOf(k))) rows.push(rowOf(k));
  const addRow = (r: string) => {
    if (!rows.includes(r)) rows.push(r);
  };
  const points: { row: string; step: number; detail: string }[] = [];
  const spans: Span[] = [];
  const open = new Map<string, { from: number; detail: string }>();
  const sorted = [...events].sort((a, b) => a.step - b.step);
  for (const e of sorted) {
    // A rule's span closes before the event that closes it is drawn, and may reopen at the same step.
    for (const r of rules) {
      const o = open.get(r.row);
      if (o && r.ends.includes(e.kind)) {
        spans.push({ row: r.row, from: o.from, to: e.step, detail: o.detail });
        open.delete(r.row);
      }
    }
    const rule = rules.find((r) => r.start === e.kind);
    if (rule) {
      addRow(rule.row);
      if (!open.has(rule.row)) open.set(rule.row, { from: e.step, detail: e.detail ?? '' });
    } else if (paired(e.kind)) {
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
  const { points, spans, rows } = timelineMarks(events, horizon, { spans: input.spans, order: input.order });
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
    spans.length
      ? `${events.length} events; ticks: single events; bars: periods (${[...new Set(spans.map((x) => x.row))].join(', ')})`
      : `${events.length} events, one tick each`,
  ];
  return {
    ...chartFrame(input.title ?? `Timeline of one run: ${scenario}, run ${run}`, subtitle),
    data: { values },
    layer,
  } as unknown as TopLevelSpec;
}
