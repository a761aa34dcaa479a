// Properties of the pieces the charts are computed from: bins, cells, wrapping, number text, font widths.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countInBins, histogramBins } from '../../src/charts/distribution.js';
import { readFontWidths, textWidthPx } from '../../src/charts/fontMetrics.js';
import { forestRows } from '../../src/charts/forest.js';
import { heatmapCells } from '../../src/charts/heatmap.js';
import { medianRun } from '../../src/charts/plan.js';
import { FONT_FILES } from '../../src/charts/render.js';
import { formatNumber, formatPercent, humanise, wrapText } from '../../src/charts/theme.js';
import { timelineMarks } from '../../src/charts/timeline.js';

const finiteDouble = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

describe('histogram bins', () => {
  it('put every finite value in exactly one bin, bins contiguous and increasing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(finiteDouble, fc.integer({ min: -30, max: 30 }), fc.constant(Number.NaN)), {
          minLength: 1,
          maxLength: 300,
        }),
        (values) => {
          const bins = histogramBins(values);
          const finite = values.filter(Number.isFinite);
          if (finite.length === 0) {
            expect(bins).toEqual([]);
            return;
          }
          for (let k = 0; k < bins.length; k++) {
            expect(bins[k].hi).toBeGreaterThan(bins[k].lo);
            if (k > 0) expect(bins[k].lo).toBeCloseTo(bins[k - 1].hi, 9);
          }
          const counts = countInBins(values, bins);
          expect(counts.reduce((a, b) => a + b, 0)).toBe(finite.length);
          expect(bins.length).toBeLessThanOrEqual(201);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('give small-range integers one bin per value, centred on it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 100 }), (values) => {
        const bins = histogramBins(values);
        const min = Math.min(...values);
        const max = Math.max(...values);
        expect(bins).toHaveLength(max - min + 1);
        const counts = countInBins(values, bins);
        bins.forEach((b, k) => {
          const v = b.lo + 0.5;
          expect(counts[k]).toBe(values.filter((x) => x === v).length);
        });
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('heatmap cells', () => {
  it('on a grid: one cell per pair of levels, each the mean of its points (other parameters averaged)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: fc.integer({ min: 0, max: 4 }),
            y: fc.integer({ min: 0, max: 3 }),
            mean: fc.oneof(finiteDouble, fc.constant(Number.NaN)),
          }),
          {
            minLength: 1,
            maxLength: 60,
          },
        ),
        (points) => {
          const { gridded, cells } = heatmapCells(points);
          expect(gridded).toBe(true);
          const pairs = new Set(points.map((p) => `${p.x},${p.y}`));
          expect(cells).toHaveLength(pairs.size);
          for (const c of cells) {
            const inside = points.filter(
              (p) => formatNumber(p.x, 4) === c.xLabel && formatNumber(p.y, 4) === c.yLabel && Number.isFinite(p.mean),
            );
            expect(c.points).toBe(inside.length);
            if (inside.length === 0) expect(c.mean).toBeNaN();
            else expect(c.mean).toBeCloseTo(inside.reduce((s, p) => s + p.mean, 0) / inside.length, 6);
          }
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('on a scattered design: at most 8 x 8 cells that together hold every point', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: fc.double({ min: 0, max: 1, noNaN: true }),
            y: fc.double({ min: -1, max: 1, noNaN: true }),
            mean: finiteDouble,
          }),
          { minLength: 40, maxLength: 200 },
        ),
        (points) => {
          const { gridded, cells } = heatmapCells(points);
          const distinctX = new Set(points.map((p) => p.x)).size;
          const distinctY = new Set(points.map((p) => p.y)).size;
          if (distinctX <= 15 && distinctY <= 15) return;
          expect(gridded).toBe(false);
          expect(cells.length).toBeLessThanOrEqual(64);
          expect(cells.reduce((s, c) => s + c.points, 0)).toBe(points.length);
          const total = cells.reduce((s, c) => s + c.mean * c.points, 0);
          expect(total).toBeCloseTo(
            points.reduce((s, p) => s + p.mean, 0),
            3,
          );
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });
});

describe('medianRun', () => {
  it('returns a run whose value is the lower median of the runs that have one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(Number.NaN)), { minLength: 1, maxLength: 50 }),
        (values) => {
          const runs = values.map((_, i) => i);
          const r = medianRun(runs, values);
          const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
          if (finite.length === 0) {
            expect(r).toBeUndefined();
            return;
          }
          expect(values[r!]).toBe(finite[Math.floor((finite.length - 1) / 2)]);
          // Ties go to the lowest run.
          expect(values.indexOf(values[r!])).toBe(r);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('text', () => {
  it('wrapText keeps every word, in order, within the limit unless a word alone is longer', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z.]{1,15}$/), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 5, max: 60 }),
        (words, max) => {
          const lines = wrapText(words.join(' '), max);
          expect(lines.join(' ')).toBe(words.join(' '));
          for (const l of lines) if (l.includes(' ')) expect(l.length).toBeLessThanOrEqual(max);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('formatNumber keeps three significant digits', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e12, noNaN: true }), fc.boolean(), (x, neg) => {
        const v = neg ? -x : x;
        const back = Number(formatNumber(v).replace(/,/g, '').replace('−', '-'));
        expect(Math.abs(back - v)).toBeLessThanOrEqual(Math.abs(v) * 5e-3 + 1e-12);
      }),
      { seed: 42, numRuns: 500 },
    );
    expect(formatNumber(Number.NaN)).toBe('n/a');
    expect(formatNumber(1234.5)).toBe('1,235');
    expect(formatPercent(0.2345)).toBe('+23%');
    expect(formatPercent(-0.05)).toBe('−5.0%');
  });

  it('humanise splits camelCase, keeps acronyms and drops a trailing currency unit', () => {
    expect(humanise('civilianDeaths')).toBe('civilian deaths');
    expect(humanise('costUsdM')).toBe('cost');
    expect(humanise('usdTotal')).toBe('USD total');
    expect(humanise('mandateGapMonths')).toBe('mandate gap months');
  });
});

