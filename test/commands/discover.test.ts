// `pkosim discover`: PRIM on a finished sweep. One Latin hypercube sweep of Epstein Model I (NetLogo preset, 100
// steps) over a number, an integer and a boolean parameter; conditions planted in the parameters must give boxes
// on exactly the planted parameters, and bad input must be refused before anything is read in bulk or written.
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadResults } from '../../src/charts/results.js';
import type { Discovery } from '../../src/commands/discover.js';
import { cli, cliProcess, csv, quickScenario, read, removeTempDirs, snapshot, tempDir } from './cli.js';

afterAll(removeTempDirs);

const POINTS = 40;
const RUNS = 2;
let root: string;
let sweep: string;
/** points.csv as numbers / booleans, by point. */
let legitimacy: number[];
let movement: boolean[];
let points: Record<string, number | boolean>[];

beforeAll(async () => {
  root = tempDir();
  const scenario = quickScenario(root, 'quick');
  sweep = join(root, 'sweep');
  const r = await cli([
    'sweep',
    scenario,
    '--design',
    'lhs',
    '--points',
    String(POINTS),
    '--runs',
    String(RUNS),
    '--vary',
    'legitimacy=0.55:0.95',
    '--vary',
    'outburstThreshold=0.05:0.3',
    '--vary',
    'jailMax=10:40',
    '--vary',
    'movement',
    '--workers',
    '1',
    '-q',
    '--out',
    sweep,
  ]);
  expect(r.code, r.stderr).toBe(0);
  const pts = csv(sweep, 'points.csv');
  const col = (name: string) => pts.header.indexOf(name);
  legitimacy = pts.rows.map((x) => Number(x[col('legitimacy')]));
  movement = pts.rows.map((x) => x[col('movement')] === 'true');
  points = pts.rows.map((x) =>
    Object.fromEntries(
      pts.header.slice(1).map((h, k) => [h, h === 'movement' ? x[k + 1] === 'true' : Number(x[k + 1])]),
    ),
  );
});

/** Whether design point i lies in a box, from prim.json's limits. */
function inBox(i: number, limits: Discovery['boxes'][number]['limits']): boolean {
  return Object.entries(limits).every(([p, l]) =>
    Array.isArray(l)
      ? (points[i][p] as number) >= l[0] && (points[i][p] as number) <= l[1]
      : l.values.includes(points[i][p]),
  );
}

/** Run discover into a fresh folder; returns the CLI result and the prim.json written. */
async function discover(where: string, extra: string[] = []) {
  const out = join(tempDir(), 'discovery');
  const r = await cli(['discover', sweep, '--where', where, '-q', '--out', out, ...extra]);
  const prim = r.code === 0 ? (JSON.parse(read(out, 'prim.json')) as Discovery) : undefined;
  return { ...r, out, prim };
}

function count<T>(xs: readonly T[], f: (x: T) => boolean): number {
  return xs.reduce((s, x) => s + (f(x) ? 1 : 0), 0);
}

