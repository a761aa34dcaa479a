// Fuzzing the input boundary: scenario files (YAML and JSON, with `extends` chains), `--set`, and `--shard`.
// Every input must either validate or raise an InputError whose message is a list of `✖ ...` problem lines,
// with no stack trace, quickly. The bulk runs in-process against the toy model of test/fixtures; a handful of
// cases then go through the real CLI to check exit code 2, a clean stderr and that nothing was written.
//
// The accept/reject oracle below is written from the toy model's declared ranges (test/fixtures/toy-model.ts),
// not from the parser's code, so a parser that wrongly accepts or wrongly rejects fails these properties.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveShard } from '../../src/commands/common.js';
import { InputError } from '../../src/engine/errors.js';
import { describeParams, parseSetArgs } from '../../src/engine/params.js';
import { loadScenarioFile, resolveScenario } from '../../src/engine/scenario.js';
import { model as toy } from '../fixtures/toy-model.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'pkosim-fuzz-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// --- the oracle: the toy model's parameters as its schema declares them -------------------------------------------
const LEAF_OK: Record<string, (v: unknown) => boolean> = {
  steps: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1000,
  drift: (v) => typeof v === 'number' && Number.isFinite(v) && v >= -1 && v <= 1,
  'group.noise': (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 10,
  kind: (v) => v === 'a' || v === 'b',
};
const LEAVES = Object.keys(LEAF_OK);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Leaves of a nested object as dotted paths; an empty object has none. */
function leaves(obj: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(obj).flatMap(([k, v]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    return isPlainObject(v) ? leaves(v, p) : [[p, v] as [string, unknown]];
  });
}

const NUMERIC = new Set(['steps', 'drift', 'group.noise']);

/**
 * 'ok' or 'bad' as the documented rules say; 'expression' when a numeric parameter is given as a string, which
 * is a linked parameter (an expression over other parameters): its verdict is left to the expression tests, but an
 * accepted value must still be in range.
 */
function paramsVerdict(params: unknown): 'ok' | 'bad' | 'expression' {
  if (params === undefined) return 'ok';
  if (!isPlainObject(params)) return 'bad';
  let expression = false;
  for (const [p, v] of leaves(params)) {
    if (!(p in LEAF_OK)) return 'bad';
    if (NUMERIC.has(p) && typeof v === 'string') expression = true;
    else if (!LEAF_OK[p](v)) return 'bad';
  }
  return expression ? 'expression' : 'ok';
}

/** What a `--set path=text` should do, from the documented rule: text is trimmed; numbers are read as numbers. */
function setArgOk(arg: string): boolean {
  const eq = arg.indexOf('=');
  if (eq <= 0) return false;
  const path = arg.slice(0, eq).trim();
  if (!(path in LEAF_OK)) return false;
  const text = arg.slice(eq + 1).trim();
  if (path === 'kind') return LEAF_OK.kind(text);
  return text !== '' && LEAF_OK[path](Number(text));
}

// --- the contract every input must meet ---------------------------------------------------------------------------
type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

/** Call `fn`; anything it throws other than an InputError with a clean `✖` message fails the test. */
function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (!(e instanceof InputError)) {
      throw new Error(`expected an InputError or success, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    }
    expectCleanMessage(e.message);
    return { ok: false, message: e.message };
  }
}

function expectCleanMessage(message: string): void {
  expect(message.trim().length).toBeGreaterThan(0);
  expect(message.startsWith('✖')).toBe(true);
  expect(message).not.toMatch(/\n\s+at .+:\d+:\d+/); // a stack frame
}

let fileCounter = 0;
function writeScenario(text: string, ext: 'yaml' | 'json'): string {
  const file = join(tmp, `s${fileCounter++}.${ext}`);
  writeFileSync(file, text);
  return file;
}

// --- generators -------------------------------------------------------------------------------------------------
/** Mostly `good`, sometimes `bad`: so that both sides of the oracle are exercised often. */
function mostly<T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>): fc.Arbitrary<T | U> {
  return fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: bad });
}

const anyKey = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('constructor', 'prototype', 'group.', '.steps', 'Steps', '', 'group.noise') },
);
const oddValue = fc.oneof(
  fc.constantFrom('a', 'c', 'A', '', ' a', '5', 'true', true, false, null, 1e308, -0, 1001, 0, -1.5, 10.5),
  fc.jsonValue({ maxDepth: 2 }),
);
const paramsObject: fc.Arbitrary<Record<string, unknown>> = mostly(
  fc
    .record(
      {
        steps: mostly(fc.integer({ min: 1, max: 1000 }), oddValue),
        drift: mostly(fc.double({ min: -1, max: 1, noNaN: true }), oddValue),
        group: mostly(
          fc.record({ noise: mostly(fc.double({ min: 0, max: 10, noNaN: true }), oddValue) }, { requiredKeys: [] }),
          oddValue,
        ),
        'group.noise': mostly(fc.integer({ min: 0, max: 10 }), oddValue),
        kind: mostly(fc.constantFrom('a', 'b'), oddValue),
      },
      { requiredKeys: [] },
    )
    .map((o) => {
      // `group: {noise}` and `group.noise` together name one parameter twice; which wins is not specified (the
      // parser keeps the later one silently), so keep only one of them.
      if (isPlainObject(o.group) && 'noise' in o.group) delete o['group.noise'];
      return o;
    }),
  fc.dictionary(anyKey, fc.oneof(oddValue, fc.dictionary(anyKey, oddValue, { maxKeys: 3 })), { maxKeys: 5 }),
);

const scenarioObject = fc
  .record(
    {
      model: mostly(fc.constant('toy'), fc.constantFrom('', 7, null, ['toy'])),
      title: mostly(fc.string({ maxLength: 20 }), fc.constantFrom(3, null)),
      rationale: fc.string({ maxLength: 20 }),
      params: mostly(paramsObject, fc.constantFrom(null, [], 'x', 3)),
      runs: mostly(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(0, -1, 1.5, '10', null)),
      seed: mostly(
        fc.oneof(fc.integer({ min: 0, max: 2 ** 40 }), fc.string({ minLength: 1, maxLength: 6 })),
        fc.constantFrom(-1, 0.5, '', null, true),
      ),
      bogus: fc.option(fc.jsonValue({ maxDepth: 1 }), { freq: 10, nil: undefined }),
    },
    { requiredKeys: ['model'] },
  )
  .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));

/** The documented scenario-file schema, written out independently: what must be accepted. */
function scenarioVerdict(s: Record<string, unknown>): 'ok' | 'bad' | 'expression' {
  const keysOk = Object.keys(s).every((k) => ['model', 'title', 'rationale', 'params', 'runs', 'seed'].includes(k));
  const modelOk = typeof s.model === 'string' && s.model.length > 0;
  const titleOk = s.title === undefined || typeof s.title === 'string';
  const runsOk = s.runs === undefined || (typeof s.runs === 'number' && Number.isInteger(s.runs) && s.runs >= 1);
  const seedOk =
    s.seed === undefined ||
    (typeof s.seed === 'number' && Number.isInteger(s.seed) && s.seed >= 0) ||
    (typeof s.seed === 'string' && s.seed.length > 0 && !/[,"\r\n]/.test(s.seed));
  return keysOk && modelOk && titleOk && runsOk && seedOk ? paramsVerdict(s.params) : 'bad';
}

// Fragments that, glued at random, make text near the grammar's edges (anchors, tags, flow, block scalars).
const yamlToken = fc.constantFrom(
  'model: toy\n',
  'params:\n',
  '  steps: ',
  '  drift: ',
  '  group:\n    noise: ',
  '  kind: ',
  'extends: ',
  'runs: ',
  'seed: ',
  'metrics:\n  m: ',
  'title: ',
  '5',
  '0.5',
  '-1',
  '1e999',
  '.nan',
  '0x10',
  '~',
  'null',
  'true',
  '"a"',
  "'b'",
  '[',
  ']',
  '{',
  '}',
  ',',
  ': ',
  '- ',
  '&a ',
  '*a',
  '!!str ',
  '!!binary ',
  '!custom ',
  '<<: ',
  '? ',
  '|\n',
  '>\n',
  '#',
  '\n',
  '  ',
  '\t',
  '%YAML 1.2\n---\n',
  '---\n',
  '...\n',
  '__proto__: ',
  '\u0000',
  '\uFEFF',
  '😀',
);
const yamlText = fc.oneof(
  fc.array(yamlToken, { maxLength: 30 }).map((t) => t.join('')),
  fc.string({ maxLength: 200, unit: 'binary' }),
);
const jsonText = fc.oneof(
  scenarioObject.map((o) => JSON.stringify(o)),
  fc.string({ maxLength: 80 }).map((s) => `{"model":"toy","params":${s}}`),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);

describe('fuzz: scenario files and --set', () => {
  const infos = describeParams(toy.paramsSchema);

  it('accepts exactly the scenario objects the documented schema allows (YAML and JSON)', () => {
    const seen = { ok: 0, bad: 0 };
    fc.assert(
      fc.property(scenarioObject, fc.constantFrom('yaml', 'json') as fc.Arbitrary<'yaml' | 'json'>, (s, ext) => {
        const text = ext === 'json' ? JSON.stringify(s) : YAML.stringify(s);
        // JSON cannot carry -0 or non-finite numbers; compare with what the file actually says.
        const written = ext === 'json' ? JSON.parse(text) : YAML.parse(text);
        const file = writeScenario(text, ext);
        const r = attempt(() => resolveScenario(file, toy));
        seen[r.ok ? 'ok' : 'bad']++;
        const verdict = scenarioVerdict(written);
        if (verdict !== 'expression') {
          expect(r.ok, r.ok ? `accepted ${text}` : `rejected ${text}: ${r.message}`).toBe(verdict === 'ok');
        }
        if (r.ok) {
          expect(toy.paramsSchema.safeParse(r.value.params).success).toBe(true);
          for (const [p, v] of leaves(r.value.params)) expect(LEAF_OK[p](v), `${p} = ${v}`).toBe(true);
          if (verdict === 'expression') return;
          for (const [p, v] of leaves((written.params ?? {}) as Record<string, unknown>)) {
            const [a, b] = p.split('.');
            const got = b ? (r.value.params[a] as Record<string, unknown>)[b] : r.value.params[a];
            expect(got).toEqual(v);
          }
        }
      }),
      { seed: 42, numRuns: 400 },
    );
    // The generators must exercise both sides of the oracle.
    expect(Math.min(seen.ok, seen.bad)).toBeGreaterThan(20);
  });

  it('never throws anything but an InputError on arbitrary file text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          yamlText.map((t) => [t, 'yaml'] as const),
          jsonText.map((t) => [t, 'json'] as const),
        ),
        ([text, ext]) => {
          const file = writeScenario(text, ext);
          attempt(() => loadScenarioFile(file));
          attempt(() => resolveScenario(file, toy));
        },
      ),
      { seed: 7, numRuns: 600 },
    );
  });

  it('evaluates linked parameters (expressions) or refuses them with an InputError, without hanging', () => {
    // Documented semantics first: a string where a number is expected is an expression over other parameters.
    const linked = writeScenario('model: toy\nparams:\n  steps: "2 * 3"\n  drift: "steps / 100"\n', 'yaml');
    expect(resolveScenario(linked, toy).params).toMatchObject({ steps: 6, drift: 0.06 });
    const token = fc.constantFrom(
      '1',
      '2.5',
      '0',
      '1e308',
      '-',
      '+',
      '*',
      '/',
      '^',
      '%',
      '(',
      ')',
      ' ',
      'steps',
      'drift',
      'group.noise',
      'kind',
      'nope',
      'pi',
      'NaN',
      'Infinity',
      'min(',
      'max(',
      'floor(',
      'sqrt(',
      'log(',
      ',',
      '?',
      ':',
      '==',
      '<',
      'and',
      'not',
      '"a"',
      'import(',
      'evaluate(',
      'createUnit(',
      'x = ',
      'f(x) = x',
      '[1, 2]',
      '1:3',
      '{a: 1}',
      '5 cm',
      'a.b.c',
      '[0]',
      ';',
      '\n',
      'ones(1000, 1000)',
      'factorial(170)',
      'group',
      'constructor',
      '__proto__',
      'toString',
      '.',
      '!',
      "'",
    );
    const expr = fc.oneof(
      { weight: 6, arbitrary: fc.array(token, { minLength: 1, maxLength: 12 }).map((t) => t.join('')) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((n) => `${'('.repeat(n)}1${')'.repeat(n)}`) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((n) => `${'-'.repeat(n)}1`) },
      { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
    );
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.record({ steps: expr, drift: expr, group: fc.record({ noise: expr }) }, { requiredKeys: [] }),
        (params) => {
          const file = writeScenario(YAML.stringify({ model: 'toy', params }), 'yaml');
          const r = attempt(() => resolveScenario(file, toy));
          if (r.ok) {
            accepted++;
            for (const [p, v] of leaves(r.value.params))
              expect(LEAF_OK[p](v), `${p} = ${v} from ${JSON.stringify(params)}`).toBe(true);
          }
        },
      ),
      { seed: 13, numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('follows extends chains, refusing cycles, missing files and conflicting models', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 5, maxLength: 5 }),
        fc.array(fc.option(fc.constantFrom('toy', 'other'), { nil: undefined }), { minLength: 5, maxLength: 5 }),
        fc.array(fc.option(fc.integer({ min: 1, max: 1200 }), { nil: undefined }), { minLength: 5, maxLength: 5 }),
        (n, parents, models, steps) => {
          // Files f0..f(n-1); file i extends file parents[i] when that is another index < 7 (index >= n: missing).
          const dir = join(tmp, `chain${fileCounter++}`);
          mkdirSync(dir);
          for (let i = 0; i < n; i++) {
            const doc: Record<string, unknown> = {};
            if (models[i]) doc.model = models[i];
            if (parents[i] !== i && parents[i] < 6) doc.extends = `./f${parents[i]}.yaml`;
            if (steps[i] !== undefined) doc.params = { steps: steps[i] };
            writeFileSync(join(dir, `f${i}.yaml`), YAML.stringify(doc));
          }
          // The expected outcome, by walking the chain from f0.
          const seen: number[] = [];
          let i = 0;
          let verdict: 'ok' | 'bad' = 'ok';
          const chainModels: string[] = [];
          let chainSteps: number | undefined;
          for (;;) {
            if (i >= n || seen.includes(i)) {
              verdict = 'bad';
              break;
            }
            seen.push(i);
            if (models[i]) chainModels.push(models[i] as string);
            if (chainSteps === undefined && steps[i] !== undefined) chainSteps = steps[i];
            if (steps[i] !== undefined && !LEAF_OK.steps(steps[i])) verdict = 'bad';
            if (parents[i] === i || parents[i] >= 6) break;
            i = parents[i];
          }
          if (chainModels.length === 0 || new Set(chainModels).size > 1) verdict = 'bad';
          const r = attempt(() => resolveScenario(join(dir, 'f0.yaml'), toy));
          expect(r.ok ? 'ok' : 'bad', r.ok ? '' : r.message).toBe(verdict);
          // The nearest file wins.
          if (r.ok) expect(r.value.params.steps).toBe(chainSteps ?? 20);
        },
      ),
      { seed: 3, numRuns: 300 },
    );
  });

  it('accepts exactly the --set arguments the parameter ranges allow, later ones winning', () => {
    const goodArg = fc.oneof(
      fc.integer({ min: 1, max: 1000 }).map((v) => `steps=${v}`),
      fc.double({ min: -1, max: 1, noNaN: true }).map((v) => `drift=${v}`),
      fc.double({ min: 0, max: 10, noNaN: true }).map((v) => ` group.noise = ${v} `),
      fc.constantFrom('kind=a', 'kind=b', 'steps=1e2', 'steps= 7 ', 'drift=-0', 'drift=.5'),
    );
    const badArg = fc.oneof(
      fc
        .tuple(
          fc.constantFrom(...LEAVES, ' steps', 'group', 'nope', ''),
          fc.constantFrom('=', ' = ', ':'),
          fc.oneof(
            fc.constantFrom('1001', '0', '-1', '0.5', '', 'c', 'true', 'Infinity', 'NaN', '0x10', '1_0', '2', '-1.01'),
            fc.double().map(String),
            fc.string({ maxLength: 6 }),
          ),
        )
        .map(([p, eq, v]) => `${p}${eq}${v}`),
      fc.string({ maxLength: 20 }),
    );
    const setArg = mostly(goodArg, badArg);
    const seen = { ok: 0, bad: 0 };
    fc.assert(
      fc.property(fc.array(setArg, { maxLength: 4 }), (args) => {
        const r = attempt(() => parseSetArgs(args, infos));
        if (args.length) seen[r.ok ? 'ok' : 'bad']++;
        expect(r.ok, `${JSON.stringify(args)}: ${r.ok ? 'accepted' : r.message}`).toBe(args.every(setArgOk));
        if (r.ok) {
          const file = writeScenario('model: toy\nparams:\n  steps: 3\n', 'yaml');
          const resolved = resolveScenario(file, toy, args);
          const last = new Map(
            args.map((a) => [a.slice(0, a.indexOf('=')).trim(), a.slice(a.indexOf('=') + 1).trim()]),
          );
          const steps = last.has('steps') ? Number(last.get('steps')) : 3;
          expect(resolved.params.steps).toBe(steps);
          if (last.has('kind')) expect(resolved.params.kind).toBe(last.get('kind'));
        }
      }),
      { seed: 11, numRuns: 600 },
    );
    expect(Math.min(seen.ok, seen.bad)).toBeGreaterThan(20);
  });

  it('reads --shard K/N and the cluster variables, or names what is wrong', () => {
    const text = fc.oneof(
      fc.tuple(fc.integer({ min: -2, max: 12 }), fc.integer({ min: -2, max: 12 })).map(([k, n]) => `${k}/${n}`),
      fc.constantFrom('1/1', ' 2 / 3 ', '3', '1/0', '0/0', '1.5/2', '9007199254740993/9007199254740994', ''),
      fc.string({ maxLength: 8 }),
    );
    const envArb = fc.record(
      {
        SLURM_ARRAY_TASK_ID: fc.constantFrom('0', '1', '3', '8', '-1', 'x', ''),
        SLURM_ARRAY_TASK_COUNT: fc.constantFrom('1', '4', '8', '0', 'x'),
        SLURM_ARRAY_TASK_MIN: fc.constantFrom('0', '1', '3'),
        JOB_COMPLETION_INDEX: fc.constantFrom('0', '3', '7', '8', '-1', 'x'),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.option(text, { nil: undefined }),
        fc.option(fc.constantFrom('8', '0', 'x', '4'), { nil: undefined }),
        envArb,
        (shard, count, env) => {
          const r = attempt(() => resolveShard(shard, count, env));
          if (!r.ok) return;
          const s = r.value.shard;
          if (s === undefined) {
            expect(shard).toBeUndefined();
            expect(env.JOB_COMPLETION_INDEX).toBeUndefined();
            return;
          }
          expect(Number.isSafeInteger(s.index) && Number.isSafeInteger(s.count)).toBe(true);
          expect(s.index >= 1 && s.index <= s.count).toBe(true);
          if (shard !== undefined) expect(shard.replace(/\s/g, '')).toBe(`${s.index}/${s.count}`);
          else if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_COUNT !== undefined) {
            expect(s.index).toBe(Number(env.SLURM_ARRAY_TASK_ID) - Number(env.SLURM_ARRAY_TASK_MIN ?? 0) + 1);
            expect(s.count).toBe(Number(env.SLURM_ARRAY_TASK_COUNT));
          } else {
            expect(s.index).toBe(Number(env.JOB_COMPLETION_INDEX) + 1);
            expect(s.count).toBe(Number(count));
          }
        },
      ),
      { seed: 5, numRuns: 500 },
    );
  });

  it('refuses resource-exhaustion YAML (alias bombs, deep nesting) with an InputError, quickly', () => {
    const level = (name: string, prev: string) => `${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    const bomb = `a0: &a0 [x,x,x,x,x,x,x,x,x]\n${[1, 2, 3, 4, 5, 6, 7].map((i) => level(`a${i}`, `a${i - 1}`)).join('')}model: toy\n`;
    const cases = [
      bomb,
      `model: toy\nparams: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`,
      `model: toy\nparams: ${'{a: '.repeat(5_000)}1${'}'.repeat(5_000)}\n`,
      `model: toy\nparams:\n${Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(2 * (i + 1))}k${i}:\n`).join('')}`,
    ];
    for (const text of cases) {
      const r = attempt(() => resolveScenario(writeScenario(text, 'yaml'), toy));
      expect(r.ok).toBe(false);
    }
    const deepJson = `{"model":"toy","params":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`;
    expect(attempt(() => resolveScenario(writeScenario(deepJson, 'json'), toy)).ok).toBe(false);
  });
});

// --- the real CLI: exit code 2, a clean message, nothing written -------------------------------------------------
// tsx's loader by absolute URL: `--import tsx` would be resolved from the working directory, a temporary one here.
const CLI = ['--import', pathToFileURL(join(REPO, 'node_modules/tsx/dist/loader.mjs')).href, join(REPO, 'src/bin.ts')];

function runCli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [...CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

describe('fuzz: the CLI refuses bad input cleanly', () => {
  const cwd = join(tmp, 'cli');
  mkdirSync(cwd, { recursive: true });
  const good = 'model: epstein\nextends: epstein-netlogo\n';
  const cases: { name: string; file?: string; ext?: 'yaml' | 'json'; args: (f: string) => string[] }[] = [
    { name: 'malformed YAML', file: 'model: epstein\nparams: [\n', args: (f) => ['run', f] },
    { name: 'malformed JSON', file: '{"model": "epstein",', ext: 'json', args: (f) => ['run', f] },
    { name: 'unknown scenario key', file: `${good}runz: 3\n`, args: (f) => ['run', f] },
    { name: 'unknown model', file: 'model: nosuchmodel\n', args: (f) => ['run', f] },
    { name: 'unknown parameter', file: `${good}params:\n  nosuch: 1\n`, args: (f) => ['run', f] },
    { name: 'extends cycle', file: 'model: epstein\nextends: ./self.yaml\n', args: (f) => ['run', f] },
    {
      name: 'alias bomb',
      file: `a0: &a0 [x,x,x,x,x,x,x,x,x]\n${[1, 2, 3, 4, 5, 6]
        .map(
          (i) =>
            `a${i}: &a${i} [${Array(9)
              .fill(`*a${i - 1}`)
              .join(',')}]\n`,
        )
        .join('')}model: epstein\n`,
      args: (f) => ['run', f],
    },
    { name: 'bad --set', file: good, args: (f) => ['run', f, '--set', 'nosuch=1'] },
    { name: 'bad --set value', file: good, args: (f) => ['run', f, '--set', 'legitimacy=2'] },
    { name: 'bad --set form', file: good, args: (f) => ['run', f, '--set', 'legitimacy'] },
    { name: 'bad --runs', file: good, args: (f) => ['run', f, '--runs', '0'] },
    { name: 'bad --seed', file: good, args: (f) => ['run', f, '--seed', ' '] },
    { name: 'bad --shard', file: good, args: (f) => ['run', f, '--shard', '5/4'] },
    { name: 'missing file', args: () => ['run', './nope.yaml'] },
    { name: 'unknown preset', args: () => ['run', 'epstein-netlogoo'] },
  ];
  for (const c of cases) {
    it(`${c.name}: exit code 2, a ✖ message, no stack, no output folder`, () => {
      const file = join(
        cwd,
        c.name === 'extends cycle' ? 'self.yaml' : `${c.name.replace(/\W+/g, '-')}.${c.ext ?? 'yaml'}`,
      );
      if (c.file !== undefined) writeFileSync(file, c.file);
      const out = join(cwd, `out-${c.name.replace(/\W+/g, '-')}`);
      const args = c.args(file);
      const r = runCli(
        [...args, ...(args.includes('--runs') ? [] : ['--runs', '2']), '--workers', '1', '--out', out],
        cwd,
      );
      expect(r.signal, 'the CLI hung').toBeNull();
      expect(r.code, r.stderr).toBe(2);
      expectCleanMessage(r.stderr.trim());
      expect(r.stderr).not.toMatch(/internal error|Error:|\n\s+at /);
      expect(existsSync(out), `${out} was created`).toBe(false);
      // Nor anything in the working directory (a default results/ folder, say).
      expect(readdirSync(cwd).filter((f) => !f.endsWith('.yaml') && !f.endsWith('.json'))).toEqual([]);
    });
  }
});
