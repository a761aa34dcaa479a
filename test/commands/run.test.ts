// `pkosim run`: the bad inputs of the foundation issue each give exit code 2 and a message naming what is wrong,
// and write nothing; a finished batch is not recomputed; another configuration is refused without --force.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, removeTempDirs, tempDir } from './cli.js';

afterAll(() => removeTempDirs());

const tiny = 'model: epstein\nextends: epstein-netlogo\nparams:\n  width: 16\n  height: 16\n  steps: 20\n';

describe('pkosim run: bad input', () => {
  const dir = tempDir('pkosim-run-');
  const file = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  const cases: [string, () => string[], RegExp][] = [
    ['unknown preset (lists the known ones)', () => ['run', 'baselin'], /no such preset; did you mean baseline\?[\s\S]*known presets: .*epstein-netlogo/],
    ['malformed YAML (file and line)', () => ['run', file('bad.yaml', 'model: epstein\nparams:\n  width: [1,\n')], /bad\.yaml:\d+: malformed YAML/],
    ['unknown parameter (nearest name)', () => ['run', file('u.yaml', `${tiny}  legitimcy: 0.5\n`)], /params\.legitimcy: unknown parameter; did you mean legitimacy\?.*u\.yaml/],
    ['value out of range (path, value, range)', () => ['run', file('r.yaml', `${tiny}  legitimacy: 1.5\n`)], /params\.legitimacy: expected a number between 0 and 1, got 1\.5 \(in .*r\.yaml\)/],
    ['wrong type', () => ['run', file('t.yaml', `${tiny}  caRule: 3\n`)], /params\.caRule: expected one of "none", "floor", "round", got 3/],
    ['--set out of range', () => ['run', 'epstein-netlogo', '--set', 'copDensity=7'], /--set copDensity: expected a number between 0 and 1, got 7/],
    ['runs < 1', () => ['run', 'epstein-netlogo', '--runs', '0'], /--runs: expected an integer >= 1, got "0"/],
    ['workers < 1', () => ['run', 'epstein-netlogo', '--workers', '0'], /--workers: expected an integer >= 1, got "0"/],
    ['unknown flag', () => ['run', 'epstein-netlogo', '--wokers', '2'], /unknown option '--wokers'/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: exit 2, the message, nothing written`, async () => {
      const out = join(dir, `out-${name.replace(/\W+/g, '-')}`);
      const r = await cli([...args(), '--out', out, '--quiet']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('pkosim run: results folders', () => {
  it('writes the four files, reuses a finished batch and refuses another configuration unless --force', async () => {
    const dir = tempDir('pkosim-run-');
    const f = join(dir, 'tiny.yaml');
    writeFileSync(f, tiny);
    const out = join(dir, 'out');
    const first = await cli(['run', f, '--runs', '4', '--workers', '2', '--out', out, '--quiet']);
    expect(first.code).toBe(0);
    for (const name of ['runs.csv', 'series.csv', 'summary.json', 'manifest.json']) expect(existsSync(join(out, name))).toBe(true);
    expect(first.stdout).toContain('meanActiveShare');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ status: 'complete', runs: 4, seed: 1, workers: 2, model: 'epstein' });
    expect(manifest.params.caRule).toBe('floor');
    const runsCsv = readFileSync(join(out, 'runs.csv'), 'utf8');

    const again = await cli(['run', f, '--runs', '4', '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already holds this finished batch');
    expect(readFileSync(join(out, 'runs.csv'), 'utf8')).toBe(runsCsv);

    const other = await cli(['run', f, '--runs', '5', '--out', out, '--quiet']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds results of another configuration.*--force/);
    expect(readFileSync(join(out, 'runs.csv'), 'utf8')).toBe(runsCsv);

    const forced = await cli(['run', f, '--runs', '5', '--out', out, '--quiet', '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout).runs).toBe(5);
  });
});