describe('discover: conditions planted in the parameters', () => {
  it('finds legitimacy > 0.8 as a lower limit on legitimacy, with full coverage and density', async () => {
    const { code, stderr, stdout, prim } = await discover('legitimacy > 0.8');
    expect(code, stderr).toBe(0);
    const p = prim!;
    expect(p.cases).toBe(POINTS * RUNS);
    expect(p.casesOfInterest).toBe(RUNS * count(legitimacy, (l) => l > 0.8));
    expect(p.baseRate).toBeCloseTo(p.casesOfInterest / p.cases, 15);
    const box = p.boxes[0];
    expect(box.coverage).toBe(1);
    expect(box.density).toBe(1);
    expect(box.meetsThreshold).toBe(true);
    expect(box.restricted).toContain('legitimacy');
    // Recomputed from the design points: the box holds every point with legitimacy > 0.8 and no other.
    legitimacy.forEach((l, i) => expect(inBox(i, box.limits), `point ${i}`).toBe(l > 0.8));
    const [lo, hi] = box.limits.legitimacy as [number, number];
    expect(lo).toBeLessThanOrEqual(Math.min(...legitimacy.filter((l) => l > 0.8)));
    expect(hi).toBe(Math.max(...legitimacy));
    // The planted restriction is significant; any other one PRIM kept on the way is not.
    expect(box.quasiP.legitimacy.lower!).toBeLessThan(1e-6);
    for (const other of box.restricted.filter((r) => r !== 'legitimacy')) {
      const q = box.quasiP[other];
      for (const v of [q.lower, q.upper, q.values]) if (v !== undefined && v !== null) expect(v).toBeGreaterThan(0.05);
    }
    expect(stdout).toMatch(/^Condition: legitimacy > 0.8/);
    expect(stdout).toMatch(new RegExp(`Base rate: ${p.casesOfInterest} of ${p.cases} runs`));
    expect(stdout).toMatch(/legitimacy > 0.8 holds in 100% of the runs with legitimacy >= /);
    expect(stdout).toMatch(/which hold 100% of all the runs where it holds/);
  });

  it('finds a condition on a boolean and a number as a box on both', async () => {
    const { code, stderr, prim } = await discover('movement == false and legitimacy < 0.8');
    expect(code, stderr).toBe(0);
    const box = prim!.boxes[0];
    expect(prim!.casesOfInterest).toBe(RUNS * legitimacy.filter((l, i) => l < 0.8 && !movement[i]).length);
    expect(box.density).toBe(1);
    expect(box.coverage).toBe(1);
    expect(box.limits.movement).toEqual({ values: [false] });
    legitimacy.forEach((l, i) => expect(inBox(i, box.limits), `point ${i}`).toBe(l < 0.8 && !movement[i]));
  });

  it('finds that many active citizens go with low legitimacy, and not with outburstThreshold', async () => {
    // The median of meanActiveShare over the runs, so that half the runs meet the condition.
    const runs = csv(sweep, 'runs.csv');
    const j = runs.header.indexOf('meanActiveShare');
    const values = runs.rows.map((x) => Number(x[j])).sort((a, b) => a - b);
    const median = values[values.length / 2 - 1];
    const { code, stderr, prim } = await discover(`meanActiveShare > ${median}`);
    expect(code, stderr).toBe(0);
    expect(prim!.casesOfInterest).toBe(count(values, (v) => v > median));
    const box = prim!.boxes[0];
    expect(box.restricted).toContain('legitimacy');
    expect((box.limits.legitimacy as [number, number])[1]).toBeLessThan(Math.max(...legitimacy));
    // outburstThreshold only changes how outbursts are counted; meanActiveShare does not depend on it.
    expect(box.restricted).not.toContain('outburstThreshold');
  });

  it('with --per point takes each point once, with its means', async () => {
    const { code, stderr, prim } = await discover('legitimacy > 0.8 and meanActiveShare >= 0', ['--per', 'point']);
    expect(code, stderr).toBe(0);
    expect(prim!.per).toBe('point');
    expect(prim!.cases).toBe(POINTS);
    expect(prim!.casesOfInterest).toBe(count(legitimacy, (l) => l > 0.8));
    expect(prim!.boxes[0].restricted).toContain('legitimacy');
  });

  it('counts the cases of interest as the condition says, for any threshold', async () => {
    const runs = csv(sweep, 'runs.csv');
    const j = runs.header.indexOf('meanJailedShare');
    const values = runs.rows.map((x) => Number(x[j]));
    const sorted = [...values].sort((a, b) => a - b);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: sorted.length - 2 }), async (k) => {
        const t = sorted[k];
        if (t === sorted[sorted.length - 1]) return;
        const { code, prim } = await discover(`meanJailedShare > ${t}`);
        expect(code).toBe(0);
        expect(prim!.casesOfInterest).toBe(count(values, (v) => v > t));
        expect(prim!.cases).toBe(values.length);
      }),
      { seed: 42, numRuns: 6 },
    );
  });
});

describe('discover: undefined outcomes', () => {
  it('says how many runs have an undefined (NaN) outcome the condition reads, and counts them as false', async () => {
    const runs = csv(sweep, 'runs.csv');
    const j = runs.header.indexOf('meanOutburstInterval');
    const cells = runs.rows.map((x) => x[j]);
    const nan = count(cells, (c) => c === '');
    const above = count(cells, (c) => c !== '' && Number(c) > 20);
    if (nan === 0 || above === 0 || above + nan === cells.length)
      throw new Error('the sweep no longer has the mix this test needs');
    const { code, stderr, stdout, prim } = await discover('meanOutburstInterval > 20');
    expect(code, stderr).toBe(0);
    expect(prim!.undefinedInputs).toEqual({ meanOutburstInterval: nan });
    expect(prim!.casesOfInterest).toBe(above);
    expect(prim!.cases).toBe(cells.length);
    expect(stdout).toMatch(new RegExp(`Note: meanOutburstInterval is undefined \\(NaN\\) in ${nan} runs`));
    const withNaN = await discover('isNaN(meanOutburstInterval) or meanOutburstInterval > 20');
    expect(withNaN.prim!.casesOfInterest).toBe(above + nan);
  });
});

