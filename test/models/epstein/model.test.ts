// The model as the kernel sees it: schema, presets, declared metrics, and the properties every run must have
// (determinism per seed, conservation of citizens, shares in [0, 1], no NaN, consistent indexes at every step).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/engine/errors.js';
import { describeParams, validateParams } from '../../../src/engine/params.js';
import { createStreams } from '../../../src/engine/rng.js';
import { resolveScenario } from '../../../src/engine/scenario.js';
import { auditState } from '../../../src/models/epstein/audit.js';
import { model } from '../../../src/models/epstein/index.js';
import { outburstStarts } from '../../../src/models/epstein/outcomes.js';
import type { EpsteinParams } from '../../../src/models/epstein/params.js';
import { advance, startRun } from '../../../src/models/epstein/simulate.js';
import { recordStep, summarise } from '../../../src/models/epstein/outcomes.js';

const PRESETS = ['epstein-mesa', 'epstein-netlogo', 'epstein-2'];

const OUTCOME_NAMES = [
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
const SERIES_NAMES = ['quiescent', 'active', 'jailed', 'activeA', 'activeB', 'populationA', 'populationB'];

function params(over: Record<string, unknown>): EpsteinParams {
  return validateParams(model.paramsSchema, over) as EpsteinParams;
}

/** Small worlds with every open choice drawn, both variants, short runs. */
const anyParams = fc
  .record({
    variant: fc.constantFrom('I', 'II'),
    steps: fc.integer({ min: 1, max: 25 }),
    vision: fc.integer({ min: 1, max: 4 }),
    copVision: fc.integer({ min: 1, max: 4 }),
    extra: fc.integer({ min: 0, max: 8 }),
    citizenDensity: fc.double({ min: 0, max: 0.8, noNaN: true }),
    copDensity: fc.double({ min: 0, max: 0.15, noNaN: true }),
    placement: fc.constantFrom('exactCount', 'perCell'),
    neighbourhood: fc.constantFrom('vonNeumann', 'moore', 'disk'),
    visionIncludesOwnCell: fc.boolean(),
    legitimacy: fc.double({ min: 0, max: 1, noNaN: true }),
    caRule: fc.constantFrom('none', 'floor', 'round'),
    movement: fc.boolean(),
    movePhase: fc.constantFrom('beforeAction', 'afterAction'),
    jailMax: fc.integer({ min: 0, max: 40 }),
    jailDraw: fc.constantFrom('inclusive', 'exclusive'),
    jailCountdown: fc.constantFrom('onActivation', 'endOfStep'),
    jailedPlacement: fc.constantFrom('removed', 'stay', 'transparent'),
    releaseSite: fc.constantFrom('nearHome', 'random'),
    follow: fc.boolean(),
    drop: fc.record({
      atStep: fc.integer({ min: 1, max: 20 }),
      amount: fc.double({ min: 0, max: 1, noNaN: true }),
      overSteps: fc.integer({ min: 1, max: 10 }),
    }),
    m2: fc.record({
      groupAShare: fc.double({ min: 0, max: 1, noNaN: true }),
      legitimacyA: fc.double({ min: 0, max: 1, noNaN: true }),
      legitimacyB: fc.double({ min: 0, max: 1, noNaN: true }),
      maxAgeSteps: fc.integer({ min: 1, max: 30 }),
      birthProbability: fc.double({ min: 0, max: 1, noNaN: true }),
      birthRadius: fc.integer({ min: 1, max: 2 }),
      offspringTraits: fc.constantFrom('inherit', 'redraw'),
      activeNeedsTarget: fc.boolean(),
      killerMovesToVictim: fc.boolean(),
      arrestEstimateActives: fc.constantFrom('all', 'ownGroup'),
    }),
  })
  .map((r) => {
    const side = 2 * Math.max(r.vision, r.copVision, r.m2.birthRadius) + 1 + r.extra;
    return params({
      variant: r.variant,
      steps: r.steps,
      width: side,
      height: side + (r.extra % 3),
      citizenDensity: r.citizenDensity,
      copDensity: r.copDensity,
      placement: r.placement,
      citizenVision: r.vision,
      copVision: r.copVision,
      neighbourhood: r.neighbourhood,
      visionIncludesOwnCell: r.visionIncludesOwnCell,
      legitimacy: r.legitimacy,
      caRule: r.caRule,
      movement: r.movement,
      movePhase: r.movePhase,
      jailMax: r.jailMax,
      jailDraw: r.jailDraw,
      jailCountdown: r.jailCountdown,
      jailedPlacement: r.jailedPlacement,
      releaseSite: r.releaseSite,
      copFollowsArrest: r.follow && r.jailedPlacement !== 'stay',
      legitimacyDrop: r.drop,
      model2: r.m2,
    });
  });

const seedArb = fc.oneof(fc.nat(), fc.string({ minLength: 1, maxLength: 6 }));

describe('the epstein model module', () => {
  it('declares the outcomes and series it returns, in order, with units and meanings', () => {
    expect(model.name).toBe('epstein');
    expect(model.stepUnit).toBe('step');
    expect(model.outcomes.map((m) => m.name)).toEqual(OUTCOME_NAMES);
    expect(model.series.map((m) => m.name)).toEqual(SERIES_NAMES);
    for (const m of [...model.outcomes, ...model.series]) {
      expect(m.unit.length).toBeGreaterThan(0);
      expect(m.description.length).toBeGreaterThan(10);
    }
    const r = model.simulate(params({ steps: 7 }), createStreams(1, 0));
    expect(Object.keys(r.outcomes)).toEqual(OUTCOME_NAMES);
    expect(Object.keys(r.series)).toEqual(SERIES_NAMES);
    for (const s of Object.values(r.series)) expect(s.length).toBe(model.seriesLength(params({ steps: 7 })));
    expect(model.seriesLength(params({ steps: 7 }))).toBe(8);
  });

  it('describes every parameter, accepts its own defaults and names every open choice', () => {
    const infos = describeParams(model.paramsSchema);
    for (const p of infos) expect(p.description.length, p.path).toBeGreaterThan(10);
    const paths = infos.map((p) => p.path);
    for (const open of [
      'caRule',
      'neighbourhood',
      'visionIncludesOwnCell',
      'movePhase',
      'jailDraw',
      'jailCountdown',
      'jailedPlacement',
      'copFollowsArrest',
      'placement',
      'outburstThreshold',
      'legitimacyDrop.atStep',
      'legitimacyDrop.amount',
      'legitimacyDrop.overSteps',
      'model2.birthProbability',
      'model2.maxAgeSteps',
    ]) {
      expect(paths).toContain(open);
    }
    expect(() => validateParams(model.paramsSchema, {})).not.toThrow();
  });

  it('refuses inconsistent parameters with a message naming the path', () => {
    const bad = (over: Record<string, unknown>, message: RegExp) => {
      expect(() => validateParams(model.paramsSchema, over)).toThrow(InputError);
      expect(() => validateParams(model.paramsSchema, over)).toThrow(message);
    };
    bad({ citizenDensity: 0.9, copDensity: 0.2 }, /copDensity: citizenDensity \+ copDensity must be at most 1/);
    bad({ width: 10, citizenVision: 5 }, /citizenVision: must be at most 4/);
    bad({ jailedPlacement: 'stay', copFollowsArrest: true }, /copFollowsArrest/);
    bad({ caRule: 'ceil' }, /caRule: expected one of/);
    bad({ legitimacyDrop: { overSteps: 0 } }, /legitimacyDrop.overSteps/);
    bad({ vision: 7 }, /vision: unknown parameter/);
  });

  it('ships the three presets, each with a title and a rationale, resolving against the schema', () => {
    for (const name of PRESETS) {
      const s = resolveScenario(name, model);
      expect(s.model).toBe('epstein');
      expect(s.title.length).toBeGreaterThan(20);
      expect(s.rationale.length).toBeGreaterThan(100);
      expect(() => model.paramsSchema.parse(s.params)).not.toThrow();
    }
    const mesa = resolveScenario('epstein-mesa', model).params as EpsteinParams;
    expect([mesa.width, mesa.height, mesa.citizenDensity, mesa.copDensity, mesa.citizenVision]).toEqual([
      40, 40, 0.7, 0.074, 7,
    ]);
    expect([mesa.neighbourhood, mesa.legitimacy, mesa.jailMax, mesa.caRule]).toEqual([
      'vonNeumann',
      0.8,
      1000,
      'round',
    ]);
    const netlogo = resolveScenario('epstein-netlogo', model).params as EpsteinParams;
    expect([netlogo.citizenDensity, netlogo.copDensity, netlogo.citizenVision, netlogo.neighbourhood]).toEqual([
      0.7,
      0.04,
      7,
      'disk',
    ]);
    expect([netlogo.legitimacy, netlogo.jailMax, netlogo.caRule]).toEqual([0.82, 30, 'floor']);
    expect((resolveScenario('epstein-2', model).params as EpsteinParams).variant).toBe('II');
  });
});

describe('every run', () => {
  it('is a deterministic function of (params, seed, run) (property)', () => {
    fc.assert(
      fc.property(anyParams, seedArb, fc.nat({ max: 50 }), (p, seed, run) => {
        const a = model.simulate(p, createStreams(seed, run));
        const b = model.simulate(p, createStreams(seed, run));
        for (const k of OUTCOME_NAMES) expect(Object.is(a.outcomes[k], b.outcomes[k]), k).toBe(true);
        for (const k of SERIES_NAMES) expect(Array.from(b.series[k]), k).toEqual(Array.from(a.series[k]));
      }),
      { seed: 41, numRuns: 60 },
    );
  });

  it('keeps every index consistent, conserves citizens and keeps shares in [0, 1] at every step (property)', () => {
    fc.assert(
      fc.property(anyParams, seedArb, (p, seed) => {
        const { state: s, recording: rec } = startRun(p, createStreams(seed, 0));
        expect(auditState(s)).toEqual([]);
        const citizens0 = rec.populationA[0] + rec.populationB[0];
        for (let t = 1; t <= p.steps; t++) {
          advance(s, t);
          recordStep(s, rec, t);
          expect(auditState(s), `step ${t}`).toEqual([]);
          const pop = rec.populationA[t] + rec.populationB[t];
          if (p.variant === 'I') {
            expect(pop).toBe(citizens0);
            expect(rec.populationB[t]).toBe(0);
          }
          if (pop > 0) expect(Math.abs(rec.quiescent[t] + rec.active[t] + rec.jailed[t] - 1)).toBeLessThan(1e-12);
          const quiet = s.population[0] + s.population[1] - s.nActive[0] - s.nActive[1] - s.nJailed[0] - s.nJailed[1];
          expect(quiet).toBeGreaterThanOrEqual(0);
        }
        const r = summarise(s, rec);
        for (const k of SERIES_NAMES) {
          for (const x of r.series[k]) expect(Number.isNaN(x), k).toBe(false);
        }
        for (const k of ['quiescent', 'active', 'jailed', 'activeA', 'activeB']) {
          for (const x of r.series[k]) expect(x >= 0 && x <= 1, k).toBe(true);
        }
        for (const k of ['meanActiveShare', 'peakActiveShare', 'meanJailedShare']) {
          expect(r.outcomes[k] >= 0 && r.outcomes[k] <= 1, k).toBe(true);
        }
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('reports outcomes that agree with its own series', () => {
    fc.assert(
      fc.property(anyParams, seedArb, (p, seed) => {
        const r = model.simulate(p, createStreams(seed, 0));
        const a = r.series.active;
        const steps = a.length - 1;
        let sum = 0;
        let peak = 0;
        for (let t = 1; t <= steps; t++) {
          sum += a[t];
          peak = Math.max(peak, a[t]);
        }
        expect(r.outcomes.meanActiveShare).toBeCloseTo(sum / steps, 12);
        expect(r.outcomes.peakActiveShare).toBe(peak);
        const starts = outburstStarts(a, p.outburstThreshold);
        expect(r.outcomes.outbursts).toBe(starts.length);
        if (starts.length < 2) expect(r.outcomes.meanOutburstInterval).toBeNaN();
        else
          expect(r.outcomes.meanOutburstInterval).toBeCloseTo(
            (starts[starts.length - 1] - starts[0]) / (starts.length - 1),
            12,
          );
        if (p.variant === 'I') {
          expect([r.outcomes.deathsGroupA, r.outcomes.deathsGroupB, r.outcomes.wipedOut]).toEqual([0, 0, 0]);
          expect(r.outcomes.wipedOutStep).toBeNaN();
        } else if (r.outcomes.wipedOut === 1) {
          const t = r.outcomes.wipedOutStep;
          expect(r.series.populationA[t] === 0 || r.series.populationB[t] === 0).toBe(true);
        } else {
          expect(r.outcomes.wipedOutStep).toBeNaN();
        }
      }),
      { seed: 43, numRuns: 60 },
    );
  });

  it('starts with every citizen quiet, and Model I places round(density x cells) agents under exactCount', () => {
    const p = params({ steps: 1 });
    const r = model.simulate(p, createStreams(3, 0));
    expect([r.series.quiescent[0], r.series.active[0], r.series.jailed[0]]).toEqual([1, 0, 0]);
    expect(r.series.populationA[0]).toBe(1120);
  });
});
