// Epstein's civil violence model (Epstein 2002, PNAS 99 suppl. 3): Model I, decentralised rebellion against a
// central authority, and Model II, violence between two groups with cops as peacekeepers. docs/MODEL-epstein.md
// states the rules, the open choices and the presets.
import type { Model } from '../../engine/model.js';
import { paramsSchema } from './params.js';
import { runtime } from './runtime.js';

export { paramsSchema } from './params.js';
export { simulate } from './simulate.js';

export const model: Model<typeof paramsSchema> = {
  ...runtime,
  title: "Epstein's civil violence model (PNAS 2002): Model I rebellion, Model II inter-group violence",
  paramsSchema,
};
