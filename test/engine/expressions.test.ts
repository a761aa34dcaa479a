import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError } from '../../src/engine/errors.js';
import {
  applyLinkedParams,
  compileExpression,
  compileExpressionSet,
  compileLinkedParams,
  compileMetrics,
} from '../../src/engine/expressions.js';
import { describeParams, flattenObject } from '../../src/engine/params.js';

function inputError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

const outcomes = ['civilianDeaths', 'meanTroops', 'vetoes'];

describe('compileMetrics', () => {
  it('evaluates derived outcomes like the same arithmetic in JavaScript', () => {
    const metrics = compileMetrics(
      {
        deathsPerTroop: 'civilianDeaths / max(meanTroops, 1)',
        mix: 'sqrt(abs(civilianDeaths)) * 2 ^ 2 - log(1 + vetoes ^ 2) + (meanTroops > civilianDeaths ? 1 : -1)',
        ratio: 'deathsPerTroop * mod(vetoes, 3)',
      },
      outcomes,
      { file: 'scenarios/x.yaml' },
    );
    fc.assert(
      fc.property(
        // Values on a 1e-3 grid: mathjs compares numbers within a relative 1e-12 (absolute 1e-15), which only
        // differs from JavaScript's exact comparison for values closer than that.
        fc.integer({ min: -1e9, max: 1e9 }).map((v) => v / 1000),
        fc.integer({ min: -1e6, max: 1e6 }).map((v) => v / 1000),
        fc.integer({ min: 0, max: 20 }),
        (civilianDeaths, meanTroops, vetoes) => {
          const got = metrics.evaluate({ civilianDeaths, meanTroops, vetoes, unused: 'x' });
          const deathsPerTroop = civilianDeaths / Math.max(meanTroops, 1);
          expect(got.deathsPerTroop).toBeCloseTo(deathsPerTroop, 9);
          const mix =
            Math.sqrt(Math.abs(civilianDeaths)) * 4 -
            Math.log(1 + vetoes ** 2) +
            (meanTroops > civilianDeaths ? 1 : -1);
          expect(got.mix).toBeCloseTo(mix, 9);
          expect(got.ratio).toBeCloseTo(deathsPerTroop * (vetoes % 3), 9);
        },
      ),
      { seed: 3, numRuns: 200 },
    );
  });

  it('orders metrics by what they read, whatever the order they are written in', () => {
    const m = compileMetrics({ c: 'b + 1', b: 'a * 2', a: 'vetoes + 1' }, outcomes);
    expect(m.order).toEqual(['a', 'b', 'c']);
    expect(m.inputs).toEqual(['vetoes']);
    expect(m.evaluate({ vetoes: 2 })).toEqual({ a: 3, b: 6, c: 7 });
  });

  it('gives 1/0 for conditions, NaN for undefined arithmetic, and supports chained comparisons', () => {
    const m = compileMetrics(
      {
        bad: 'civilianDeaths > 2000 and vetoes >= 1',
        root: 'sqrt(meanTroops)',
        band: '0 < meanTroops < 10',
        tau2: 'tau / pi',
      },
      outcomes,
    );
    expect(m.evaluate({ civilianDeaths: 2500, vetoes: 1, meanTroops: -4 })).toEqual({
      bad: 1,
      root: Number.NaN,
      band: 0,
      tau2: 2,
    });
    expect(m.evaluate({ civilianDeaths: 100, vetoes: 1, meanTroops: 4 })).toEqual({
      bad: 0,
      root: 2,
      band: 1,
      tau2: 2,
    });
  });

  it('refuses names that clash with outcomes or cannot be referred to', () => {
    const msg = inputError(() =>
      compileMetrics({ vetoes: 'vetoes * 2', 'deaths per troop': '1' }, outcomes, { file: 'e.yaml' }),
    );
    expect(msg).toContain('✖ metrics.vetoes: is already an outcome of the model; choose another name (in e.yaml)');
    expect(msg).toContain('✖ metrics.deaths per troop: a metric name must be letters, digits and _');
  });
});

