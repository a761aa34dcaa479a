// The patterns the model claims (docs/VALIDATION.md, TRACE): each is a paired comparison of two settings on
// common random numbers (run r of both settings uses the same seed), with the direction the mechanism implies.
// test/models/peacekeeping/directions-1.test.ts and directions-2.test.ts assert them; scripts/gen-validation.ts
// writes their figures.
import { createStreams } from '../../engine/rng.js';
import { type PeacekeepingParams, paramsSchema } from './params.js';
import { simulate } from './simulate.js';

/** The master seed of the pattern comparisons (the test and docs/VALIDATION.md use the same runs). */
export const PATTERN_SEED = 2026;

export interface Pattern {
  readonly id: string;
  /** The claim in words. */
  readonly claim: string;
  /** Where the mechanism comes from. */
  readonly basis: string;
  /** Overrides of the defaults for setting A and setting B (nested, like a scenario's params). */
  readonly a: Record<string, unknown>;
  readonly b: Record<string, unknown>;
  readonly outcome: string;
  /** +1: the outcome is larger under B; -1: smaller. */
  readonly direction: 1 | -1;
  readonly runs: number;
}

export const PATTERNS: readonly Pattern[] = [
  {
    id: 'fragmentation-vetoes',
    claim: 'A more fragmented council casts more vetoes',
    basis: 'report §II; council.ts',
    a: { council: { fragmentation: 0.2 } },
    b: { council: { fragmentation: 0.9 } },
    outcome: 'vetoes',
    direction: 1,
    runs: 60,
  },
  {
    id: 'fragmentation-gaps',
    claim: 'A more fragmented council leaves missions longer without a mandate',
    basis: 'report §II; council.ts, mandate.ts',
    a: { council: { fragmentation: 0.2 } },
    b: { council: { fragmentation: 0.9 } },
    outcome: 'mandateGapMonths',
    direction: 1,
    runs: 60,
  },
  {
    id: 'fragmentation-clarity',
    claim: 'A more fragmented council writes vaguer mandates',
    basis: 'report §II, §III; council.ts',
    a: { council: { fragmentation: 0.2 } },
    b: { council: { fragmentation: 0.9 } },
    outcome: 'meanMandateClarity',
    direction: -1,
    runs: 60,
  },
  {
    id: 'budget-troops',
    claim: 'Faster budget growth puts more troops in the field',
    basis: 'report §III; budget.ts, deployment.ts',
    a: { budget: { annualGrowth: -0.15 } },
    b: { budget: { annualGrowth: 0.1 } },
    outcome: 'meanTroops',
    direction: 1,
    runs: 60,
  },
  {
    id: 'budget-deaths',
    claim: 'Faster budget growth means fewer civilians killed',
    basis: 'report §III; Hultman, Kathman & Shannon 2013; protection.ts',
    a: { budget: { annualGrowth: -0.15 } },
    b: { budget: { annualGrowth: 0.1 } },
    outcome: 'civilianDeaths',
    direction: -1,
    runs: 100,
  },
  {
    id: 'mandate-length-progress',
    claim: '36-month mandates bring more structural progress than 12-month ones',
    basis: 'report §V.4; programmes.ts',
    a: { mandate: { lengthMonths: 12 } },
    b: { mandate: { lengthMonths: 36 } },
    outcome: 'structuralProgress',
    direction: 1,
    runs: 60,
  },
  {
    id: 'partnership-legitimacy',
    claim: 'Stronger partnership with civil society gives the mission more legitimacy',
    basis: 'report §IV; legitimacy.ts',
    a: { partnership: { civilSociety: 0.1 } },
    b: { partnership: { civilSociety: 0.9 } },
    outcome: 'missionLegitimacyFinal',
    direction: 1,
    runs: 60,
  },
  {
    id: 'coordination-duplication',
    claim: 'Better coordination of parallel deployments wastes less effort',
    basis: 'report §IV (the Sahel); coordination.ts',
    a: { coordination: 0.1 },
    b: { coordination: 0.9 },
    outcome: 'duplicatedEffort',
    direction: -1,
    runs: 60,
  },
  {
    id: 'accountability-misconduct',
    claim: 'Stronger accountability means fewer misconduct incidents',
    basis: 'report §IV; misconduct.ts',
    a: { accountability: 0.1 },
    b: { accountability: 0.9 },
    outcome: 'misconductIncidents',
    direction: -1,
    runs: 60,
  },
  {
    id: 'hybrid-fatalities',
    claim: 'Stronger hybrid threats kill more peacekeepers',
    basis: 'report §II, §V.1; violence.ts',
    a: { threats: { hybrid: 0.1 } },
    b: { threats: { hybrid: 0.9 } },
    outcome: 'peacekeeperFatalities',
    direction: 1,
    runs: 60,
  },
  {
    id: 'mission-protects',
    claim: 'A UN mission reduces the civilians armed groups kill',
    basis: 'Hultman, Kathman & Shannon 2013; Fjelde, Hultman & Nilsson 2019; protection.ts',
    a: { mission: { deploy: false } },
    b: {},
    outcome: 'civilianDeathsByArmedGroups',
    direction: -1,
    runs: 60,
  },
  {
    id: 'abuse-state-legitimacy',
    claim: 'An abusive host loses legitimacy in the eyes of civilians',
    basis: 'report §III; legitimacy.ts',
    a: { host: { abuse: 0.1 } },
    b: { host: { abuse: 0.8 } },
    outcome: 'stateLegitimacyFinal',
    direction: -1,
    runs: 60,
  },
  {
    id: 'proxy-splits',
    claim: 'More proxy support splits armed groups more often',
    basis: 'report §II (the Sahel); armedGroups.ts',
    a: { threats: { proxySupport: 0.1 } },
    b: { threats: { proxySupport: 0.9 } },
    outcome: 'groupSplits',
    direction: 1,
    runs: 60,
  },
  {
    // Relapse is defined only where a mission leaves: the setting makes the host withdraw consent early in
    // (nearly) every run, so that exits of both settings can be compared.
    id: 'partnership-relapse',
    claim: 'Partner-based exits relapse less',
    basis: 'report §IV, §V.4; exit.ts, programmes.ts, protection.ts',
    a: { host: { abuse: 0.8, consentHazard: 0.1 }, partnership: { civilSociety: 0.1 } },
    b: { host: { abuse: 0.8, consentHazard: 0.1 }, partnership: { civilSociety: 0.9 } },
    outcome: 'relapse',
    direction: -1,
    runs: 120,
  },
  {
    id: 'learning-deaths',
    claim: 'Monitoring, evaluation and learning reduce civilian deaths',
    basis: 'report §V.2; learning.ts',
    a: { learning: 0 },
    b: { learning: 0.6 },
    outcome: 'civilianDeaths',
    direction: -1,
    runs: 100,
  },
];

