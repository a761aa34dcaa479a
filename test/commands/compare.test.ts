// `pkosim compare`: paired comparisons on common random numbers. Scenarios are Epstein Model I on the NetLogo
// preset shortened to 100 steps, as scenario files in a temporary folder.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareRow } from '../../src/commands/compare.js';
import { pairedComparison } from '../../src/engine/paired.js';
import { cli, csv, quickScenario, read, removeTempDirs, tempDir } from './cli.js';

afterAll(removeTempDirs);

let root: string;
let base: string;
let same: string;
let variant: string;
beforeAll(() => {
  root = tempDir();
  base = quickScenario(root, 'base');
  // The same parameters under another name: computed separately, into its own folder.
  same = quickScenario(root, 'same', [], './base.yaml');
  variant = quickScenario(root, 'lowlegit', ['legitimacy: 0.78'], './base.yaml');
});

function rowsOf(dir: string): CompareRow[] {
  return JSON.parse(read(dir, 'compare.json')).rows as CompareRow[];
}

describe('compare', () => {
  it('of a scenario with itself gives zero differences with zero-width CIs', async () => {
    const out = join(root, 'self');
    const r = await cli(['compare', base, same, '--runs', '8', '--seed', '4', '-q', '--workers', '1', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    // Both were run, each into its own folder of the comparison.
    expect(existsSync(join(out, 'base', 'runs.csv'))).toBe(true);
    expect(existsSync(join(out, 'same', 'runs.csv'))).toBe(true);
    const rows = rowsOf(out);
    expect(rows.map((x) => x.outcome)).toContain('meanActiveShare');
    for (const row of rows.filter((x) => x.n > 1)) {
      expect(row.meanB, row.outcome).toBe(row.meanA);
      expect(row.diff, row.outcome).toBe(0);
      expect(row.diffLo, row.outcome).toBe(0);
      expect(row.diffHi, row.outcome).toBe(0);
      expect(row.excludesZero).toBe(false);
    }
    // The table and compare.csv say the same.
    const table = csv(out, 'compare.csv');
    expect(table.rows).toHaveLength(rows.length);
    expect(r.stdout).toMatch(/same vs base \(8 paired runs, seed 4\)/);
  });

  it('of the same scenario named twice gives zero differences too', async () => {
    const out = join(root, 'twice');
    const r = await cli(['compare', base, base, '--runs', '5', '-q', '--workers', '1', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    for (const row of rowsOf(out).filter((x) => x.n > 1)) {
      expect([row.diff, row.diffLo, row.diffHi]).toEqual([0, 0, 0]);
    }
  });

  it('refuses two results folders with different seeds, writing nothing', async () => {
    const a = join(root, 'seed1');
    const b = join(root, 'seed2');
    expect((await cli(['run', base, '--runs', '4', '--seed', '1', '-q', '--workers', '1', '--out', a])).code).toBe(0);
    expect((await cli(['run', base, '--runs', '4', '--seed', '2', '-q', '--workers', '1', '--out', b])).code).toBe(0);
    const out = join(root, 'refused');
    const r = await cli(['compare', a, b, '-q', '--workers', '1', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^✖ .*seed 2 .*seed 1.*same seed/);
    expect(existsSync(out)).toBe(false);
  });

  it('of two folders with the same seed equals the comparison of the scenarios', async () => {
    const a = join(root, 'folder-a');
    const b = join(root, 'folder-b');
    expect((await cli(['run', base, '--runs', '6', '--seed', '9', '-q', '--workers', '1', '--out', a])).code).toBe(0);
    expect((await cli(['run', variant, '--runs', '6', '--seed', '9', '-q', '--workers', '1', '--out', b])).code).toBe(
      0,
    );
    const fromFolders = join(root, 'from-folders');
    const fromScenarios = join(root, 'from-scenarios');
    expect((await cli(['compare', a, b, '-q', '--workers', '1', '--out', fromFolders])).code).toBe(0);
    expect(
      (
        await cli([
          'compare',
          base,
          variant,
          '--runs',
          '6',
          '--seed',
          '9',
          '-q',
          '--workers',
          '1',
          '--out',
          fromScenarios,
        ])
      ).code,
    ).toBe(0);
    expect(read(fromFolders, 'compare.csv')).toBe(read(fromScenarios, 'compare.csv'));
  });

  it('of a variant with lower legitimacy gives a narrower paired CI than the unpaired one', async () => {
    const out = join(root, 'variant');
    const r = await cli([
      'compare',
      base,
      variant,
      '--runs',
      '30',
      '--seed',
      '1',
      '-q',
      '--workers',
      '1',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const row = rowsOf(out).find((x) => x.outcome === 'meanActiveShare')!;
    expect(row.n).toBe(30);
    expect(row.meanB!).toBeGreaterThan(row.meanA!);
    expect(row.excludesZero).toBe(true);
    expect(row.widthRatio!).toBeLessThan(1);
    expect(row.diffHi! - row.diffLo!).toBeLessThan(row.unpairedHi! - row.unpairedLo!);
    // The paired difference is the mean of the run-by-run differences of the two folders' runs.csv.
    const runsA = csv(join(out, 'base'), 'runs.csv');
    const runsB = csv(join(out, 'lowlegit'), 'runs.csv');
    const j = runsA.header.indexOf('meanActiveShare');
    const d = runsA.rows.map((x, i) => Number(runsB.rows[i][j]) - Number(x[j]));
    expect(row.diff!).toBeCloseTo(d.reduce((s, v) => s + v, 0) / d.length, 12);
    expect(r.stdout).toMatch(/Common random numbers: the paired CIs are a median \d+% as wide/);
  });
});

describe('compare: run count and seed of the scenarios', () => {
  it("run every scenario with the reference's run count and seed when --runs and --seed are not given", async () => {
    const ra = quickScenario(root, 'ra', [], './base.yaml');
    writeFileSync(ra, `${read(root, 'ra.yaml')}runs: 3\n`);
    const rb = quickScenario(root, 'rb', ['legitimacy: 0.8'], './base.yaml');
    writeFileSync(rb, `${read(root, 'rb.yaml')}runs: 5\n`);
    const out = join(root, 'defaults');
    const r = await cli(['compare', ra, rb, '-q', '--workers', '1', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(read(out, 'compare.json')).runs).toBe(3);
    expect(csv(join(out, 'rb'), 'runs.csv').rows).toHaveLength(3);

    const folder = join(root, 'seed5');
    expect((await cli(['run', ra, '--seed', '5', '-q', '--workers', '1', '--out', folder])).code).toBe(0);
    const out2 = join(root, 'defaults-from-folder');
    const r2 = await cli(['compare', folder, rb, '-q', '--workers', '1', '--out', out2]);
    expect(r2.code, r2.stderr).toBe(0);
    expect(JSON.parse(read(out2, 'compare.json'))).toMatchObject({ seed: 5, runs: 3 });
  });
});

describe('compare: scenario files of the same name', () => {
  it('runs two files named alike in different folders into two folders', async () => {
    const d1 = join(root, 'one');
    const d2 = join(root, 'two');
    mkdirSync(d1);
    mkdirSync(d2);
    const x1 = quickScenario(d1, 'x');
    const x2 = quickScenario(d2, 'x', ['legitimacy: 0.7']);
    const out = join(root, 'same-name');
    const r = await cli(['compare', x1, x2, '--runs', '3', '-q', '--workers', '1', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const legit = (d: string) => JSON.parse(read(d, 'manifest.json')).params.legitimacy;
    expect(legit(join(out, 'x'))).toBe(0.82);
    expect(legit(join(out, 'x-2'))).toBe(0.7);
    const row = rowsOf(out).find((x) => x.outcome === 'meanActiveShare')!;
    expect(row.diff).not.toBe(0);
  });
});

describe('pairedComparison', () => {
  it('gives no mean (NaN) for an outcome without a defined pair, not 0', () => {
    const c = pairedComparison([Number.NaN, Number.NaN], [Number.NaN, Number.NaN]);
    expect(c.n).toBe(0);
    expect(c.meanA).toBeNaN();
    expect(c.meanB).toBeNaN();
    expect(c.diff).toBeNaN();
  });

  it('pairs only the runs where both outcomes are defined', () => {
    const c = pairedComparison([1, Number.NaN, 3, 5], [2, 7, Number.NaN, 9]);
    expect(c.n).toBe(2);
    expect(c.meanA).toBe(3);
    expect(c.meanB).toBe(5.5);
    expect(c.diff).toBe(2.5);
  });
});