describe('restricted scope', () => {
  const dangerous = [
    'import({ x: 1 }, { override: true })',
    'createUnit("foo")',
    'evaluate("1 + 1")',
    'parse("1 + 1")',
    'compile("1 + 1")',
    'simplify("x + x")',
    'derivative("x^2", "x")',
    'resolve("x")',
    'reviver()',
    'rationalize("1/x")',
    'help(sin)',
    'chain(3)',
  ];
  for (const source of dangerous) {
    it(`refuses ${source}, naming the file and the key`, () => {
      const fn = source.slice(0, source.indexOf('('));
      const msg = inputError(() => compileMetrics({ evil: source }, outcomes, { file: 'scenarios/evil.yaml' }));
      expect(msg).toContain(`✖ metrics.evil: function ${fn}() is not allowed`);
      expect(msg).toContain('(in scenarios/evil.yaml)');
    });
  }

  it('refuses assignments, definitions, blocks, arrays, objects, ranges, indexing and units', () => {
    const cases: Record<string, string> = {
      'vetoes = 3': 'assignments (=) are not allowed',
      'f(x) = x': 'function definitions are not allowed',
      'vetoes; 2': 'several statements',
      '[1, 2]': 'arrays ([...]) are not allowed',
      '{a: 1}': 'objects ({...}) are not allowed',
      '1:3': 'ranges (a:b) are not allowed',
      'vetoes[1]': 'indexing (a[i]) is not allowed',
      'meanTroops to cm': 'the operator "to" is not allowed',
      '5 cm': 'unknown name "cm"',
      'vetoes.constructor': 'unknown name "vetoes.constructor"',
      'x => x': 'cannot read',
    };
    for (const [source, problem] of Object.entries(cases)) {
      expect(inputError(() => compileExpression('k', source, outcomes, { file: 'f.yaml' }))).toContain(problem);
    }
  });

  it('names unknown symbols with the nearest known name and lists every problem at once', () => {
    const msg = inputError(() =>
      compileMetrics({ a: 'civilanDeaths / 2', b: 'max(meanTrops, 1)', c: '1 +', d: 'atan2(vetoes)' }, outcomes, {
        file: 'exp.yaml',
      }),
    );
    const lines = msg.split('\n');
    expect(lines).toContain('✖ metrics.a: unknown name "civilanDeaths"; did you mean civilianDeaths? (in exp.yaml)');
    expect(lines).toContain('✖ metrics.b: unknown name "meanTrops"; did you mean meanTroops? (in exp.yaml)');
    expect(lines).toContain('✖ metrics.c: cannot read "1 +": Unexpected end of expression (char 4) (in exp.yaml)');
    expect(lines).toHaveLength(3);
    // Argument errors surface in the trial evaluation, once the names are right.
    expect(inputError(() => compileMetrics({ d: 'atan2(vetoes)' }, outcomes, { file: 'exp.yaml' }))).toMatch(
      /^✖ metrics\.d: cannot be evaluated: Too few arguments in function atan2.* \(in exp\.yaml\)$/,
    );
  });

  it('refuses cycles, results that are not numbers, and definitions that are not text', () => {
    expect(inputError(() => compileExpressionSet({ a: 'b + 1', b: 'a * 2' }, []))).toBe(
      '✖ a: depends on itself: a -> b -> a',
    );
    expect(inputError(() => compileExpressionSet({ a: 'a + 1' }, []))).toBe('✖ a: depends on itself: a -> a');
    expect(inputError(() => compileExpressionSet({ a: '"text"' }, []))).toBe(
      '✖ a: gives the text "text", not a number or true/false',
    );
    expect(inputError(() => compileExpressionSet({ a: 3, b: '' }, [], { section: 'params' }))).toBe(
      '✖ params.a: expected an expression as text, got 3\n✖ params.b: expected an expression as text, got ""',
    );
  });
});

const schema = z.object({
  council: z
    .object({ fragmentation: z.number().min(0).max(1).meta({ description: 'f', unit: '' }).default(0.5) })
    .prefault({}),
  regional: z
    .object({
      capacity: z.number().min(0).max(1).meta({ description: 'c', unit: '' }).default(0.5),
      units: z.number().int().min(0).max(20).meta({ description: 'u', unit: '' }).default(4),
      deploys: z.boolean().meta({ description: 'd', unit: '' }).default(false),
    })
    .prefault({}),
  mandate: z
    .object({ kind: z.enum(['observe', 'protect']).meta({ description: 'k', unit: '' }).default('protect') })
    .prefault({}),
});
const infos = describeParams(schema);

describe('linked parameters', () => {
  it('compute a parameter from dotted paths of others', () => {
    const linked = compileLinkedParams(
      {
        'regional.units': 'round(4 + 10 * regional.capacity)',
        'regional.capacity': '0.3 + 0.4 * council.fragmentation',
        'regional.deploys': 'regional.capacity > 0.5 and equalText(mandate.kind, "protect")',
      },
      infos,
      { file: 'scenarios/linked.yaml' },
    );
    expect(linked.order).toEqual(['regional.capacity', 'regional.units', 'regional.deploys']);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('observe', 'protect'), (f, kind) => {
        const flat = flattenObject({ ...schema.parse({}), council: { fragmentation: f }, mandate: { kind } });
        const out = applyLinkedParams(flat, linked, infos, { file: 'scenarios/linked.yaml' });
        const capacity = 0.3 + 0.4 * f;
        expect(out['regional.capacity']).toBeCloseTo(capacity, 12);
        expect(out['regional.units']).toBe(Math.round(4 + 10 * capacity));
        expect(out['regional.deploys']).toBe(capacity > 0.5 && kind === 'protect');
        expect(out['council.fragmentation']).toBe(f);
      }),
      { seed: 8, numRuns: 100 },
    );
  });

  it('report a value out of range with the key, the expression, its inputs and the file', () => {
    const linked = compileLinkedParams({ 'regional.capacity': '0.5 + council.fragmentation' }, infos, {
      file: 'l.yaml',
    });
    const flat = flattenObject({ council: { fragmentation: 0.8 } });
    expect(inputError(() => applyLinkedParams(flat, linked, infos, { file: 'l.yaml' }))).toBe(
      '✖ regional.capacity: expected a number between 0 and 1, got 1.3 from "0.5 + council.fragmentation" with council.fragmentation = 0.8 (in l.yaml)',
    );
    const units = compileLinkedParams({ 'regional.units': '2.5 * 2 + council.fragmentation' }, infos);
    expect(inputError(() => applyLinkedParams({ 'council.fragmentation': 0.5 }, units, infos))).toMatch(
      /^✖ regional\.units: expected an integer between 0 and 20, got 5\.5 from/,
    );
  });

  it('refuse unknown parameters (with a suggestion) and enumerations', () => {
    const msg = inputError(() =>
      compileLinkedParams({ 'regional.capacty': '0.5', 'mandate.kind': '1' }, infos, {
        file: 's.yaml',
        section: 'params',
      }),
    );
    expect(msg).toContain('✖ params.regional.capacty: unknown parameter; did you mean regional.capacity? (in s.yaml)');
    expect(msg).toContain('✖ params.mandate.kind: an enumeration cannot be computed');
  });
});
