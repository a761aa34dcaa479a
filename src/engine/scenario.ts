// Scenario files: presets under src/scenarios/ and user files (YAML or JSON), validated at the boundary.
//
// A scenario is `{ model, extends?, title?, rationale?, params, runs?, seed?, metrics? }`. `extends` names a
// preset or a path relative to the file; parameters merge deeply, later wins: model defaults, then the
// extended scenario, then this file, then `--set`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { z } from 'zod';
import { InputError, formatValue } from './errors.js';
import { applyLinkedParams, compileLinkedParams } from './expressions.js';
import type { Model } from './model.js';
import {
  checkValue,
  deepMerge,
  defaultParams,
  describeParams,
  flattenObject,
  nearestName,
  parseSetArgs,
  setPath,
  unknownPathProblems,
  validateParams,
} from './params.js';
import type { Seed } from './rng.js';

export const PRESETS_DIR = fileURLToPath(new URL('../../src/scenarios/', import.meta.url));

const scenarioFileSchema = z
  .object({
    model: z.string().min(1).optional(),
    extends: z.string().min(1).optional(),
    title: z.string().optional(),
    rationale: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    runs: z.number().int().min(1).optional(),
    // Written unquoted in the seed column of runs.csv: no commas, quotes or line breaks.
    seed: z.union([z.number().int().min(0), z.string().regex(/^[^,"\r\n]+$/, 'expected a word without commas, quotes or line breaks')]).optional(),
    metrics: z.record(z.string(), z.string()).optional(),
  })
  .strict();

type ScenarioFile = z.infer<typeof scenarioFileSchema>;

export interface Scenario {
  /** Preset name, or the file's base name without extension. */
  readonly name: string;
  /** Absolute path of the file it was read from. */
  readonly file: string;
  readonly model: string;
  readonly title: string;
  readonly rationale: string;
  /** Parameter values from the scenario chain and `--set` (nested, before defaults), as written. */
  readonly overrides: Record<string, unknown>;
  readonly runs?: number;
  readonly seed?: Seed;
  /** Derived outcomes: name -> expression over outcomes. */
  readonly metrics: Record<string, string>;
}

export interface PresetInfo {
  readonly name: string;
  readonly model: string;
  readonly title: string;
  readonly file: string;
}

export function presetNames(): string[] {
  if (!existsSync(PRESETS_DIR)) return [];
  return readdirSync(PRESETS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

function looksLikePath(ref: string): boolean {
  return /[\\/]/.test(ref) || /\.(ya?ml|json)$/i.test(ref);
}

function resolveRef(ref: string, fromDir?: string): { file: string; name: string } {
  if (looksLikePath(ref)) {
    const file = isAbsolute(ref) ? ref : resolve(fromDir ?? process.cwd(), ref);
    return { file, name: basename(file, extname(file)) };
  }
  const file = resolve(PRESETS_DIR, `${ref}.yaml`);
  if (!existsSync(file)) {
    const names = presetNames();
    const near = nearestName(ref, names);
    throw new InputError(
      `✖ scenario ${formatValue(ref)}: no such preset${near ? `; did you mean ${near}?` : ''}\n` +
        `  known presets: ${names.join(', ')}\n  (or give a path to a .yaml or .json scenario file)`,
    );
  }
  return { file, name: ref };
}

const MAX_DEPTH = 64;

/**
 * Refuse, before anything recursive touches the data, nesting deeper than MAX_DEPTH (it would overflow the stack
 * of the recursive helpers) and `__proto__` keys (merging them would write to Object.prototype). Iterative.
 */
function structureProblem(data: unknown): string | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: data, path: '', depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > MAX_DEPTH) return `${path.slice(0, 60)}...: expected at most ${MAX_DEPTH} levels of nesting, got more`;
    for (const [k, child] of Object.entries(v)) {
      const p = path ? `${path}.${k}` : k;
      // A dotted key is a path too: `a.__proto__.b` would reach the prototype just the same.
      if (k.split('.').includes('__proto__')) return `${p}: expected a parameter name, got the reserved key "__proto__"`;
      stack.push({ v: child, path: p, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Read and syntax-check one scenario file, with the line of any error. */
function readScenarioFile(file: string): ScenarioFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`✖ ${file}: cannot read the scenario file (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  let data: unknown;
  if (/\.json$/i.test(file)) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      const msg = (e as Error).message;
      const pos = /position (\d+)/.exec(msg);
      const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
      throw new InputError(`✖ ${file}${line ? `:${line}` : ''}: malformed JSON (${msg})`);
    }
  } else {
    const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length) {
      const err = doc.errors[0];
      const line = err.linePos?.[0]?.line;
      throw new InputError(`✖ ${file}${line ? `:${line}` : ''}: malformed YAML (${err.message.split('\n')[0]})`);
    }
    try {
      data = doc.toJS();
    } catch (e) {
      // yaml refuses alias bombs ("Excessive alias count") here, after parsing.
      throw new InputError(`✖ ${file}: malformed YAML (${(e as Error).message})`);
    }
  }
  const structure = structureProblem(data);
  if (structure) throw new InputError(`✖ ${structure} (in ${file})`);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError(`✖ ${file}: expected a mapping with model, params, ..., got ${formatValue(data)}`);
  }
  const r = scenarioFileSchema.safeParse(data);
  if (!r.success) {
    const lines = r.error.issues.map((i) => {
      if (i.code === 'unrecognized_keys') {
        const known = Object.keys(scenarioFileSchema.shape);
        return i.keys
          .map((k) => `✖ ${k}: unknown scenario key; expected one of ${known.join(', ')} (in ${file})`)
          .join('\n');
      }
      const path = i.path.join('.');
      const got = (data as Record<string, unknown>)[String(i.path[0])];
      return `✖ ${path}: ${i.message}, got ${formatValue(got)} (in ${file})`;
    });
    throw new InputError(lines.join('\n'));
  }
  return r.data;
}

interface Chain {
  model?: string;
  title?: string;
  rationale?: string;
  runs?: number;
  seed?: Seed;
  metrics: Record<string, string>;
  layers: { file: string; params: Record<string, unknown> }[];
}

function readChain(ref: string, fromDir: string | undefined, seen: string[]): Chain & { file: string; name: string } {
  const { file, name } = resolveRef(ref, fromDir);
  if (seen.includes(file)) {
    throw new InputError(`✖ extends: circular chain ${[...seen, file].join(' -> ')}`);
  }
  const f = readScenarioFile(file);
  const parent = f.extends ? readChain(f.extends, dirname(file), [...seen, file]) : undefined;
  if (parent?.model && f.model && parent.model !== f.model) {
    throw new InputError(
      `✖ model: expected ${formatValue(parent.model)} like the extended scenario ${parent.file}, got ${formatValue(f.model)} (in ${file})`,
    );
  }
  return {
    file,
    name,
    model: f.model ?? parent?.model,
    title: f.title ?? parent?.title,
    rationale: f.rationale ?? parent?.rationale,
    runs: f.runs ?? parent?.runs,
    seed: f.seed ?? parent?.seed,
    metrics: { ...(parent?.metrics ?? {}), ...(f.metrics ?? {}) },
    layers: [...(parent?.layers ?? []), { file, params: f.params ?? {} }],
  };
}

/** Load a scenario by preset name or path and apply `--set` overrides; nothing is run or written. */
export function loadScenarioFile(ref: string): Scenario & { layers: Chain['layers'] } {
  const chain = readChain(ref, undefined, []);
  if (!chain.model) throw new InputError(`✖ model: expected a model name (epstein, peacekeeping), got nothing (in ${chain.file})`);
  return {
    name: chain.name,
    file: chain.file,
    model: chain.model,
    title: chain.title ?? chain.name,
    rationale: chain.rationale ?? '',
    overrides: deepMerge(...chain.layers.map((l) => l.params)),
    runs: chain.runs,
    seed: chain.seed,
    metrics: chain.metrics,
    layers: chain.layers,
  };
}

export interface ResolvedScenario extends Scenario {
  /** The full parameter object after defaults, scenario chain, `--set` and linked parameters, validated. */
  readonly params: Record<string, unknown>;
  /** Linked parameters: path -> expression over other parameters (applied to `params` and to every sweep point). */
  readonly links: Record<string, string>;
}

/**
 * Resolve a scenario against its model: check every layer's parameter names and values (naming the file of
 * the layer where a bad value sits), apply `--set`, compute linked parameters (a string where a number or
 * boolean is expected is an expression over other parameters) and validate the whole with the model's schema.
 */
export function resolveScenario(ref: string, model: Model, setArgs: readonly string[] = []): ResolvedScenario {
  const s = loadScenarioFile(ref);
  const infos = describeParams(model.paramsSchema);
  const problems: string[] = [];
  const links: Record<string, string> = {};
  const linkFiles: Record<string, string> = {};
  const layers: Record<string, unknown>[] = [];
  for (const layer of s.layers) {
    const flat = flattenObject(layer.params);
    problems.push(...unknownPathProblems(flat, infos, layer.file, 'params.'));
    const plain: Record<string, unknown> = {};
    for (const p of infos) {
      if (!(p.path in flat)) continue;
      const v = flat[p.path];
      if (typeof v === 'string' && p.kind !== 'enum') {
        links[p.path] = v;
        linkFiles[p.path] = layer.file;
        continue;
      }
      delete links[p.path];
      const bad = checkValue(p, v, layer.file);
      if (bad) problems.push(bad.replace('✖ ', '✖ params.'));
      setPath(plain, p.path, v);
    }
    layers.push(plain);
  }
  if (problems.length) throw new InputError(problems.join('\n'));
  const set = parseSetArgs(setArgs, infos);
  for (const path of Object.keys(flattenObject(set))) delete links[path];
  const overrides = deepMerge(...layers, set);
  let merged = deepMerge(defaultParams(model.paramsSchema), overrides);
  if (Object.keys(links).length) {
    const file = linkFiles[Object.keys(links)[0]];
    const compiled = compileLinkedParams(links, infos, { file, section: 'params' });
    const flat = applyLinkedParams(flattenObject(merged), compiled, infos, { file, section: 'params' });
    merged = deepMerge(flat);
  }
  const params = validateParams(model.paramsSchema, merged, s.file);
  return { ...s, overrides: deepMerge(overrides, links), params: params as Record<string, unknown>, links };
}

export function listPresets(): PresetInfo[] {
  return presetNames().map((name) => {
    const s = loadScenarioFile(name);
    return { name, model: s.model, title: s.title, file: s.file };
  });
}
