// The report's plain-language summary: short sentences generated from the numbers of the results, never typed in.
import { type HeatmapPoint, heatmapCells } from '../charts/heatmap.js';
import { morrisRanking } from '../charts/morris.js';
import type { BoxLimit, CompareRow, PrimResult, ResultsFolder } from '../charts/results.js';
import { sobolRanking } from '../charts/sobol.js';
import { findSpec, formatNumber, formatPercent, humanise } from '../charts/theme.js';
import type { MetricSpec } from '../engine/model.js';

function withUnit(x: number, unit: string): string {
  return unit ? `${formatNumber(x)} ${unit}` : formatNumber(x);
}

/**
 * One sentence per comparison row: "Under B, civilian deaths are 23% higher than under A (95% CI 15% to 31%)."
 * The relative CI is the difference's CI over |mean of A| (A's mean taken as known, as `pkosim compare` does).
 */
export function comparisonSentence(r: CompareRow, outcomes: readonly MetricSpec[] = []): string {
  const unit = r.unit || findSpec(outcomes, r.outcome).unit;
  const what = humanise(r.outcome);
  const base = Math.abs(r.meanA);
  if (!(base > 0)) {
    return `${cap(what)}: ${withUnit(r.meanA, unit)} under ${r.a} and ${withUnit(r.meanB, unit)} under ${r.b} (difference ${formatNumber(r.diff)}, 95% CI ${formatNumber(r.diffLo)} to ${formatNumber(r.diffHi)}).`;
  }
  const rel = r.diff / base;
  const lo = r.diffLo / base;
  const hi = r.diffHi / base;
  const ci = `95% CI ${formatPercent(lo)} to ${formatPercent(hi)}`;
  const are = isPlural(what) ? 'are' : 'is';
  if (!r.excludesZero) {
    return `Under ${r.b}, ${what} ${are} not clearly different from ${r.a} (change ${formatPercent(rel)}, ${ci}).`;
  }
  const word = rel > 0 ? 'higher' : 'lower';
  return `Under ${r.b}, ${what} ${are} ${formatPercent(Math.abs(rel), false)} ${word} than under ${r.a} (${ci}; ${withUnit(r.meanB, unit)} against ${withUnit(r.meanA, unit)}).`;
}

/**
 * The outcomes whose CI excludes zero, in the model's order (models declare their key outcomes first), then one
 * line for the other clear differences and one for the outcomes without a clear difference.
 */
export function comparisonSummary(
  rows: readonly CompareRow[],
  outcomes: readonly MetricSpec[] = [],
  max = 6,
): string[] {
  const clear = rows.filter((r) => r.excludesZero);
  const out = clear.slice(0, max).map((r) => comparisonSentence(r, outcomes));
  const more = clear.slice(max);
  if (more.length) {
    out.push(`Also clearly different (see the comparison table): ${more.map((r) => humanise(r.outcome)).join(', ')}.`);
  }
  const unclear = rows.filter((r) => !r.excludesZero);
  if (unclear.length && rows.length) {
    const a = rows[0].a;
    const b = rows[0].b;
    out.push(
      `No clear difference between ${b} and ${a} (95% CI includes zero) for ${unclear.length} of ${rows.length} outcomes: ${unclear.map((r) => humanise(r.outcome)).join(', ')}.`,
    );
  }
  return out;
}

/** "Over 200 runs of baseline, civilian deaths averaged 1,234 people (95% CI 1,200 to 1,270; 90% of runs between ...)." */
export function outcomeSentences(f: ResultsFolder, max = 5): string[] {
  if (!f.summary) return [];
  const out: string[] = [];
  for (const o of f.outcomes.slice(0, max)) {
    const s = f.summary.outcomes[o.name];
    if (!s || s.mean === null) continue;
    const [lo, hi] = s.ci95;
    const spread =
      s.p05 !== null && s.p95 !== null ? `; 90% of runs between ${formatNumber(s.p05)} and ${formatNumber(s.p95)}` : '';
    out.push(
      `${cap(humanise(o.name))} averaged ${withUnit(s.mean, o.unit)} (95% CI ${formatNumber(lo)} to ${formatNumber(hi)}${spread}).`,
    );
  }
  if (out.length) out.unshift(`Over ${f.summary.runs} runs of ${f.name} (master seed ${f.summary.seed}):`);
  return out;
}

