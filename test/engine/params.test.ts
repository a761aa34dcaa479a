import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError } from '../../src/engine/errors.js';
import { defaultParams, describeParams, nearestName, parseSetArgs, validateParams } from '../../src/engine/params.js';
import { paramsSchema } from '../fixtures/toy-model.js';

describe('describeParams', () => {
  it('reads paths, kinds, ranges, defaults and metadata whatever the order of .meta and .default', () => {
    const infos = describeParams(paramsSchema);
    expect(infos.map((p) => [p.path, p.kind, p.min, p.max, p.default, p.description])).toEqual([
      ['steps', 'integer', 1, 1000, 20, 'steps'],
      ['drift', 'number', -1, 1, 0.1, 'drift per step'],
      ['group.noise', 'number', 0, 10, 1, 'noise sd'],
      ['kind', 'enum', undefined, undefined, 'a', 'a label'],
    ]);
    const after = z.object({ x: z.number().min(0).max(2).default(1).meta({ description: 'after', unit: 'u' }) });
    expect(describeParams(after)[0]).toMatchObject({ description: 'after', unit: 'u', default: 1 });
  });

  it('the schema accepts its own defaults', () => {
    expect(() => validateParams(paramsSchema, defaultParams(paramsSchema))).not.toThrow();
  });
});

describe('parseSetArgs', () => {
  const infos = describeParams(paramsSchema);
  it('coerces values to the parameter kind', () => {
    expect(parseSetArgs(['steps=5', 'group.noise=0.5', 'kind=b'], infos)).toEqual({ steps: 5, group: { noise: 0.5 }, kind: 'b' });
  });
  it('names the path, the value and the expected range, and suggests the nearest name', () => {
    const msg = (args: string[]) => {
      try {
        parseSetArgs(args, infos);
        return '';
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
    };
    expect(msg(['steps=0'])).toBe('✖ --set steps: expected an integer between 1 and 1000, got 0');
    expect(msg(['drift=abc'])).toContain('expected a number between -1 and 1, got "abc"');
    expect(msg(['group.nois=1'])).toContain('did you mean group.noise?');
    expect(msg(['kind=c'])).toContain('one of "a", "b"');
    expect(msg(['steps'])).toContain('expected path=value');
  });
  it('nearestName prefers a shared last segment', () => {
    expect(nearestName('noise', ['steps', 'group.noise'])).toBe('group.noise');
  });
});
