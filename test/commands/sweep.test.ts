// `pkosim sweep`: the files it writes, reproducibility across worker counts, common random numbers, the
// sensitivity tables, experiment files, refusals, and reruns of a finished sweep. Runs are Epstein Model I on
// the NetLogo preset shortened to 100 steps (about 0.1 s a run).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliProcess, csv, quickScenario, read, removeTempDirs, snapshot, tempDir } from './cli.js';

afterAll(removeTempDirs);

let root: string;
let scenario: string;
beforeAll(() => {
  root = tempDir();
  scenario = quickScenario(root, 'quick');
});

const OUTCOMES = [
  'meanActiveShare',
  'peakActiveShare',
  'meanJailedShare',
  'outbursts',
  'meanOutburstInterval',
  'deathsGroupA',
  'deathsGroupB',
  'wipedOut',
  'wipedOutStep',
];

describe('sweep: a Sobol design', () => {
  const vary = ['--vary', 'legitimacy=0.6:0.95', '--vary', 'outburstThreshold=0.05:0.3'];
  const base = () => [scenario, '--design', 'sobol', ...vary, '--points', '4', '--runs', '2', '--seed', '7', '-q'];

  it('writes the same bytes with 1 and 2 workers, and a sobol.csv row per outcome x parameter', async () => {
    const one = join(root, 'sobol-1');
    const two = join(root, 'sobol-2');
    expect((await cli(['sweep', ...base(), '--workers', '1', '--out', one])).code).toBe(0);
    expect((await cli(['sweep', ...base(), '--workers', '2', '--chunk-size', '3', '--out', two])).code).toBe(0);
    for (const f of ['points.csv', 'runs.csv', 'summary.csv', 'sobol.csv']) {
      expect(read(two, f), f).toBe(read(one, f));
    }
    // Saltelli: N (D + 2) points for N base samples and D parameters.
    const points = csv(one, 'points.csv');
    expect(points.header).toEqual(['point', 'legitimacy', 'outburstThreshold']);
    expect(points.rows).toHaveLength(4 * (2 + 2));
    expect(csv(one, 'runs.csv').rows).toHaveLength(4 * (2 + 2) * 2);

    const sobol = csv(one, 'sobol.csv');
    expect(sobol.header).toEqual(['outcome', 'parameter', 'S1', 'S1_lo', 'S1_hi', 'ST', 'ST_lo', 'ST_hi']);
    const pairs = sobol.rows.map((r) => `${r[0]}|${r[1]}`);
    const expected = OUTCOMES.flatMap((o) => ['legitimacy', 'outburstThreshold'].map((p) => `${o}|${p}`));
    expect(pairs.sort()).toEqual(expected.sort());
    expect(existsSync(join(one, 'morris.csv'))).toBe(false);
  });
});

