// docs/MODEL.md's parameter table must be exactly what the schema generates (scripts/gen-param-table.ts), and
// the ODD text must name every submodel file and every public parameter.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MODEL_DOC,
  OUT_BEGIN,
  OUT_END,
  renderOutputsTable,
  renderParamTable,
  tableIn,
} from '../../../scripts/gen-param-table.js';
import { MONTHLY_PROCESSES, SUBSTEP_PROCESSES } from '../../../src/models/peacekeeping/schedule.js';

const doc = readFileSync(MODEL_DOC, 'utf8');

describe('docs/MODEL.md', () => {
  it('has the parameter table the schema generates (run `npx tsx scripts/gen-param-table.ts` to update)', () => {
    expect(tableIn(doc)).toBe(renderParamTable());
  });

  it('has the outcomes and series tables the model declares', () => {
    expect(tableIn(doc, OUT_BEGIN, OUT_END)).toBe(renderOutputsTable());
  });

  it('has a section for every submodel file', () => {
    const dir = new URL('../../../src/models/peacekeeping/', import.meta.url);
    const support = new Set(['index.ts', 'runtime.ts', 'params.ts', 'world.ts', 'fields.ts', 'outputs.ts', 'patterns.ts']);
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.ts') || support.has(f)) continue;
      expect(doc, f).toContain(`(${f})`);
    }
  });

  it('names every process of the schedule', () => {
    for (const step of [...MONTHLY_PROCESSES, ...SUBSTEP_PROCESSES]) {
      for (const fn of step.split(/[:,]/).slice(1)) {
        const name = fn.replace(/\(.*\)/, '').trim();
        if (name && !name.startsWith('sub-steps')) expect(doc, name).toContain(name);
      }
    }
  });
});
