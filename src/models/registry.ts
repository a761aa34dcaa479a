// The models pkosim knows, by name. Workers load a model from its module URL, so the kernel never imports a model.
import type { Model } from '../engine/model.js';
import { InputError } from '../engine/errors.js';

export interface ModelEntry {
  readonly name: string;
  /** URL of the module that exports `model`. */
  readonly moduleUrl: string;
  /** URL of the module batch workers load: it exports `runtime`, the model without its zod schema. */
  readonly runtimeUrl: string;
}

export const MODELS: readonly ModelEntry[] = [
  {
    name: 'epstein',
    moduleUrl: new URL('./epstein/index.js', import.meta.url).href,
    runtimeUrl: new URL('./epstein/runtime.js', import.meta.url).href,
  },
  {
    name: 'peacekeeping',
    moduleUrl: new URL('./peacekeeping/index.js', import.meta.url).href,
    runtimeUrl: new URL('./peacekeeping/runtime.js', import.meta.url).href,
  },
];

export function modelEntry(name: string): ModelEntry {
  const e = MODELS.find((m) => m.name === name);
  if (!e) throw new InputError(`✖ model: expected one of ${MODELS.map((m) => m.name).join(', ')}, got "${name}"`);
  return e;
}

export async function loadModel(name: string): Promise<Model> {
  return importModel(modelEntry(name).moduleUrl);
}

export async function importModel(moduleUrl: string): Promise<Model> {
  const mod = (await import(moduleUrl)) as { model?: Model };
  if (!mod.model) throw new Error(`importModel: ${moduleUrl} does not export \`model\``);
  return mod.model;
}