describe('discover: files', () => {
  it('writes prim.json in the shape the charts read, prim-trajectory.csv and boxes.csv, into --out', async () => {
    const before = snapshot(sweep);
    const { code, stderr, out, prim } = await discover('legitimacy < 0.7');
    expect(code, stderr).toBe(0);
    expect(snapshot(sweep)).toEqual(before);
    const p = prim!;
    expect(p.condition).toBe('legitimacy < 0.7');
    expect(p.trajectory.length).toBeGreaterThan(1);
    expect(p.chosen).toBe(p.trajectory.length - 1);
    for (const s of p.trajectory) {
      for (const k of ['coverage', 'density', 'mass', 'nRestricted'] as const) expect(typeof s[k]).toBe('number');
    }
    expect(p.trajectory[0]).toMatchObject({ coverage: 1, mass: 1, nRestricted: 0 });
    const last = p.trajectory[p.chosen];
    expect([last.coverage, last.density, last.mass]).toEqual([
      p.boxes[0].coverage,
      p.boxes[0].density,
      p.boxes[0].mass,
    ]);
    expect(p.boxes[0].trajectory).toEqual(p.trajectory);

    // What src/charts/results.ts makes of it.
    const folder = loadResults(out);
    expect(folder.kind).toBe('discover');
    expect(folder.prim!.condition).toBe('legitimacy < 0.7');
    expect(folder.prim!.boxes).toHaveLength(p.boxes.length);
    const limit = folder.prim!.boxes[0].limits.legitimacy as { lo: number; hi: number };
    expect(limit.hi).toBe((p.boxes[0].limits.legitimacy as [number, number])[1]);
    expect(folder.prim!.boxes[0].trajectory!.map((s) => s.nRestricted)).toEqual(p.trajectory.map((s) => s.nRestricted));

    const traj = csv(out, 'prim-trajectory.csv');
    expect(traj.header.slice(0, 8)).toEqual([
      'box',
      'step',
      'phase',
      'coverage',
      'density',
      'mass',
      'nRestricted',
      'chosen',
    ]);
    expect(traj.rows).toHaveLength(p.boxes.reduce((s, b) => s + b.trajectory.length, 0));
    const boxes = csv(out, 'boxes.csv');
    expect(boxes.rows).toHaveLength(p.boxes.length);
    expect(boxes.header).toContain('legitimacy_hi');
    expect(Number(boxes.rows[0][boxes.header.indexOf('legitimacy_hi')])).toBe(limit.hi);
    expect(JSON.parse(read(out, 'manifest.json'))).toMatchObject({ kind: 'discover', status: 'complete' });
  });

  it('writes beside the sweep by default, and the same bytes each time', async () => {
    const copy = join(tempDir(), 'sweep-copy');
    cpSync(sweep, copy, { recursive: true });
    const args = ['discover', copy, '--where', 'legitimacy > 0.75 and outbursts >= 1', '-q'];
    expect((await cli(args)).code).toBe(0);
    const first = read(copy, 'prim.json');
    expect(existsSync(join(copy, 'boxes.csv'))).toBe(true);
    expect(JSON.parse(read(copy, 'manifest.json')).kind).toBe('sweep');
    expect((await cli(args)).code).toBe(0);
    expect(read(copy, 'prim.json')).toBe(first);
    expect(loadResults(copy).prim!.condition).toBe('legitimacy > 0.75 and outbursts >= 1');
  });
});

