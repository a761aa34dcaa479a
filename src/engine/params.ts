// The parameter schema is the single source of truth (STYLE.md §4): this file reads a model's zod schema into
// a flat list of parameters (path, kind, range, default, description, unit, source) that the CLI's `--set`,
// the scenario loader, the sweep designs and the docs tables all use.
import type { z } from 'zod';
import { InputError, formatValue, problem } from './errors.js';
import type { AnySchema } from './model.js';

export type ParamKind = 'number' | 'integer' | 'boolean' | 'enum';

export interface ParamInfo {
  /** Dotted path, e.g. `council.fragmentation`. */
  readonly path: string;
  readonly kind: ParamKind;
  readonly min?: number;
  readonly max?: number;
  /** Allowed values of an enumeration (strings or numbers). */
  readonly options?: readonly (string | number)[];
  readonly default: unknown;
  readonly description: string;
  readonly unit: string;
  readonly source?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: zod's internal definitions are read structurally
type Def = any;

interface Meta {
  description?: string;
  unit?: string;
  source?: string;
}

function metaOf(s: Def): Meta {
  const m = typeof s.meta === 'function' ? s.meta() : undefined;
  const out: Meta = {};
  // Only defined fields: a wrapper's missing description must not hide the inner schema's.
  for (const [k, v] of Object.entries({ description: s.description, ...(m ?? {}) })) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** Strip default/prefault/optional wrappers, collecting the default and any metadata on the way. */
function unwrap(s: Def): { inner: Def; def: unknown; meta: Meta } {
  let meta: Meta = metaOf(s);
  let dflt: unknown;
  let cur = s;
  for (;;) {
    const t = cur.def?.type;
    if (t === 'default' || t === 'prefault') {
      if (dflt === undefined) {
        const v = cur.def.defaultValue;
        dflt = typeof v === 'function' ? v() : v;
      }
      cur = cur.def.innerType;
    } else if (t === 'optional' || t === 'nullable' || t === 'readonly') {
      cur = cur.def.innerType;
    } else break;
    meta = { ...metaOf(cur), ...meta };
  }
  return { inner: cur, def: dflt, meta };
}

/** Every leaf parameter of a model's object schema, in declaration order. */
export function describeParams(schema: AnySchema): ParamInfo[] {
  const out: ParamInfo[] = [];
  const walk = (s: Def, prefix: string) => {
    const { inner, def, meta } = unwrap(s);
    const t = inner.def?.type;
    if (t === 'object') {
      for (const [key, child] of Object.entries(inner.shape as Record<string, Def>)) {
        walk(child, prefix ? `${prefix}.${key}` : key);
      }
      return;
    }
    const base = {
      path: prefix,
      default: def,
      description: meta.description ?? '',
      unit: meta.unit ?? '',
      ...(meta.source ? { source: meta.source } : {}),
    };
    if (t === 'number') {
      const min = Number.isFinite(inner.minValue) ? inner.minValue : undefined;
      const max = Number.isFinite(inner.maxValue) ? inner.maxValue : undefined;
      out.push({ ...base, kind: inner.isInt ? 'integer' : 'number', min, max });
    } else if (t === 'boolean') {
      out.push({ ...base, kind: 'boolean' });
    } else if (t === 'enum') {
      out.push({ ...base, kind: 'enum', options: inner.options });
    } else if (t === 'union' && inner.def.options.every((o: Def) => o.def?.type === 'literal')) {
      out.push({ ...base, kind: 'enum', options: inner.def.options.flatMap((o: Def) => o.def.values) });
    } else if (t === 'literal') {
      out.push({ ...base, kind: 'enum', options: inner.def.values });
    } else {
      throw new Error(`describeParams: parameter ${prefix} has unsupported schema type ${t}`);
    }
  };
  walk(schema, '');
  return out;
}

/** The defaults of a schema as a nested object. */
export function defaultParams(schema: AnySchema): Record<string, unknown> {
  return schema.parse({}) as Record<string, unknown>;
}

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** Set a dotted path in a nested plain object, creating intermediate objects; mutates `obj`. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i];
    const next = cur[k];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]] = value;
}

/** Flatten a nested plain object into dotted paths (leaves only). */
export function flattenObject(obj: unknown, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    if (prefix) out[prefix] = obj;
    return out;
  }
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flattenObject(v, p));
    else out[p] = v;
  }
  return out;
}

/** Deep-merge plain objects; later wins. Returns a new object. */
export function deepMerge(...objs: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of objs) {
    for (const [path, v] of Object.entries(flattenObject(o))) setPath(out, path, v);
  }
  return out;
}

