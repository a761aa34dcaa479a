// The patterns Epstein (2002) reports, reproduced on fixed seeds with enough runs that the margins are wide
// (docs/MODEL-epstein.md, "Patterns", gives the reasoning and the figures measured when these were written).
import { describe, expect, it } from 'vitest';
import { deepMerge, validateParams } from '../../../src/engine/params.js';
import { createStreams } from '../../../src/engine/rng.js';
import { resolveScenario } from '../../../src/engine/scenario.js';
import { model } from '../../../src/models/epstein/index.js';
import type { RunResult } from '../../../src/engine/model.js';
import type { EpsteinParams } from '../../../src/models/epstein/params.js';

function preset(name: string, over: Record<string, unknown> = {}): EpsteinParams {
  return validateParams(model.paramsSchema, deepMerge(resolveScenario(name, model).params, over)) as EpsteinParams;
}

function runs(p: EpsteinParams, seed: string, n: number) {
  return Array.from({ length: n }, (_, r) => model.simulate(p, createStreams(seed, r)));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

describe('Model I: punctuated equilibrium (Epstein 2002, Figs. 3-4)', () => {
  it('under epstein-netlogo, every run has many outbursts separated by long quiet spells', () => {
    const p = preset('epstein-netlogo');
    expect(p.steps).toBe(500);
    for (const r of runs(p, 'punctuated', 10)) {
      const active = Array.from(r.series.active.subarray(1));
      const above = active.filter((x) => x > p.outburstThreshold).length / active.length;
      expect(r.outcomes.outbursts).toBeGreaterThanOrEqual(5);
      expect(r.outcomes.peakActiveShare).toBeGreaterThan(0.2);
      expect(median(active)).toBeLessThan(0.01);
      expect(above).toBeLessThan(0.4);
      expect(Number.isFinite(r.outcomes.meanOutburstInterval)).toBe(true);
    }
  });

  it('needs the floor of C/A: with C/A as printed (caRule none) the same runs have no outburst', () => {
    const p = preset('epstein-netlogo', { caRule: 'none' });
    for (const r of runs(p, 'punctuated', 5)) {
      expect(r.outcomes.outbursts).toBe(0);
      expect(r.outcomes.peakActiveShare).toBeLessThan(p.outburstThreshold);
    }
  });
});

describe('Model I: salami tactics (Epstein 2002, Figs. 9-10)', () => {
  // The paper's runs 3 and 4 (Ascape CVModelIRun3and4and5.java): the schema defaults (the authors' Model I code)
  // with legitimacy 0.9, cop density 0.074 and terms long enough to be life sentences over 300 steps.
  const base = {
    steps: 300,
    legitimacy: 0.9,
    copDensity: 0.074,
    jailMax: 1_000_000,
    legitimacyDrop: { atStep: 50, amount: 0.45 },
  };
  const withDrop = (overSteps: number) =>
    validateParams(model.paramsSchema, deepMerge(base, { legitimacyDrop: { overSteps } })) as EpsteinParams;

  it('a fall of 0.45 in one step sets off an outburst at once; the same fall over 100 steps does not', () => {
    const sudden = runs(withDrop(1), 'salami', 20);
    const gradual = runs(withDrop(100), 'salami', 20);
    const burstAtOnce = sudden.filter((r) =>
      (r.events ?? []).some((e) => e.kind === 'outburst' && e.step >= 50 && e.step <= 55),
    ).length;
    const anyBurst = gradual.filter((r) => r.outcomes.outbursts > 0).length;
    expect(burstAtOnce).toBeGreaterThanOrEqual(18);
    expect(anyBurst).toBeLessThanOrEqual(2);
    expect(median(sudden.map((r) => r.outcomes.peakActiveShare))).toBeGreaterThan(0.3);
    expect(median(gradual.map((r) => r.outcomes.peakActiveShare))).toBeLessThan(0.02);
    // The gradual fall is absorbed by arrests made one at a time: the jail fills without any outburst.
    expect(median(gradual.map((r) => r.series.jailed[300]))).toBeGreaterThan(0.05);
  });
});

describe('Model II: genocide and peacekeeping (Epstein 2002, Figs. 13-17)', () => {
  const cache = new Map<number, RunResult['outcomes'][]>();
  const outcomesAt = (copDensity: number) => {
    let os = cache.get(copDensity);
    if (!os) {
      os = runs(preset('epstein-2', { copDensity }), 'genocide', 20).map((r) => r.outcomes);
      cache.set(copDensity, os);
    }
    return os;
  };
  // Waiting time to the wipe-out; a run without one counts as 501 (the horizon is 500 steps).
  const waits = (os: RunResult['outcomes'][]) => os.map((o) => (o.wipedOut ? o.wipedOutStep : 501));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  it('without cops one group is wiped out in almost every run, and soon', () => {
    const os = outcomesAt(0);
    expect(os.filter((o) => o.wipedOut === 1).length).toBeGreaterThanOrEqual(18);
    expect(median(waits(os))).toBeLessThan(200);
  });

  it('the more peacekeepers, the later the wipe-out; at density 0.3 it does not happen within 500 steps', () => {
    expect(mean(waits(outcomesAt(0.04)))).toBeGreaterThan(mean(waits(outcomesAt(0))) + 30);
    expect(median(waits(outcomesAt(0.1)))).toBeGreaterThan(2 * median(waits(outcomesAt(0))));
    expect(outcomesAt(0.3).filter((o) => o.wipedOut === 1).length).toBeLessThanOrEqual(2);
  });
});
