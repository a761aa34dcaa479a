// What a run reports: per-step series and the scalar outcomes derived from them (outbursts, waiting times,
// Model II deaths and wipe-out). One list for both variants; outcomes that do not apply are 0 or NaN.
import type { MetricSpec, ModelEvent, RunResult } from '../../engine/model.js';
import { type EpsteinState, GROUP_A, GROUP_B } from './state.js';

export const SERIES: readonly MetricSpec[] = [
  { name: 'quiescent', unit: 'share of citizens', description: 'citizens free and quiet / all citizens' },
  {
    name: 'active',
    unit: 'share of citizens',
    description: 'citizens active (rebelling; Model II: violent) / all citizens',
  },
  { name: 'jailed', unit: 'share of citizens', description: 'citizens in jail / all citizens' },
  {
    name: 'activeA',
    unit: 'share of group A',
    description: 'active members of group A / members of A (Model I: all citizens are A)',
  },
  {
    name: 'activeB',
    unit: 'share of group B',
    description: 'active members of group B / members of B (0 when B is empty; Model I: 0)',
  },
  { name: 'populationA', unit: 'citizens', description: 'members of group A alive, free or jailed' },
  { name: 'populationB', unit: 'citizens', description: 'members of group B alive, free or jailed (Model I: 0)' },
];

export const OUTCOMES: readonly MetricSpec[] = [
  { name: 'meanActiveShare', unit: 'share of citizens', description: 'mean over steps 1..steps of the active share' },
  { name: 'peakActiveShare', unit: 'share of citizens', description: 'largest active share over steps 1..steps' },
  { name: 'meanJailedShare', unit: 'share of citizens', description: 'mean over steps 1..steps of the jailed share' },
  {
    name: 'outbursts',
    unit: 'outbursts',
    description: 'steps at which the active share rises above outburstThreshold from at or below it',
  },
  {
    name: 'meanOutburstInterval',
    unit: 'step',
    description: 'mean number of steps between successive outburst starts (NaN with fewer than 2 outbursts)',
  },
  {
    name: 'deathsGroupA',
    unit: 'citizens',
    description: 'Model II: members of group A killed by group B (Model I: 0)',
  },
  {
    name: 'deathsGroupB',
    unit: 'citizens',
    description: 'Model II: members of group B killed by group A (Model I: 0)',
  },
  {
    name: 'wipedOut',
    unit: '0/1',
    description: 'Model II: 1 if a group present at the start had no member left at some step (Model I: 0)',
  },
  {
    name: 'wipedOutStep',
    unit: 'step',
    description: 'Model II: first step at which a group had no member left (NaN if none)',
  },
];

export interface Recording {
  readonly quiescent: Float64Array;
  readonly active: Float64Array;
  readonly jailed: Float64Array;
  readonly activeA: Float64Array;
  readonly activeB: Float64Array;
  readonly populationA: Float64Array;
  readonly populationB: Float64Array;
  readonly initialPopulation: Int32Array;
  wipedOutStep: number;
}

export function createRecording(steps: number): Recording {
  const n = steps + 1;
  return {
    quiescent: new Float64Array(n),
    active: new Float64Array(n),
    jailed: new Float64Array(n),
    activeA: new Float64Array(n),
    activeB: new Float64Array(n),
    populationA: new Float64Array(n),
    populationB: new Float64Array(n),
    initialPopulation: new Int32Array(2),
    wipedOutStep: Number.NaN,
  };
}

/** Record the state after step t (t = 0: the initial state). */
export function recordStep(s: EpsteinState, rec: Recording, t: number): void {
  const popA = s.population[GROUP_A];
  const popB = s.population[GROUP_B];
  const pop = popA + popB;
  const active = s.nActive[GROUP_A] + s.nActive[GROUP_B];
  const jailed = s.nJailed[GROUP_A] + s.nJailed[GROUP_B];
  rec.quiescent[t] = pop > 0 ? (pop - active - jailed) / pop : 0;
  rec.active[t] = pop > 0 ? active / pop : 0;
  rec.jailed[t] = pop > 0 ? jailed / pop : 0;
  rec.activeA[t] = popA > 0 ? s.nActive[GROUP_A] / popA : 0;
  rec.activeB[t] = popB > 0 ? s.nActive[GROUP_B] / popB : 0;
  rec.populationA[t] = popA;
  rec.populationB[t] = popB;
  if (t === 0) {
    rec.initialPopulation[GROUP_A] = popA;
    rec.initialPopulation[GROUP_B] = popB;
  } else if (s.twoGroups && Number.isNaN(rec.wipedOutStep)) {
    if ((rec.initialPopulation[GROUP_A] > 0 && popA === 0) || (rec.initialPopulation[GROUP_B] > 0 && popB === 0)) {
      rec.wipedOutStep = t;
    }
  }
}

/** Steps t >= 1 at which `share` rises above `threshold` from at or below it at t - 1. */
export function outburstStarts(share: Float64Array, threshold: number): number[] {
  const starts: number[] = [];
  for (let t = 1; t < share.length; t++) {
    if (share[t] > threshold && share[t - 1] <= threshold) starts.push(t);
  }
  return starts;
}

/** Mean of the gaps between successive starts; NaN with fewer than 2 starts. */
export function meanInterval(starts: readonly number[]): number {
  if (starts.length < 2) return Number.NaN;
  return (starts[starts.length - 1] - starts[0]) / (starts.length - 1);
}

export function summarise(s: EpsteinState, rec: Recording): RunResult {
  const steps = rec.active.length - 1;
  let sumActive = 0;
  let sumJailed = 0;
  let peak = 0;
  for (let t = 1; t <= steps; t++) {
    sumActive += rec.active[t];
    sumJailed += rec.jailed[t];
    if (rec.active[t] > peak) peak = rec.active[t];
  }
  const starts = outburstStarts(rec.active, s.p.outburstThreshold);
  const events: ModelEvent[] = starts.map((step) => ({ step, kind: 'outburst' }));
  const wipedOut = Number.isNaN(rec.wipedOutStep) ? 0 : 1;
  if (wipedOut) {
    const which = rec.populationA[rec.wipedOutStep] === 0 ? 'A' : 'B';
    events.push({ step: rec.wipedOutStep, kind: 'wipedOut', detail: `group ${which}` });
  }
  return {
    outcomes: {
      meanActiveShare: sumActive / steps,
      peakActiveShare: peak,
      meanJailedShare: sumJailed / steps,
      outbursts: starts.length,
      meanOutburstInterval: meanInterval(starts),
      deathsGroupA: s.killed[GROUP_A],
      deathsGroupB: s.killed[GROUP_B],
      wipedOut,
      wipedOutStep: rec.wipedOutStep,
    },
    series: {
      quiescent: rec.quiescent,
      active: rec.active,
      jailed: rec.jailed,
      activeA: rec.activeA,
      activeB: rec.activeB,
      populationA: rec.populationA,
      populationB: rec.populationB,
    },
    events,
  };
}