function levenshtein(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n];
}

/** The candidate closest to `name` (case-insensitive edit distance, then shared last segment). */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  const lname = name.toLowerCase();
  const last = lname.split('.').pop() ?? lname;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    let d = levenshtein(lname, lc);
    if ((lc.split('.').pop() ?? lc) === last) d = Math.min(d, 1);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

export function expectedOf(p: ParamInfo): string {
  switch (p.kind) {
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${p.options?.map((o) => JSON.stringify(o)).join(', ')}`;
    default: {
      const what = p.kind === 'integer' ? 'an integer' : 'a number';
      if (p.min !== undefined && p.max !== undefined) return `${what} between ${p.min} and ${p.max}`;
      if (p.min !== undefined) return `${what} >= ${p.min}`;
      if (p.max !== undefined) return `${what} <= ${p.max}`;
      return what;
    }
  }
}

/** Check one value against its parameter; returns a problem line or undefined. */
export function checkValue(p: ParamInfo, value: unknown, file?: string): string | undefined {
  const bad = () => problem(p.path, expectedOf(p), value, file);
  switch (p.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : bad();
    case 'enum':
      return p.options?.includes(value as string | number) ? undefined : bad();
    default: {
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad();
      if (p.kind === 'integer' && !Number.isInteger(value)) return bad();
      if (p.min !== undefined && value < p.min) return bad();
      if (p.max !== undefined && value > p.max) return bad();
      return undefined;
    }
  }
}

/** Turn the text of a `--set` value into the parameter's type (numbers, booleans, enum members). */
export function coerceText(p: ParamInfo, text: string): unknown {
  const t = text.trim();
  if (p.kind === 'boolean') {
    if (t === 'true') return true;
    if (t === 'false') return false;
    return t;
  }
  if (p.kind === 'enum') {
    const asNum = Number(t);
    if (t !== '' && p.options?.includes(asNum)) return asNum;
    return t;
  }
  if (t === '') return t;
  const n = Number(t);
  return Number.isNaN(n) ? t : n;
}

/** Report unknown parameter paths in a flattened object, each with the nearest valid name. */
export function unknownPathProblems(
  flat: Record<string, unknown>,
  infos: readonly ParamInfo[],
  file?: string,
  prefix = '',
): string[] {
  const known = infos.map((p) => p.path);
  const where = file ? ` (in ${file})` : '';
  const out: string[] = [];
  for (const path of Object.keys(flat)) {
    if (known.includes(path)) continue;
    const near = nearestName(path, known);
    out.push(`✖ ${prefix}${path}: unknown parameter${near ? `; did you mean ${near}?` : ''}${where}`);
  }
  return out;
}

/**
 * Parse `path=value` strings from `--set` into a nested override object. Every problem is collected and thrown
 * at once as an InputError.
 */
export function parseSetArgs(args: readonly string[], infos: readonly ParamInfo[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  const known = infos.map((p) => p.path);
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) {
      problems.push(`✖ --set ${formatValue(arg)}: expected path=value, e.g. --set ${known[0] ?? 'a.b'}=0.5`);
      continue;
    }
    const path = arg.slice(0, eq).trim();
    const p = infos.find((i) => i.path === path);
    if (!p) {
      const near = nearestName(path, known);
      problems.push(`✖ --set ${path}: unknown parameter${near ? `; did you mean ${near}?` : ''}`);
      continue;
    }
    const value = coerceText(p, arg.slice(eq + 1));
    const bad = checkValue(p, value);
    if (bad) problems.push(bad.replace('✖ ', '✖ --set '));
    else setPath(out, path, value);
  }
  if (problems.length) throw new InputError(problems.join('\n'));
  return out;
}

/** Validate a full nested parameter object against the schema, with messages in the house style. */
export function validateParams<S extends AnySchema>(
  schema: S,
  params: Record<string, unknown>,
  file?: string,
): z.output<S> {
  const infos = describeParams(schema);
  const flat = flattenObject(params);
  const problems = unknownPathProblems(flat, infos, file);
  for (const p of infos) {
    if (!(p.path in flat)) continue;
    const bad = checkValue(p, flat[p.path], file);
    if (bad) problems.push(bad);
  }
  if (problems.length) throw new InputError(problems.join('\n'));
  const r = schema.safeParse(params);
  if (!r.success) {
    const lines = r.error.issues.map((i) => {
      const path = i.path.join('.');
      return `✖ ${path}: ${i.message}, got ${formatValue(getPath(params, path))}${file ? ` (in ${file})` : ''}`;
    });
    throw new InputError(lines.join('\n'));
  }
  return r.data;
}
