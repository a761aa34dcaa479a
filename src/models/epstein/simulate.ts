// The schedule of one step (the only place that decides the order of the processes):
//   1. legitimacy in force this step (legitimacy.ts);
//   2. every agent alive at the start of the step, cops and citizens together, takes one turn in a random order
//      drawn afresh from the `order` stream (random asynchronous activation, as Mesa's shuffle_do and NetLogo's
//      `ask turtles`): a citizen serves jail time or moves and applies rule A (citizen.ts), and in Model II kills
//      (model2.ts); a cop moves and arrests (cop.ts);
//   3. jail terms fall by one (jailCountdown endOfStep only; jail.ts);
//   4. Model II: ageing and deaths, then births (model2.ts);
//   5. the state is recorded (outcomes.ts).
import { keepUntilNextRun, primeOnce } from '../../engine/keepalive.js';
import type { RunResult } from '../../engine/model.js';
import { type Streams, createStreams } from '../../engine/rng.js';
import { activateCitizen } from './citizen.js';
import { activateCop } from './cop.js';
import { serveJailTermsAtEndOfStep } from './jail.js';
import { updateLegitimacy } from './legitimacy.js';
import { ageAndDie, giveBirths } from './model2.js';
import { type Recording, createRecording, recordStep, summarise } from './outcomes.js';
import type { EpsteinParams } from './params.js';
import { COP, type EpsteinState, createState } from './state.js';

/** Fill s.order with every live agent and shuffle it; returns how many there are. */
export function drawActivationOrder(s: EpsteinState): number {
  let n = 0;
  for (let i = 0; i < s.used; i++) if (s.alive[i] !== 0) s.order[n++] = i;
  s.rng.order.shuffle(s.order, n);
  return n;
}

/** Advance the state by step t (t = 1, 2, ...). */
export function advance(s: EpsteinState, t: number): void {
  updateLegitimacy(s, t);
  const n = drawActivationOrder(s);
  for (let k = 0; k < n; k++) {
    const i = s.order[k];
    if (s.alive[i] === 0) continue; // killed earlier in this step
    if (s.kind[i] === COP) activateCop(s, i);
    else activateCitizen(s, i);
  }
  if (s.p.jailCountdown === 'endOfStep') serveJailTermsAtEndOfStep(s);
  if (s.twoGroups) {
    ageAndDie(s);
    giveBirths(s, n);
  }
}

/** A run in progress: the state and what has been recorded so far (tests step it by hand). */
export interface Run {
  readonly state: EpsteinState;
  readonly recording: Recording;
}

export function startRun(p: EpsteinParams, streams: Streams): Run {
  primeOnce('epstein', () => createState(p, createStreams('prime', 0))); // engine/keepalive.ts
  const state = createState(p, streams);
  const recording = createRecording(p.steps);
  recordStep(state, recording, 0);
  return { state, recording };
}

export function simulate(p: EpsteinParams, streams: Streams): RunResult {
  const { state, recording } = startRun(p, streams);
  keepUntilNextRun('epstein', state); // keeps V8's maps of the state alive between runs (engine/keepalive.ts)
  for (let t = 1; t <= p.steps; t++) {
    advance(state, t);
    recordStep(state, recording, t);
  }
  return summarise(state, recording);
}
