// The peacekeeping model (issue 3): the workshop report's drivers as an agent-based model. docs/MODEL.md is its
// ODD description.
import type { Model } from '../../engine/model.js';
import { OUTCOMES, SERIES } from './outputs.js';
import { paramsSchema } from './params.js';
import { simulate } from './simulate.js';

export const model: Model<typeof paramsSchema> = {
  name: 'peacekeeping',
  title: 'UN peacekeeping theatre: council, budget, regional partners, mandates, armed groups, legitimacy, exit',
  paramsSchema,
  outcomes: OUTCOMES,
  series: SERIES,
  stepUnit: 'month',
  seriesLength: (params) => params.horizonMonths,
  simulate,
};

export { paramsSchema, simulate };
