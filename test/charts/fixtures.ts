// Small synthetic results folders, written in the formats of notes/CONTEXT.md (run) and of `pkosim sweep`,
// `compare` and `discover`, so the chart and report tests do not depend on running a real batch.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { ModelCache } from '../../src/charts/plan.js';
import type { Model, ModelEvent } from '../../src/engine/model.js';
import { describeParams } from '../../src/engine/params.js';
import { createStreams } from '../../src/engine/rng.js';
import { Moments, meanCi95, quantileSorted } from '../../src/engine/stats.js';

const made: string[] = [];

export function tempDir(prefix = 'pkosim-charts-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** Remove the temporary folders this test file made (call in afterAll). */
export function removeTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A toy mandate model: renewals, vetoes and gaps as events; deaths rise with pressure, fall with budget growth. */
export const toySchema = z.object({
  horizonMonths: z.number().int().min(6).max(120).default(24).meta({ description: 'months simulated', unit: 'month' }),
  pressure: z.number().min(0).max(1).default(0.5).meta({ description: 'pressure on civilians', unit: 'share' }),
  budget: z
    .object({
      annualGrowth: z
        .number()
        .min(-0.5)
        .max(0.5)
        .default(0)
        .meta({ description: 'budget growth per year', unit: 'per year' }),
    })
    .prefault({}),
  mandate: z
    .object({
      lengthMonths: z
        .union([z.literal(6), z.literal(12), z.literal(24)])
        .default(12)
        .meta({ description: 'mandate length', unit: 'month' }),
    })
    .prefault({}),
});

export const toyModel: Model<typeof toySchema> = {
  name: 'peacekeeping',
  title: 'Toy mandate model for chart tests',
  paramsSchema: toySchema,
  outcomes: [
    { name: 'civilianDeaths', unit: 'people', description: 'civilians killed over the horizon' },
    { name: 'vetoes', unit: 'count', description: 'vetoes cast at renewals' },
    { name: 'exitMonth', unit: 'month', description: 'month the mission left (none: no value)' },
  ],
  series: [
    { name: 'violence', unit: 'incidents per month', description: 'violent incidents each month' },
    { name: 'troops', unit: 'uniformed personnel', description: 'troops deployed' },
  ],
  stepUnit: 'month',
  seriesLength: (p) => p.horizonMonths,
  simulate(p, streams) {
    const s = streams.get('theatre');
    const c = streams.get('council');
    const n = p.horizonMonths;
    const violence = new Float64Array(n);
    const troops = new Float64Array(n);
    const events: ModelEvent[] = [];
    let deaths = 0;
    let vetoes = 0;
    let gapUntil = -1;
    let exitMonth = Number.NaN;
    for (let t = 0; t < n; t++) {
      if (t % p.mandate.lengthMonths === 0) {
        if (c.bernoulli(0.3)) {
          vetoes++;
          events.push({ step: t, kind: 'veto', detail: 'P2 member' });
          events.push({ step: t, kind: 'gapStart' });
          gapUntil = t + 2;
        } else events.push({ step: t, kind: 'renewal', detail: `${p.mandate.lengthMonths} months` });
      }
      if (t === gapUntil) events.push({ step: t, kind: 'gapEnd' });
      troops[t] = 10000 * (1 + p.budget.annualGrowth) ** (t / 12) * (t < gapUntil ? 0.5 : 1);
      violence[t] = s.poisson(5 + 10 * p.pressure - 20 * p.budget.annualGrowth);
      deaths += violence[t] * 2;
      if (Number.isNaN(exitMonth) && t > n / 2 && s.bernoulli(0.05)) {
        exitMonth = t;
        events.push({ step: t, kind: 'exit', detail: 'benchmarks met' });
      }
    }
    return { outcomes: { civilianDeaths: deaths, vetoes, exitMonth }, series: { violence, troops }, events };
  },
};

/** A model cache in which the name `peacekeeping` is the toy model (so plans and reports never load the real one). */
export function toyCache(): ModelCache {
  const cache: ModelCache = new Map();
  cache.set('peacekeeping', Promise.resolve({ model: toyModel, params: describeParams(toySchema) }));
  return cache;
}

function csvNumber(x: number): string {
  return Number.isNaN(x) ? '' : String(x);
}

export interface RunFolderSpec {
  readonly scenario: string;
  readonly params?: Record<string, unknown>;
  readonly runs?: number;
  readonly seed?: number | string;
  /** Drop p25/p75 from series.csv (the format CONTEXT.md first specified). */
  readonly withoutQuartiles?: boolean;
  readonly rationale?: string;
}

/** Simulate the toy model and write a run folder as `pkosim run` does. */
export function writeRunFolder(dir: string, spec: RunFolderSpec): string {
  mkdirSync(dir, { recursive: true });
  const runs = spec.runs ?? 40;
  const seed = spec.seed ?? 1;
  const params = toySchema.parse(spec.params ?? {});
  const results = Array.from({ length: runs }, (_, r) => toyModel.simulate(params, createStreams(seed, r)));
  const outcomes = toyModel.outcomes;
  const lines = [`run,seed,${outcomes.map((o) => o.name).join(',')}`];
  results.forEach((res, r) => lines.push([r, seed, ...outcomes.map((o) => csvNumber(res.outcomes[o.name]))].join(',')));
  writeFileSync(join(dir, 'runs.csv'), `${lines.join('\n')}\n`);

  const q = spec.withoutQuartiles ? [0.05, 0.5, 0.95] : [0.05, 0.25, 0.5, 0.75, 0.95];
  const ser = [`series,step,mean,${spec.withoutQuartiles ? 'p05,p50,p95' : 'p05,p25,p50,p75,p95'}`];
  for (const s of toyModel.series) {
    for (let t = 0; t < params.horizonMonths; t++) {
      const v = results.map((res) => res.series[s.name][t]).sort((a, b) => a - b);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      ser.push([s.name, t, mean, ...q.map((p) => quantileSorted(v, p))].join(','));
    }
  }
  writeFileSync(join(dir, 'series.csv'), `${ser.join('\n')}\n`);

  const summary = {
    scenario: spec.scenario,
    model: 'peacekeeping',
    runs,
    seed,
    outcomes: Object.fromEntries(
      outcomes.map((o) => {
        const m = new Moments();
        const v = results.map((res) => res.outcomes[o.name]);
        for (const x of v) m.push(x);
        const sorted = v.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
        const [lo, hi] = meanCi95(m.mean, m.sd, m.n);
        const num = (x: number) => (Number.isFinite(x) ? x : null);
        return [
          o.name,
          {
            n: m.n,
            mean: m.n ? m.mean : null,
            sd: num(m.sd),
            ci95: [num(lo), num(hi)],
            min: m.n ? m.min : null,
            p05: num(quantileSorted(sorted, 0.05)),
            p50: num(quantileSorted(sorted, 0.5)),
            p95: num(quantileSorted(sorted, 0.95)),
            max: m.n ? m.max : null,
          },
        ];
      }),
    ),
    units: Object.fromEntries(outcomes.map((o) => [o.name, o.unit])),
  };
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const manifest = {
    kind: 'run',
    status: 'complete',
    pkosim: '0.1.0',
    git: 'abc1234',
    node: 'v20.20.2',
    scenario: spec.scenario,
    scenarioFile: `/repo/src/scenarios/${spec.scenario}.yaml`,
    model: 'peacekeeping',
    title: `The ${spec.scenario} scenario`,
    rationale: spec.rationale ?? `Rationale of ${spec.scenario} (report §V.4).`,
    params,
    paramsHash: 'feedc0de',
    seed,
    runs,
    workers: 2,
    startedAt: '2026-01-02T03:04:05.000Z',
    endedAt: '2026-01-02T03:04:09.000Z',
    wallSeconds: 4,
    outcomes,
    series: toyModel.series,
    stepUnit: 'month',
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

/** A grid sweep over pressure x budget.annualGrowth with Sobol and Morris tables and a PRIM result. */
export function writeSweepFolder(dir: string, opts: { withPrim?: boolean } = {}): string {
  mkdirSync(dir, { recursive: true });
  const pressures = [0, 0.25, 0.5, 0.75, 1];
  const growths = [-0.15, -0.1, -0.05, 0, 0.05];
  const points: [number, number][] = [];
  for (const p of pressures) for (const g of growths) points.push([p, g]);
  writeFileSync(
    join(dir, 'points.csv'),
    `point,pressure,budget.annualGrowth\n${points.map(([p, g], i) => `${i},${p},${g}`).join('\n')}\n`,
  );
  const runs = 6;
  const runLines = ['point,run,seed,civilianDeaths,vetoes,exitMonth'];
  const sumLines = [
    'point,pressure,budget.annualGrowth,civilianDeaths_mean,civilianDeaths_lo,civilianDeaths_hi,vetoes_mean,vetoes_lo,vetoes_hi,exitMonth_mean,exitMonth_lo,exitMonth_hi',
  ];
  points.forEach(([p, g], i) => {
    const params = toySchema.parse({ pressure: p, budget: { annualGrowth: g } });
    const cols = toyModel.outcomes.map(() => new Moments());
    for (let r = 0; r < runs; r++) {
      const res = toyModel.simulate(params, createStreams(1, r));
      runLines.push([i, r, 1, ...toyModel.outcomes.map((o) => csvNumber(res.outcomes[o.name]))].join(','));
      toyModel.outcomes.forEach((o, j) => cols[j].push(res.outcomes[o.name]));
    }
    const cells: (string | number)[] = [i, p, g];
    for (const m of cols) {
      const [lo, hi] = meanCi95(m.mean, m.sd, m.n);
      cells.push(csvNumber(m.n ? m.mean : Number.NaN), csvNumber(lo), csvNumber(hi));
    }
    sumLines.push(cells.join(','));
  });
  writeFileSync(join(dir, 'runs.csv'), `${runLines.join('\n')}\n`);
  writeFileSync(join(dir, 'summary.csv'), `${sumLines.join('\n')}\n`);
  writeFileSync(
    join(dir, 'sobol.csv'),
    'outcome,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi\n' +
      'civilianDeaths,pressure,0.31,0.25,0.37,0.42,0.36,0.48\n' +
      'civilianDeaths,budget.annualGrowth,0.52,0.45,0.6,0.61,0.55,0.67\n' +
      'vetoes,pressure,0.01,-0.02,0.04,0.03,0,0.06\n' +
      'vetoes,budget.annualGrowth,0.02,-0.01,0.05,0.02,0,0.05\n',
  );
  writeFileSync(
    join(dir, 'morris.csv'),
    'outcome,parameter,mu_star,mu,sigma\ncivilianDeaths,pressure,240,240,30\ncivilianDeaths,budget.annualGrowth,480,-480,60\nvetoes,pressure,0.1,0.05,0.2\nvetoes,budget.annualGrowth,0.05,0,0.1\n',
  );
  const manifest = {
    kind: 'sweep',
    status: 'complete',
    pkosim: '0.1.0',
    git: 'abc1234',
    scenario: 'baseline',
    model: 'peacekeeping',
    title: 'Baseline swept',
    rationale: 'Which driver matters most?',
    params: toySchema.parse({}),
    design: 'grid',
    vary: [
      { path: 'pressure', kind: 'number', lo: 0, hi: 1, levels: 5 },
      { path: 'budget.annualGrowth', kind: 'number', lo: -0.15, hi: 0.05, levels: 5 },
    ],
    designInfo: { levels: [5, 5] },
    runs,
    seed: 1,
    outcomes: toyModel.outcomes,
    series: [],
    stepUnit: 'month',
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (opts.withPrim) writePrim(dir, 'engine');
  return dir;
}

/** prim.json in either layout: 'brief' (top-level trajectory, limits by name) or 'engine' (src/engine/prim.ts boxes). */
export function writePrim(dir: string, layout: 'brief' | 'engine'): void {
  const steps = [
    { coverage: 1, density: 0.2, mass: 1, n: 0 },
    { coverage: 0.95, density: 0.3, mass: 0.63, n: 1 },
    { coverage: 0.9, density: 0.45, mass: 0.4, n: 2 },
    { coverage: 0.8, density: 0.62, mass: 0.26, n: 2 },
    { coverage: 0.62, density: 0.81, mass: 0.15, n: 2 },
  ];
  if (layout === 'brief') {
    const prim = {
      condition: 'civilianDeaths > 700',
      trajectory: steps.map((s) => ({ coverage: s.coverage, density: s.density, mass: s.mass, nRestricted: s.n })),
      chosen: 3,
      boxes: [
        {
          limits: { pressure: [0.6, 1], 'mandate.lengthMonths': [6, 12, 24] },
          coverage: 0.8,
          density: 0.62,
          mass: 0.26,
        },
      ],
    };
    writeFileSync(join(dir, 'prim.json'), JSON.stringify(prim, null, 2));
  } else {
    const prim = {
      condition: 'civilianDeaths > 700 and vetoes >= 1',
      inputs: ['pressure', 'budget.annualGrowth'],
      boxes: [
        {
          trajectory: steps.map((s) => ({
            phase: 'peel',
            coverage: s.coverage,
            density: s.density,
            mass: s.mass,
            restrictedDims: s.n,
          })),
          chosen: 4,
          coverage: 0.62,
          density: 0.81,
          mass: 0.15,
          restricted: ['pressure', 'budget.annualGrowth'],
          limits: [
            { kind: 'numeric', lo: 0.75, hi: 1 },
            { kind: 'numeric', lo: -0.15, hi: -0.1 },
          ],
          meetsThreshold: true,
          reading:
            'civilianDeaths > 700 holds in 81% of the runs with pressure >= 0.75 and budget.annualGrowth <= -0.1',
        },
      ],
    };
    writeFileSync(join(dir, 'prim.json'), JSON.stringify(prim, null, 2));
  }
}

/** compare.csv and compare.json as `pkosim compare` writes them (columns of src/commands/compare.ts). */
export function writeCompareFolder(dir: string, runDirs?: { a: string; b: string }): string {
  mkdirSync(dir, { recursive: true });
  const header =
    'a,b,outcome,unit,n,meanA,meanB,diff,diffLo,diffHi,relChange,relLo,relHi,excludesZero,unpairedLo,unpairedHi,widthRatio';
  const rows = [
    'baseline,budget-squeeze,civilianDeaths,people,200,1000,1230,230,150,310,0.23,0.15,0.31,true,60,400,0.47',
    'baseline,budget-squeeze,vetoes,count,200,2,1.9,-0.1,-0.3,0.1,-0.05,-0.15,0.05,false,-0.6,0.4,0.4',
    'baseline,budget-squeeze,exitMonth,month,200,0,3,3,1,5,,,,true,0,6,0.66',
  ];
  writeFileSync(join(dir, 'compare.csv'), `${header}\n${rows.join('\n')}\n`);
  const folders = runDirs
    ? [
        { name: 'baseline', dir: runDirs.a },
        { name: 'budget-squeeze', dir: runDirs.b },
      ]
    : [
        { name: 'baseline', dir: '/nowhere/baseline' },
        { name: 'budget-squeeze', dir: '/nowhere/budget-squeeze' },
      ];
  writeFileSync(
    join(dir, 'compare.json'),
    JSON.stringify({ kind: 'compare', reference: 'baseline', seed: 1, runs: 200, folders, rows: [] }, null, 2),
  );
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify(
      { kind: 'compare', status: 'complete', reference: 'baseline', seed: 1, runs: 200, folders },
      null,
      2,
    ),
  );
  return dir;
}

/** All text drawn in an SVG (contents of <text> and <tspan>), entities decoded. */
export function svgTexts(svg: string): string[] {
  const out: string[] = [];
  const re = /<(text|tspan)\b[^>]*>([^<]*)/g;
  for (let m = re.exec(svg); m; m = re.exec(svg)) {
    const t = decodeEntities(m[2]).trim();
    if (t) out.push(t);
  }
  return out;
}

export function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}
