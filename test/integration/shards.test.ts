// integration: shards. Merging the N shards of a batch or a sweep gives the files of the unsharded run, byte for
// byte (a property over N in 1..8, run counts and seeds); and the experiment-file parser of `sweep` either
// accepts a file or refuses it with exit code 2 and a message, writing nothing (fuzzed).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, removeTempDirs, tempDir } from '../commands/cli.js';

afterAll(() => removeTempDirs());

function tinyScenario(dir: string): string {
  const file = join(dir, 'tiny.yaml');
  writeFileSync(file, 'model: epstein\nextends: epstein-netlogo\nparams:\n  width: 16\n  height: 16\n  steps: 30\n');
  return file;
}

const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

describe('integration: shards', () => {
  it('merging N shards of a run equals the unsharded run, for any N in 1..8 (property)', async () => {
    const dir = tempDir('pkosim-shards-');
    const scenario = tinyScenario(dir);
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 14 }), fc.integer({ min: 0, max: 999 }), async (n, runs, seed) => {
        const base = join(dir, `case${k++}`);
        const whole = await cli(['run', scenario, '--runs', String(runs), '--seed', String(seed), '--workers', '1', '--quiet', '--out', join(base, 'whole')]);
        expect(whole.code).toBe(0);
        const shards: string[] = [];
        for (let i = 1; i <= n; i++) {
          const out = join(base, `shard-${i}`);
          const r = await cli(['run', scenario, '--runs', String(runs), '--seed', String(seed), '--workers', '1', '--quiet', '--shard', `${i}/${n}`, '--out', out]);
          expect(r.code).toBe(0);
          shards.push(out);
        }
        // Shards given in any order merge to the same files.
        const m = await cli(['merge', ...shards.reverse(), '--out', join(base, 'merged'), '--quiet']);
        expect(m.code, m.stderr).toBe(0);
        for (const f of ['runs.csv', 'series.csv', 'summary.json']) expect(read(join(base, 'merged'), f)).toBe(read(join(base, 'whole'), f));
      }),
      { seed: 20261128, numRuns: 5 },
    );
  });

  it('merging the shards of a sweep equals the unsharded sweep', async () => {
    const dir = tempDir('pkosim-shards-');
    const scenario = tinyScenario(dir);
    const args = ['sweep', scenario, '--design', 'sobol', '--vary', 'legitimacy=0.6:0.9', '--vary', 'copDensity=0.02:0.06', '--points', '4', '--runs', '2', '--workers', '1', '--quiet'];
    expect((await cli([...args, '--out', join(dir, 'whole')])).code).toBe(0);
    const shards = [1, 2, 3].map((i) => join(dir, `s${i}`));
    for (const [i, out] of shards.entries()) expect((await cli([...args, '--shard', `${i + 1}/3`, '--out', out])).code).toBe(0);
    expect((await cli(['merge', ...shards, '--out', join(dir, 'merged'), '--quiet'])).code).toBe(0);
    for (const f of ['points.csv', 'runs.csv', 'summary.csv', 'sobol.csv']) expect(read(join(dir, 'merged'), f)).toBe(read(join(dir, 'whole'), f));
    const missing = await cli(['merge', shards[0], shards[2], '--out', join(dir, 'partial'), '--quiet']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('shards 2/3 are missing');
    expect(existsSync(join(dir, 'partial'))).toBe(false);
  });

  it('an experiment file either runs or is refused with exit code 2 and a message, writing nothing (fuzz)', async () => {
    const dir = tempDir('pkosim-expfuzz-');
    const scenario = tinyScenario(dir);
    const vary = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom({ legitimacy: '0.6:0.9' }, { copDensity: '0.02:0.06:2', legitimacy: null }) },
      fc.constantFrom({}, { 'nope.param': '0:1' }, { steps: 'a,b' }, { legitimacy: '2:3' }, { caRule: 'floor,none' }),
      fc.dictionary(fc.string(), fc.anything()),
    );
    const experiment = fc.record(
      {
        scenario: fc.oneof({ weight: 6, arbitrary: fc.constant(scenario) }, fc.constant('no-such-preset'), fc.string()),
        design: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('lhs', 'sobol', 'morris') }, fc.constant('nope'), fc.integer()),
        points: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 2, max: 3 }) }, fc.integer({ min: -1, max: 1 }), fc.string()),
        runs: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 2 }) }, fc.constant(0), fc.constant('x')),
        vary,
      },
      { requiredKeys: ['scenario', 'vary', 'design', 'points', 'runs'], noNullPrototype: true },
    );
    const withExtra = fc.tuple(experiment, fc.option(fc.anything(), { freq: 8 })).map(([e, extra]) => (extra === null ? e : { ...e, extra }));
    let k = 0;
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(withExtra, async (e) => {
        const file = join(dir, `exp${k}.yaml`);
        const out = join(dir, `out${k++}`);
        writeFileSync(file, YAML.stringify(e));
        const r = await cli(['sweep', file, '--workers', '1', '--quiet', '--out', out]);
        if (r.code === 0) {
          accepted++;
          expect(existsSync(join(out, 'points.csv'))).toBe(true);
        } else {
          refused++;
          expect(r.code, r.stderr).toBe(2);
          expect(r.stderr).toMatch(/✖/);
          expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
          expect(existsSync(out)).toBe(false);
        }
      }),
      { seed: 11, numRuns: 100 },
    );
    // The generator reaches both sides of the parser.
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