describe('sweep: a grid design', () => {
  let dir: string;
  const args = () => [
    'sweep',
    scenario,
    '--vary',
    'outburstThreshold=0.05:0.2:3',
    '--vary',
    'legitimacy=0.6:0.8:2',
    '--runs',
    '3',
    '--seed',
    '5',
    '--workers',
    '2',
    '-q',
    '--out',
    join(root, 'grid'),
  ];
  beforeAll(async () => {
    dir = join(root, 'grid');
    const r = await cli(args());
    expect(r.code, r.stderr).toBe(0);
  });

  it('has one point per combination of levels (the product of the levels)', () => {
    const { header, rows } = csv(dir, 'points.csv');
    expect(header).toEqual(['point', 'outburstThreshold', 'legitimacy']);
    expect(rows).toHaveLength(3 * 2);
    const combos = rows.map((r) => `${Number(r[1])}|${Number(r[2])}`).sort();
    const want = [0.05, 0.125, 0.2].flatMap((t) => [0.6, 0.8].map((l) => `${t}|${l}`)).sort();
    expect(combos).toEqual(want);
    expect(rows.map((r) => Number(r[0]))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('runs replication r of every point on the same seed (common random numbers)', () => {
    const { header, rows } = csv(dir, 'runs.csv');
    expect(header).toEqual(['point', 'run', 'seed', ...OUTCOMES]);
    expect(rows).toHaveLength(6 * 3);
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['5']));
    const points = csv(dir, 'points.csv').rows;
    const legit = (pt: string) => points[Number(pt)][2];
    const active = header.indexOf('meanActiveShare');
    // outburstThreshold only changes how outbursts are counted: points with the same legitimacy must give the
    // same meanActiveShare run for run, and different runs must differ (or the check could not fail).
    for (const l of ['0.6', '0.8']) {
      const byRun = new Map<string, Set<string>>();
      for (const r of rows.filter((r) => legit(r[0]) === l)) {
        byRun.set(r[1], (byRun.get(r[1]) ?? new Set()).add(r[active]));
      }
      expect([...byRun.keys()].sort()).toEqual(['0', '1', '2']);
      for (const values of byRun.values()) expect(values.size).toBe(1);
      expect(new Set([...byRun.values()].map((s) => [...s][0])).size).toBeGreaterThan(1);
    }
    // ... while legitimacy does change it.
    const at = (l: string) => rows.find((r) => legit(r[0]) === l && r[1] === '0')![active];
    expect(at('0.6')).not.toBe(at('0.8'));
  });

  it('summarises every point with the mean and a CI that holds it', () => {
    const { header, rows } = csv(dir, 'summary.csv');
    expect(header.slice(0, 3)).toEqual(['point', 'outburstThreshold', 'legitimacy']);
    const runs = csv(dir, 'runs.csv');
    const col = runs.header.indexOf('meanJailedShare');
    for (const r of rows) {
      const values = runs.rows.filter((x) => x[0] === r[0]).map((x) => Number(x[col]));
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const j = header.indexOf('meanJailedShare_mean');
      expect(Number(r[j])).toBeCloseTo(mean, 12);
      expect(Number(r[j + 1])).toBeLessThanOrEqual(Number(r[j]));
      expect(Number(r[j + 2])).toBeGreaterThanOrEqual(Number(r[j]));
    }
  });

  it('says a finished sweep is finished and recomputes nothing', async () => {
    const before = snapshot(dir);
    const r = await cli(args().filter((a) => a !== '-q'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/already holds this finished sweep/);
    expect(r.stderr).toMatch(/not recomputing/);
    expect(r.stderr).not.toMatch(/points x .* runs/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('sweep: a Morris design', () => {
  it('writes morris.csv; a parameter without effect on an outcome has mu* = 0 under common random numbers', async () => {
    const dir = join(root, 'morris');
    const r = await cli([
      'sweep',
      scenario,
      '--design',
      'morris',
      '--vary',
      'legitimacy=0.6:0.95',
      '--vary',
      'outburstThreshold=0.05:0.3',
      '--points',
      '3',
      '--runs',
      '1',
      '-q',
      '--out',
      dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(csv(dir, 'points.csv').rows).toHaveLength(3 * (2 + 1));
    const { header, rows } = csv(dir, 'morris.csv');
    expect(header).toEqual(['outcome', 'parameter', 'mu_star', 'mu', 'sigma']);
    expect(rows.map((x) => `${x[0]}|${x[1]}`).sort()).toEqual(
      OUTCOMES.flatMap((o) => ['legitimacy', 'outburstThreshold'].map((p) => `${o}|${p}`)).sort(),
    );
    const muStar = (o: string, p: string) => Number(rows.find((x) => x[0] === o && x[1] === p)![2]);
    expect(muStar('meanActiveShare', 'outburstThreshold')).toBe(0);
    expect(muStar('meanActiveShare', 'legitimacy')).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'sobol.csv'))).toBe(false);
  });
});

describe('sweep: an experiment file', () => {
  it('gives the same files as the same experiment in flags', async () => {
    const file = join(root, 'experiment.yaml');
    writeFileSync(
      file,
      [
        'scenario: epstein-netlogo',
        'design: lhs',
        'points: 5',
        'runs: 2',
        'seed: 3',
        'set:',
        '  steps: 100',
        'vary:',
        '  legitimacy: "0.6:0.95"',
        '  jailMax: "10:40"',
        '',
      ].join('\n'),
    );
    const fromFile = join(root, 'exp-file');
    const fromFlags = join(root, 'exp-flags');
    const a = await cli(['sweep', file, '-q', '--out', fromFile]);
    expect(a.code, a.stderr).toBe(0);
    const b = await cli([
      'sweep',
      'epstein-netlogo',
      '--set',
      'steps=100',
      '--design',
      'lhs',
      '--points',
      '5',
      '--runs',
      '2',
      '--seed',
      '3',
      '--vary',
      'legitimacy=0.6:0.95',
      '--vary',
      'jailMax=10:40',
      '-q',
      '--out',
      fromFlags,
    ]);
    expect(b.code, b.stderr).toBe(0);
    for (const f of ['points.csv', 'runs.csv', 'summary.csv']) expect(read(fromFile, f), f).toBe(read(fromFlags, f));
    expect(csv(fromFile, 'points.csv').rows).toHaveLength(5);
    const hash = (d: string) => JSON.parse(read(d, 'manifest.json')).configHash;
    expect(hash(fromFile)).toBe(hash(fromFlags));
  });
  it('reads nested parameters under set:', async () => {
    const file = join(root, 'nested.yaml');
    writeFileSync(
      file,
      [
        'scenario: epstein-netlogo',
        'runs: 1',
        'set:',
        '  steps: 20',
        '  legitimacyDrop:',
        '    amount: 0.1',
        '    atStep: 5',
        'vary:',
        '  legitimacy: "0.7:0.9:2"',
        '',
      ].join('\n'),
    );
    const out = join(root, 'nested');
    const r = await cli(['sweep', file, '--workers', '1', '-q', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const params = JSON.parse(read(out, 'manifest.json')).params;
    expect(params.steps).toBe(20);
    expect(params.legitimacyDrop).toMatchObject({ amount: 0.1, atStep: 5 });
  });
});

describe('sweep: refusals', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'an unknown parameter',
      ['--vary', 'legitimacyy=0.6:0.9'],
      /--vary legitimacyy: unknown parameter; did you mean legitimacy\?/,
    ],
    ['a range outside the schema', ['--vary', 'legitimacy=0.5:2'], /--vary legitimacy/],
    ['lo above hi', ['--vary', 'legitimacy=0.9:0.6'], /--vary legitimacy/],
    ['a malformed range', ['--vary', 'legitimacy=0.6-0.9'], /--vary legitimacy: expected lo:hi/],
    ['no --vary at all', [], /--vary: expected at least one parameter/],
    [
      'an unknown design',
      ['--vary', 'legitimacy=0.6:0.9', '--design', 'factorial'],
      /--design: expected one of grid, lhs, sobol, morris/,
    ],
    [
      '--points 0',
      ['--vary', 'legitimacy=0.6:0.9', '--design', 'lhs', '--points', '0'],
      /--points: expected an integer >= 1/,
    ],
    [
      '--points not a number',
      ['--vary', 'legitimacy=0.6:0.9', '--design', 'lhs', '--points', 'ten'],
      /--points: expected an integer/,
    ],
    [
      '--points with a grid',
      ['--vary', 'legitimacy=0.6:0.9', '--points', '5'],
      /--points: a grid has the size its levels give/,
    ],
    [
      'odd Morris levels',
      ['--vary', 'legitimacy=0.6:0.9', '--design', 'morris', '--levels', '3'],
      /--levels: expected an even number/,
    ],
    [
      'a seed with a comma',
      ['--vary', 'legitimacy=0.6:0.9', '--seed', 'a,b'],
      /--seed: expected a word without commas/,
    ],
  ];
  for (const [what, extra, message] of cases) {
    it(`refuses ${what} with exit code 2 and writes nothing`, async () => {
      const out = join(root, `refused-${what.replace(/\W+/g, '-')}`);
      const r = await cli(['sweep', scenario, ...extra, '--runs', '1', '-q', '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^✖ /);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('exits with code 2 as a process too', () => {
    const out = join(root, 'refused-process');
    const r = cliProcess(['sweep', scenario, '--vary', 'legitimacy=0.6:0.9', '--design', 'nope', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/✖ --design/);
    expect(existsSync(out)).toBe(false);
  });
});
