// One run of the peacekeeping model: a pure function of its parameters and streams.
import { keepUntilNextRun, primeOnce } from '../../engine/keepalive.js';
import type { RunResult } from '../../engine/model.js';
import { type Streams, createStreams } from '../../engine/rng.js';
import { createWorld } from './initialise.js';
import { collectOutcomes } from './metrics.js';
import { SERIES_NAMES } from './outputs.js';
import type { PeacekeepingParams } from './params.js';
import { runMonth } from './schedule.js';

export function simulate(params: PeacekeepingParams, streams: Streams): RunResult {
  primeOnce('peacekeeping', () => createWorld(params, createStreams('prime', 0), SERIES_NAMES)); // engine/keepalive.ts
  const w = createWorld(params, streams, SERIES_NAMES);
  keepUntilNextRun('peacekeeping', w); // keeps V8's maps of the world alive between runs (engine/keepalive.ts)
  for (let month = 0; month < params.horizonMonths; month++) {
    w.month = month;
    runMonth(w);
  }
  return { outcomes: collectOutcomes(w), series: w.series, events: w.events };
}
