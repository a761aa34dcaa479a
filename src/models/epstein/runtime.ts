// What batch workers load of the Epstein model: the model without its zod schema (see ModelRuntime).
import type { ModelRuntime } from '../../engine/model.js';
import { OUTCOMES, SERIES } from './outcomes.js';
import type { paramsSchema } from './params.js';
import { simulate } from './simulate.js';

export const runtime: ModelRuntime<typeof paramsSchema> = {
  name: 'epstein',
  outcomes: OUTCOMES,
  series: SERIES,
  stepUnit: 'step',
  seriesLength: (p) => p.steps + 1,
  simulate,
};
