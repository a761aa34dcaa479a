// The peacekeeping model (issue 3): the workshop report's drivers as an agent-based model. docs/MODEL.md is its
// ODD description.
import type { Model } from '../../engine/model.js';
import { paramsSchema } from './params.js';
import { runtime } from './runtime.js';
import { simulate } from './simulate.js';

export const model: Model<typeof paramsSchema> = {
  ...runtime,
  title: 'UN peacekeeping theatre: council, budget, regional partners, mandates, armed groups, legitimacy, exit',
  paramsSchema,
};

export { paramsSchema, simulate };