describe('discover: refusals', () => {
  const refusals: [string, string[], RegExp][] = [
    [
      'an unknown name',
      ['--where', 'meanActivShare > 0.1'],
      /✖ --where: unknown name "meanActivShare"; did you mean meanActiveShare\?/,
    ],
    ['a syntax error', ['--where', 'meanActiveShare >'], /✖ --where: cannot read "meanActiveShare >"/],
    [
      'a function outside the allow-list',
      ['--where', 'evaluate("1") > 0'],
      /✖ --where: function evaluate\(\) is not allowed/,
    ],
    [
      'a number instead of a condition',
      ['--where', 'outbursts'],
      /✖ --where: expected a condition \(true or false for each run\), got the number/,
    ],
    [
      'a condition true for no run',
      ['--where', 'meanActiveShare > 2'],
      /✖ --where: "meanActiveShare > 2" holds for none of the 80 runs \(base rate 0%\)/,
    ],
    [
      'a condition true for every run',
      ['--where', 'meanActiveShare >= 0'],
      /✖ --where: "meanActiveShare >= 0" holds for every one of the 80 runs \(base rate 100%\)/,
    ],
    ['no --where', [], /✖ --where: expected a condition/],
    [
      '--threshold above 1',
      ['--where', 'legitimacy > 0.8', '--threshold', '1.5'],
      /✖ --threshold: expected a number above 0 and at most 1, got "1.5"/,
    ],
    [
      '--peel-alpha 0',
      ['--where', 'legitimacy > 0.8', '--peel-alpha', '0'],
      /✖ --peel-alpha: expected a number between 0 and 1/,
    ],
    ['--mass-min not a number', ['--where', 'legitimacy > 0.8', '--mass-min', 'x'], /✖ --mass-min: expected a number/],
    ['--max-boxes 0', ['--where', 'legitimacy > 0.8', '--max-boxes', '0'], /✖ --max-boxes: expected an integer >= 1/],
    [
      '--per sample',
      ['--where', 'legitimacy > 0.8', '--per', 'sample'],
      /✖ --per: expected run or point, got "sample"/,
    ],
  ];
  for (const [what, args, message] of refusals) {
    it(`refuses ${what} (exit code 2) and writes nothing`, async () => {
      const before = snapshot(sweep);
      const out = join(tempDir(), 'never');
      const r = await cli(['discover', sweep, ...args, '-q', '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
      expect(snapshot(sweep)).toEqual(before);
    });
  }

  it('checks the condition before reading runs.csv', async () => {
    const copy = join(tempDir(), 'damaged');
    cpSync(sweep, copy, { recursive: true });
    writeFileSync(join(copy, 'runs.csv'), 'point,run,seed\n0,0,1,2,3\n');
    const bad = await cli(['discover', copy, '--where', 'meanActivShare > 0.1', '-q']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/✖ --where: unknown name/);
    const good = await cli(['discover', copy, '--where', 'meanActiveShare > 0.1', '-q']);
    expect(good.code).toBe(2);
    expect(good.stderr).toMatch(/runs\.csv/);
    expect(existsSync(join(copy, 'prim.json'))).toBe(false);
  });

  it('refuses folders that are not a finished sweep', async () => {
    const base = tempDir();
    const write = (name: string, manifest: object | undefined) => {
      const d = join(base, name);
      mkdirSync(d);
      if (manifest) writeFileSync(join(d, 'manifest.json'), JSON.stringify(manifest));
      return d;
    };
    const running = join(base, 'running');
    cpSync(sweep, running, { recursive: true });
    const m = JSON.parse(read(running, 'manifest.json'));
    writeFileSync(join(running, 'manifest.json'), JSON.stringify({ ...m, status: 'running' }));
    const shard = join(base, 'shard');
    cpSync(sweep, shard, { recursive: true });
    writeFileSync(join(shard, 'manifest.json'), JSON.stringify({ ...m, shard: { index: 1, count: 2 } }));
    const cases: [string, RegExp][] = [
      [join(base, 'missing'), /got nothing \(no such folder\)/],
      [write('empty', undefined), /got a folder without manifest\.json/],
      [
        write('run', { kind: 'run', status: 'complete' }),
        /expected the folder of a finished `pkosim sweep`, got a run folder/,
      ],
      [running, /manifest says "running"; finish it first/],
      [shard, /got shard 1\/2 of one; merge the shards/],
    ];
    for (const [dir, message] of cases) {
      const r = await cli(['discover', dir, '--where', 'legitimacy > 0.8', '-q']);
      expect(r.code, dir).toBe(2);
      expect(r.stderr, dir).toMatch(message);
      expect(existsSync(join(dir, 'prim.json'))).toBe(false);
    }
  });

  it('refuses an --out folder that holds other results', async () => {
    const out = join(tempDir(), 'other');
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ kind: 'run', status: 'complete' }));
    const r = await cli(['discover', sweep, '--where', 'legitimacy > 0.8', '-q', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/✖ --out .*holds a run results folder/);
    expect(existsSync(join(out, 'prim.json'))).toBe(false);
  });

  it('exits with code 2 and the message as a process', () => {
    const r = cliProcess(['discover', sweep, '--where', 'outbursts >> 2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^✖ --where: /);
    expect(existsSync(join(sweep, 'prim.json'))).toBe(false);
  });
});