/** The model defaults with nested overrides applied and validated. */
export function paramsWith(over: Record<string, unknown>): PeacekeepingParams {
  const base = paramsSchema.parse({}) as unknown as Record<string, unknown>;
  const merge = (into: Record<string, unknown>, from: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(from)) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        merge(into[k] as Record<string, unknown>, v as Record<string, unknown>);
      } else into[k] = v;
    }
  };
  merge(base, over);
  return paramsSchema.parse(base);
}

export interface PairedResult {
  readonly pattern: Pattern;
  /** Pairs in which both outcomes are defined. */
  readonly n: number;
  readonly meanA: number;
  readonly meanB: number;
  /** Mean of (B - A) over pairs, its standard error, and mean / se. */
  readonly meanDiff: number;
  readonly se: number;
  readonly t: number;
  /** Share of pairs where B - A has the claimed sign (ties count half). */
  readonly agreeing: number;
}

/** Run both settings on common random numbers (seed, run 0..runs-1) and summarise the paired differences. */
export function comparePaired(pattern: Pattern, seed: number, runs = pattern.runs): PairedResult {
  const pa = paramsWith(pattern.a);
  const pb = paramsWith(pattern.b);
  const diffs: number[] = [];
  let sumA = 0;
  let sumB = 0;
  let agree = 0;
  for (let r = 0; r < runs; r++) {
    const a = simulate(pa, createStreams(seed, r)).outcomes[pattern.outcome];
    const b = simulate(pb, createStreams(seed, r)).outcomes[pattern.outcome];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    sumA += a;
    sumB += b;
    const d = b - a;
    diffs.push(d);
    const signed = d * pattern.direction;
    agree += signed > 0 ? 1 : signed === 0 ? 0.5 : 0;
  }
  const n = diffs.length;
  const mean = n > 0 ? diffs.reduce((x, y) => x + y, 0) / n : Number.NaN;
  const variance = n > 1 ? diffs.reduce((x, y) => x + (y - mean) ** 2, 0) / (n - 1) : Number.NaN;
  const se = Math.sqrt(variance / n);
  return {
    pattern,
    n,
    meanA: sumA / n,
    meanB: sumB / n,
    meanDiff: mean,
    se,
    t: se > 0 ? mean / se : mean === 0 ? 0 : Math.sign(mean) * Number.POSITIVE_INFINITY,
    agreeing: n > 0 ? agree / n : Number.NaN,
  };
}