describe('font widths from the shipped TTFs', () => {
  it('match DejaVu Sans advance widths (units per em 2048) and bold is wider', () => {
    const regular = readFontWidths(FONT_FILES[0]);
    const bold = readFontWidths(FONT_FILES[1]);
    // DejaVu Sans: space 651, 'a' 1255, 'W' 2025 font units of 2048 (ttx dump of the font's hmtx table).
    expect(regular.advanceEm(32) * 2048).toBeCloseTo(651, 6);
    expect(regular.advanceEm(97) * 2048).toBeCloseTo(1255, 6);
    expect(regular.advanceEm(87) * 2048).toBeCloseTo(2025, 6);
    expect(textWidthPx(bold, 'Civilian deaths', 16)).toBeGreaterThan(textWidthPx(regular, 'Civilian deaths', 16));
    // Additive over concatenation.
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        expect(textWidthPx(regular, a + b, 14)).toBeCloseTo(
          textWidthPx(regular, a, 14) + textWidthPx(regular, b, 14),
          6,
        );
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});

describe('forest rows', () => {
  it('are the differences over |mean of A| in percent, and list the outcomes with A = 0 as not drawn', () => {
    const row = (outcome: string, meanA: number, diff: number, lo: number, hi: number) => ({
      a: 'A',
      b: 'B',
      outcome,
      unit: 'u',
      meanA,
      meanB: meanA + diff,
      diff,
      diffLo: lo,
      diffHi: hi,
      relChange: Number.NaN,
      excludesZero: lo > 0 || hi < 0,
      unpairedLo: lo * 2,
      unpairedHi: hi * 2,
    });
    const { rows, notDrawn } = forestRows({
      names: ['A', 'B'],
      rows: [row('x', -200, 20, 10, 30), row('y', 0, 1, 0.5, 2), row('z', 50, -5, -12, 2)],
    });
    expect(notDrawn).toEqual(['y']);
    expect(rows.map((r) => [r.outcome, r.rel, r.relLo, r.relHi, r.direction])).toEqual([
      ['x', 10, 5, 15, 'higher'],
      ['z', -10, -24, 4, 'no clear difference'],
    ]);
  });
});

describe('timeline marks', () => {
  it('pair <x>Start/<x>End into spans (an unclosed one runs to the horizon) and keep other events as points', () => {
    const { points, spans, rows } = timelineMarks(
      [
        { step: 0, kind: 'renewal' },
        { step: 5, kind: 'gapStart' },
        { step: 8, kind: 'gapEnd' },
        { step: 10, kind: 'veto' },
        { step: 20, kind: 'gapStart' },
      ],
      30,
    );
    expect(rows).toEqual(['Renewal', 'Gap', 'Veto']);
    expect(spans.map((s) => [s.row, s.from, s.to])).toEqual([
      ['Gap', 5, 8],
      ['Gap', 20, 30],
    ]);
    expect(points.map((p) => [p.row, p.step])).toEqual([
      ['Renewal', 0],
      ['Veto', 10],
    ]);
  });

  it("draw a rule's span from its start event to the next of its end events, reopening at the same step", () => {
    const { points, spans, rows } = timelineMarks(
      [
        { step: 0, kind: 'rollover' },
        { step: 3, kind: 'veto' },
        { step: 3, kind: 'gap' },
        { step: 5, kind: 'rollover' },
        { step: 9, kind: 'gap' },
        { step: 12, kind: 'lapse' },
      ],
      20,
      {
        order: ['rollover', 'veto', 'gap', 'lapse'],
        spans: [{ start: 'gap', ends: ['rollover', 'lapse'], row: 'Without mandate' }],
      },
    );
    expect(rows).toEqual(['Rollover', 'Veto', 'Without mandate', 'Lapse']);
    expect(spans.map((x) => [x.row, x.from, x.to])).toEqual([
      ['Without mandate', 3, 5],
      ['Without mandate', 9, 12],
    ]);
    expect(points.map((p) => `${p.row}@${p.step}`)).toEqual(['Rollover@0', 'Veto@3', 'Rollover@5', 'Lapse@12']);
  });
});
