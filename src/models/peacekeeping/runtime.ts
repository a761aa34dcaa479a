// What batch workers load of the peacekeeping model: the model without its zod schema (see ModelRuntime).
import type { ModelRuntime } from '../../engine/model.js';
import { OUTCOMES, SERIES } from './outputs.js';
import type { paramsSchema } from './params.js';
import { simulate } from './simulate.js';

export const runtime: ModelRuntime<typeof paramsSchema> = {
  name: 'peacekeeping',
  outcomes: OUTCOMES,
  series: SERIES,
  stepUnit: 'month',
  seriesLength: (params) => params.horizonMonths,
  simulate,
};