export function sensitivitySentences(f: ResultsFolder, maxOutcomes = 3): string[] {
  const out: string[] = [];
  const outcomes = f.outcomes.slice(0, maxOutcomes);
  if (f.sobol) {
    for (const o of outcomes) {
      const ranked = sobolRanking(f.sobol.filter((r) => r.outcome === o.name)).filter((r) => Number.isFinite(r.ST));
      if (ranked.length === 0) continue;
      const [top, next] = ranked;
      out.push(
        `For ${humanise(o.name)}, ${top.parameter} matters most (total Sobol index ${formatNumber(top.ST, 2)}, 95% CI ${formatNumber(top.ST_lo, 2)} to ${formatNumber(top.ST_hi, 2)}; alone ${formatNumber(top.S1, 2)})${next ? `, then ${next.parameter} (${formatNumber(next.ST, 2)})` : ''}.`,
      );
    }
  }
  if (f.morris) {
    for (const o of outcomes) {
      const ranked = morrisRanking(f.morris.filter((r) => r.outcome === o.name)).filter((r) =>
        Number.isFinite(r.mu_star),
      );
      if (ranked.length === 0) continue;
      const [top, next] = ranked;
      out.push(
        `For ${humanise(o.name)}, ${top.parameter} has the largest Morris effect (μ* ${withUnit(top.mu_star, o.unit)}, σ ${formatNumber(top.sigma)})${next ? `, then ${next.parameter} (μ* ${formatNumber(next.mu_star)})` : ''}.`,
      );
    }
  }
  return out;
}

/** For a sweep: where an outcome's mean is lowest and highest over the design, from summary.csv. */
export function sweepRangeSentences(
  f: ResultsFolder,
  points: (outcome: string) => HeatmapPoint[] | undefined,
  maxOutcomes = 3,
): string[] {
  if (f.varied.length < 2) return [];
  const out: string[] = [];
  for (const o of f.outcomes.slice(0, maxOutcomes)) {
    const p = points(o.name);
    if (!p?.length) continue;
    const { cells } = heatmapCells(p);
    if (cells.length < 2) continue;
    const lo = cells.reduce((m, c) => (c.mean < m.mean ? c : m));
    const hi = cells.reduce((m, c) => (c.mean > m.mean ? c : m));
    const [x, y] = f.varied;
    out.push(
      `Mean ${humanise(o.name)} ranges from ${withUnit(lo.mean, o.unit)} (${x} ${lo.xLabel}, ${y} ${lo.yLabel}) to ${withUnit(hi.mean, o.unit)} (${x} ${hi.xLabel}, ${y} ${hi.yLabel}).`,
    );
  }
  return out;
}

export function describeLimit(limit: BoxLimit): string {
  if ('values' in limit) return limit.values.map(String).join(' or ');
  const lo = Number.isFinite(limit.lo) ? formatNumber(limit.lo, 4) : undefined;
  const hi = Number.isFinite(limit.hi) ? formatNumber(limit.hi, 4) : undefined;
  if (lo !== undefined && hi !== undefined) return `from ${lo} to ${hi}`;
  if (lo !== undefined) return `at least ${lo}`;
  if (hi !== undefined) return `at most ${hi}`;
  return 'any value';
}

export function primSentences(prim: PrimResult): string[] {
  const n = prim.boxes.length;
  const out = [`Scenario discovery (PRIM) for "${prim.condition}" found ${n} box${n === 1 ? '' : 'es'}.`];
  prim.boxes.slice(0, 3).forEach((b, i) => {
    const limits = Object.entries(b.limits).map(([p, l]) => `${p} ${describeLimit(l)}`);
    out.push(
      `Box ${i + 1} holds ${formatPercent(b.coverage, false)} of the cases where "${prim.condition}" (coverage), ${formatPercent(b.density, false)} of the runs inside it meet the condition (density), and it spans ${formatPercent(b.mass, false)} of the design (mass)${limits.length ? `: ${limits.join('; ')}` : ''}.`,
    );
  });
  return out;
}

/** `civilian deaths` are, `structural progress` is: a last word in -s but not -ss reads as a plural. */
function isPlural(phrase: string): boolean {
  const last = phrase.split(' ').pop() ?? '';
  return last.endsWith('s') && !last.endsWith('ss') && !last.endsWith('us') && !last.endsWith('is');
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
