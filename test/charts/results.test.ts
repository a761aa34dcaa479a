// Reading results folders: every kind loads into the same plain data; bad folders fail with the path and what
// was expected.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/charts/csv.js';
import { comparePairs, loadResults } from '../../src/charts/results.js';
import { InputError } from '../../src/engine/errors.js';
import {
  removeTempDirs,
  tempDir,
  toyModel,
  writeCompareFolder,
  writePrim,
  writeRunFolder,
  writeSweepFolder,
} from './fixtures.js';

afterAll(removeTempDirs);
function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('loadResults', () => {
  it('reads a run folder: outcomes in runs.csv order with units, series with quartiles, summary', () => {
    const dir = writeRunFolder(join(tempDir(), 'baseline'), { scenario: 'baseline', runs: 12 });
    const f = loadResults(dir);
    expect(f.kind).toBe('run');
    expect(f.name).toBe('baseline');
    expect(f.outcomes.map((o) => o.name)).toEqual(toyModel.outcomes.map((o) => o.name));
    expect(f.outcomes[0].unit).toBe('people');
    expect(f.runs!.rows).toHaveLength(12);
    const violence = f.seriesPoints!.filter((p) => p.series === 'violence');
    expect(violence).toHaveLength(24);
    for (const p of violence) {
      expect(p.p25).toBeDefined();
      expect(p.p05).toBeLessThanOrEqual(p.p25!);
      expect(p.p25!).toBeLessThanOrEqual(p.p50);
      expect(p.p50).toBeLessThanOrEqual(p.p75!);
      expect(p.p75!).toBeLessThanOrEqual(p.p95);
    }
  });

  it('reads series.csv without p25/p75 (the first specified format) and leaves the quartiles out', () => {
    const f = loadResults(writeRunFolder(join(tempDir(), 'b'), { scenario: 'b', runs: 5, withoutQuartiles: true }));
    expect(f.seriesPoints!.every((p) => p.p25 === undefined && p.p75 === undefined)).toBe(true);
  });

  it('reads derived outcomes that only runs.csv and summary.json know, with their units', () => {
    const dir = writeRunFolder(join(tempDir(), 'd'), { scenario: 'd', runs: 4 });
    const runs = readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n');
    writeFileSync(join(dir, 'runs.csv'), `${runs.map((l, i) => `${l},${i === 0 ? 'deathsPerVeto' : i}`).join('\n')}\n`);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    summary.units.deathsPerVeto = 'people per veto';
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
    const f = loadResults(dir);
    expect(f.outcomes.at(-1)).toEqual({ name: 'deathsPerVeto', unit: 'people per veto', description: '' });
  });

  it('reads a sweep with Sobol, Morris and both prim.json layouts', () => {
    const dir = writeSweepFolder(join(tempDir(), 'sweep'));
    let f = loadResults(dir);
    expect(f.kind).toBe('sweep');
    expect(f.varied).toEqual(['pressure', 'budget.annualGrowth']);
    expect(f.sobol).toHaveLength(4);
    expect(f.morris!.map((r) => r.parameter)).toContain('pressure');
    writePrim(dir, 'brief');
    f = loadResults(dir);
    expect(f.prim!.boxes[0].chosen).toBe(3);
    expect(f.prim!.boxes[0].limits).toEqual({
      pressure: { lo: 0.6, hi: 1 },
      'mandate.lengthMonths': { values: [6, 12, 24] },
    });
    writePrim(dir, 'engine');
    f = loadResults(dir);
    expect(f.prim!.boxes[0].trajectory).toHaveLength(5);
    expect(f.prim!.boxes[0].trajectory![2].nRestricted).toBe(2);
    expect(f.prim!.boxes[0].limits).toEqual({
      pressure: { lo: 0.75, hi: 1 },
      'budget.annualGrowth': { lo: -0.15, hi: -0.1 },
    });
  });

  it('reads compare.csv as `pkosim compare` writes it, empty fields as NaN', () => {
    const f = loadResults(writeCompareFolder(join(tempDir(), 'cmp')));
    expect(f.kind).toBe('compare');
    expect(comparePairs(f.compare!)).toEqual([['baseline', 'budget-squeeze']]);
    expect(f.compare![2].relChange).toBeNaN();
    expect(f.compare![0].excludesZero).toBe(true);
    expect(f.compare![1].excludesZero).toBe(false);
    expect(f.name).toBe('budget-squeeze vs baseline');
    expect(f.outcomes.map((o) => o.name)).toEqual(['civilianDeaths', 'vetoes', 'exitMonth']);
  });

  it('refuses a missing folder, a folder of something else, an unfinished batch and broken files, naming the path', () => {
    const root = tempDir();
    expect(inputError(() => loadResults(join(root, 'nope'))).message).toContain(join(root, 'nope'));
    mkdirSync(join(root, 'empty'));
    expect(inputError(() => loadResults(join(root, 'empty'))).message).toMatch(/expected a pkosim results folder/);

    const dir = writeRunFolder(join(root, 'r'), { scenario: 'r', runs: 3 });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, status: 'running' }));
    expect(inputError(() => loadResults(dir)).message).toMatch(/"running"/);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));

    writeFileSync(join(dir, 'runs.csv'), 'run,seed,civilianDeaths\n0,1,3\n1,1\n');
    const e = inputError(() => loadResults(dir));
    expect(e.message).toContain(join(dir, 'runs.csv'));
    expect(e.message).toContain('line 3');
    writeFileSync(join(dir, 'runs.csv'), 'run,seed,civilianDeaths\n0,1,lots\n');
    writeFileSync(join(dir, 'summary.json'), '{ not json');
    expect(inputError(() => loadResults(dir)).message).toContain('summary.json');
  });
});

describe('parseCsv', () => {
  it('round-trips any table of fields, quoted or not', () => {
    const field = fc.string({ maxLength: 8 }).filter((s) => !s.includes('\r'));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.array(field, { minLength: 5, maxLength: 5 }), { maxLength: 6 }),
        (width, rows) => {
          const header = Array.from({ length: width }, (_, i) => `c${i}`);
          const body = rows.map((r) => r.slice(0, width));
          const quote = (s: string) => (/[",\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
          const text = [header, ...body].map((r) => r.map(quote).join(',')).join('\n');
          for (const ending of ['\n', '', '\r\n\n']) {
            const t = parseCsv(`${text}${ending}`, 'x.csv');
            expect(t.header).toEqual(header);
            expect(t.rows).toEqual(body);
          }
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});
