// Every preset scenario of the peacekeeping model resolves against the model's schema (through the engine's own
// scenario loader), names the report's passage it rests on, and only the baseline stands alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { InputError } from '../../../src/engine/errors.js';
import { defaultParams } from '../../../src/engine/params.js';
import { PRESETS_DIR, presetNames, resolveScenario } from '../../../src/engine/scenario.js';
import { model } from '../../../src/models/peacekeeping/index.js';

const PEACEKEEPING_PRESETS = [
  'baseline',
  'fragmented-council',
  'budget-squeeze',
  'regional-turn',
  'multi-year-mandates',
  'people-centred',
  'sahel-parallel',
  'hybrid-threats',
  'abusive-host',
  'no-mission',
];

describe('peacekeeping presets', () => {
  it('are all present', () => {
    expect(presetNames()).toEqual(expect.arrayContaining(PEACEKEEPING_PRESETS));
  });

  it.each(PEACEKEEPING_PRESETS)('%s validates, has a title and a rationale naming the report', (name) => {
    const s = resolveScenario(name, model);
    expect(s.model).toBe('peacekeeping');
    expect(s.title.length).toBeGreaterThan(10);
    expect(s.rationale).toMatch(/§(I|II|III|IV|V)/);
    expect(() => model.paramsSchema.parse(s.params)).not.toThrow();
    const raw = YAML.parse(readFileSync(join(PRESETS_DIR, `${name}.yaml`), 'utf8')) as Record<string, unknown>;
    if (name === 'baseline') expect(raw.extends).toBeUndefined();
    else expect(raw.extends).toBe('baseline');
  });

  it('baseline is the model defaults', () => {
    expect(resolveScenario('baseline', model).params).toEqual(defaultParams(model.paramsSchema));
  });

  it('no-mission turns the mission off and changes nothing else', () => {
    const s = resolveScenario('no-mission', model).params as ReturnType<typeof model.paramsSchema.parse>;
    expect(s.mission.deploy).toBe(false);
    expect({ ...s, mission: { ...s.mission, deploy: true } }).toEqual(defaultParams(model.paramsSchema));
  });

  it('rejects a --set value out of range with a message naming the path', () => {
    expect(() => resolveScenario('baseline', model, ['council.fragmentation=2'])).toThrow(InputError);
    expect(() => resolveScenario('baseline', model, ['council.fragmentation=2'])).toThrow(/council\.fragmentation/);
    expect(() => resolveScenario('baseline', model, ['mandate.lengthMonths=18'])).toThrow(/mandate\.lengthMonths/);
    expect(() => resolveScenario('baseline', model, ['council.fragmentaton=0.5'])).toThrow(
      /did you mean council\.fragmentation/,
    );
  });
});
