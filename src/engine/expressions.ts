// Expressions in scenario and experiment files, evaluated with mathjs in a restricted scope:
//   derived outcomes   metrics: { deathsPerTroop: "civilianDeaths / max(meanTroops, 1)" }
//   linked parameters  regional.capacity: "0.3 + 0.4 * council.fragmentation"
//
// Every expression is parsed, checked and compiled once, before any run starts (`compile...` throw one
// InputError listing every problem with its file and key), then evaluated as often as needed.
//
// Restrictions. mathjs's security guide disables the functions that can change the instance or parse new input
// (import, createUnit, evaluate, parse, simplify, derivative, ...); we do that too, on a private instance, and go
// further with an allow-list: an expression may use numbers, strings, true/false, the constants pi, e, tau,
// Infinity, NaN, the names it is given, arithmetic, comparison and logical operators, `a ? b : c`, and the
// functions in ALLOWED_FUNCTIONS. Assignments, function definitions, blocks, arrays, objects, ranges, indexing,
// units and every other function are refused at compile time. mathjs runs in "predictable" mode, so sqrt(-1)
// is NaN rather than a complex number. Comparisons keep mathjs's tolerance (equal within a relative 1e-12 or an
// absolute 1e-15), which round/floor/ceil also rely on to undo floating-point noise.
//
// Dotted names. `council.fragmentation` parses in mathjs as property access on an object `council`; we rewrite
// every chain of dotted property accesses into one symbol named with the whole path, and evaluate against a flat
// Map keyed by dotted paths (what `flattenObject` gives). No nested objects reach mathjs.
//
// Loading. `import 'mathjs'` costs 1.2-1.5 s (about 1,260 ES modules); its single-file bundle loads in about
// 0.1 s, so it is required lazily, on the first compile, and only from this file.
import { createRequire } from 'node:module';
import type * as MathJs from 'mathjs';
import { InputError } from './errors.js';
import { type ParamInfo, checkValue, nearestName } from './params.js';

// biome-ignore format: a list reads better in rows
export const ALLOWED_FUNCTIONS: readonly string[] = [
  'abs', 'sign', 'min', 'max', 'round', 'floor', 'ceil', 'fix', 'mod', 'sqrt', 'cbrt', 'pow', 'exp', 'expm1',
  'log', 'log10', 'log2', 'log1p', 'hypot', 'sum', 'prod', 'mean', 'median', 'std', 'variance', 'sin', 'cos',
  'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'isNaN', 'and', 'or', 'not', 'xor',
  'equalText', 'compareText',
];
const CONSTANTS = new Set(['pi', 'e', 'tau', 'Infinity', 'NaN']);
// biome-ignore format: a list reads better in rows
const OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'mod', 'unaryMinus', 'unaryPlus', 'and', 'or', 'xor', 'not',
  'equal', 'unequal', 'smaller', 'larger', 'smallerEq', 'largerEq',
]);
const COMPARISONS = new Set(['equal', 'unequal', 'smaller', 'larger', 'smallerEq', 'largerEq']);
// From mathjs's "Security" page (docs/expressions/security.md), plus the other functions that parse or
// rewrite expressions. The allow-list already keeps them out of expressions; this keeps them out of the instance.
// biome-ignore format: a list reads better in rows
const DISABLED = [
  'import', 'createUnit', 'reviver', 'evaluate', 'parse', 'compile', 'parser', 'simplify', 'simplifyConstant',
  'simplifyCore', 'rationalize', 'resolve', 'derivative', 'symbolicEqual', 'leafCount', 'chain', 'help',
];

export type ScopeValue = number | string | boolean;

export interface ExpressionContext {
  /** The file the expressions come from, named in every error. */
  file?: string;
  /** Prefix of the keys in errors, e.g. 'metrics' gives `metrics.deathsPerTroop`. */
  section?: string;
  /**
   * Values for a trial evaluation at compile time (catches wrong argument counts and types before any run);
   * names not given are tried with 1.
   */
  sample?: Readonly<Record<string, ScopeValue>>;
}

export interface CompiledExpression {
  readonly key: string;
  readonly source: string;
  /** The names (dotted paths) the expression reads. */
  readonly inputs: readonly string[];
  /** Evaluate against named values; a boolean result gives 1 or 0, any other non-number NaN. */
  evaluate(values: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>): number;
}

export interface CompiledExpressionSet {
  /** Keys in evaluation order (every key after the keys it reads). */
  readonly order: readonly string[];
  readonly expressions: Readonly<Record<string, CompiledExpression>>;
  /** The names the set reads from outside itself. */
  readonly inputs: readonly string[];
  /** Evaluate every expression in order, each seeing the values computed before it; returns key -> value. */
  evaluate(values: Readonly<Record<string, unknown>>): Record<string, number>;
}

interface AnyNode {
  type: string;
  name?: string;
  fn?: unknown;
  op?: string;
  value?: unknown;
  object?: AnyNode;
  index?: AnyNode;
  dotNotation?: boolean;
  dimensions?: AnyNode[];
  conditionals?: string[];
  traverse(cb: (node: AnyNode, path: string, parent: AnyNode | null) => void): void;
  transform(cb: (node: AnyNode) => AnyNode): AnyNode;
  compile(): { evaluate(scope?: Map<string, unknown>): unknown };
}

interface Engine {
  parse(text: string): AnyNode;
  symbol(name: string): AnyNode;
}

// The one mathjs instance, made on the first compile (about 0.25 s from built JS: loading the bundle and
// building its parser) and reused. It is configured once and cannot be changed afterwards (import is disabled),
// so sharing it keeps no state between callers.
let sharedEngine: Engine | undefined;

function engine(): Engine {
  sharedEngine ??= createEngine();
  return sharedEngine;
}

/** A private mathjs instance with the dangerous functions disabled. */
function createEngine(): Engine {
  const require = createRequire(import.meta.url);
  const mathjs = require('mathjs/lib/browser/math.js') as typeof MathJs;
  const math = mathjs.create(mathjs.all);
  math.config({ predictable: true });
  const parse = math.parse as unknown as (text: string) => AnyNode;
  const SymbolNode = math.SymbolNode as unknown as new (name: string) => AnyNode;
  const disabled: Record<string, () => never> = {};
  for (const name of DISABLED) {
    disabled[name] = () => {
      throw new Error(`function ${name} is disabled`);
    };
  }
  math.import(disabled, { override: true });
  return { parse, symbol: (name) => new SymbolNode(name) };
}

function dottedName(node: AnyNode): string | undefined {
  if (node.type === 'SymbolNode') return node.name;
  if (node.type !== 'AccessorNode' || !node.object || !node.index?.dotNotation) return undefined;
  const prop = node.index.dimensions?.[0];
  if (prop?.type !== 'ConstantNode' || typeof prop.value !== 'string') return undefined;
  const head = dottedName(node.object);
  return head === undefined ? undefined : `${head}.${prop.value}`;
}

const REFUSED: Record<string, string> = {
  AssignmentNode: 'assignments (=) are not allowed',
  FunctionAssignmentNode: 'function definitions are not allowed',
  BlockNode: 'several statements (; or new lines) are not allowed',
  ArrayNode: 'arrays ([...]) are not allowed',
  ObjectNode: 'objects ({...}) are not allowed',
  RangeNode: 'ranges (a:b) are not allowed',
  IndexNode: 'indexing (a[i]) is not allowed',
  AccessorNode: 'indexing (a[i]) is not allowed',
};

const MAX_EXPRESSION_CHARS = 1000;

interface Checked {
  node?: AnyNode;
  problems: string[];
  symbols: string[];
}

/** Parse, rewrite dotted names, and check one expression against the allow-list and the known names. */
function check(math: Engine, source: string, known: ReadonlySet<string>, suggest: readonly string[]): Checked {
  const problems: string[] = [];
  // mathjs walks its trees recursively: a long chain like 1+1+...+1 (about 3,000 terms) overflows the stack in
  // transform/traverse/compile, past the try below. No sensible expression is near this length.
  if (source.length > MAX_EXPRESSION_CHARS) {
    return {
      problems: [`expected an expression of at most ${MAX_EXPRESSION_CHARS} characters, got ${source.length}`],
      symbols: [],
    };
  }
  let parsed: AnyNode;
  try {
    parsed = math.parse(source);
  } catch (e) {
    return { problems: [`cannot read ${JSON.stringify(source)}: ${(e as Error).message}`], symbols: [] };
  }
  const node = parsed.transform((n) => {
    if (n.type !== 'AccessorNode') return n;
    const name = dottedName(n);
    return name === undefined ? n : math.symbol(name);
  });
  const symbols = new Set<string>();
  const say = (p: string) => {
    if (!problems.includes(p)) problems.push(p);
  };
  node.traverse((n, path, parent) => {
    switch (n.type) {
      case 'ConstantNode':
        if (!['number', 'string', 'boolean'].includes(typeof n.value))
          say(`the value ${String(n.value)} is not allowed`);
        return;
      case 'SymbolNode': {
        const name = n.name as string;
        if (parent?.type === 'FunctionNode' && path === 'fn') return;
        if (known.has(name)) symbols.add(name);
        else if (!CONSTANTS.has(name)) {
          const near = nearestName(name, suggest);
          say(`unknown name ${JSON.stringify(name)}${near ? `; did you mean ${near}?` : ''}`);
        }
        return;
      }
      case 'FunctionNode': {
        const fn = n.fn as AnyNode;
        const name = fn.type === 'SymbolNode' ? (fn.name as string) : undefined;
        if (name === undefined) say('calling the result of an expression is not allowed');
        else if (!ALLOWED_FUNCTIONS.includes(name)) {
          say(`function ${name}() is not allowed; allowed functions: ${ALLOWED_FUNCTIONS.join(', ')}`);
        }
        return;
      }
      case 'OperatorNode':
        if (!OPERATORS.has(n.fn as string)) say(`the operator ${JSON.stringify(n.op)} is not allowed`);
        return;
      case 'RelationalNode':
        if (!(n.conditionals ?? []).every((c) => COMPARISONS.has(c))) say('only comparisons may be chained');
        return;
      case 'ParenthesisNode':
      case 'ConditionalNode':
        return;
      default:
        say(REFUSED[n.type] ?? `${n.type} is not allowed`);
    }
  });
  return { node, problems, symbols: [...symbols] };
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return Number.NaN;
}

type Code = { evaluate(scope?: Map<string, unknown>): unknown };

function makeCompiled(key: string, source: string, code: Code, inputs: readonly string[]): CompiledExpression {
  return {
    key,
    source,
    inputs,
    evaluate(values) {
      const scope = new Map<string, unknown>();
      for (const name of inputs) {
        scope.set(name, values instanceof Map ? values.get(name) : (values as Record<string, unknown>)[name]);
      }
      return toNumber(code.evaluate(scope));
    },
  };
}

function label(ctx: ExpressionContext, key: string): string {
  return ctx.section ? `${ctx.section}.${key}` : key;
}

function line(ctx: ExpressionContext, key: string, what: string): string {
  return `✖ ${label(ctx, key)}: ${what}${ctx.file ? ` (in ${ctx.file})` : ''}`;
}

/**
 * Compile a set of named expressions that may read `names` and each other (in any order, without cycles).
 * Throws one InputError with a line per problem: unreadable text, unknown names (with the nearest known one),
 * refused functions or constructs, cycles, and failures of a trial evaluation on `ctx.sample` values.
 */
export function compileExpressionSet(
  defs: Readonly<Record<string, unknown>>,
  names: readonly string[],
  ctx: ExpressionContext = {},
): CompiledExpressionSet {
  const math = engine();
  const keys = Object.keys(defs);
  const known = new Set([...names, ...keys]);
  const suggest = [...known];
  const problems: string[] = [];
  const checked = new Map<string, Checked>();
  for (const key of keys) {
    const source = defs[key];
    if (typeof source !== 'string' || source.trim() === '') {
      problems.push(line(ctx, key, `expected an expression as text, got ${JSON.stringify(source) ?? String(source)}`));
      continue;
    }
    const c = check(math, source, known, suggest);
    for (const p of c.problems) problems.push(line(ctx, key, p));
    if (c.problems.length === 0) checked.set(key, c);
  }

  // Order by dependencies (depth-first), reporting each cycle once.
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string, trail: string[]) => {
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(key)), key];
      problems.push(line(ctx, key, `depends on itself: ${cycle.join(' -> ')}`));
      return;
    }
    state.set(key, 'visiting');
    for (const dep of checked.get(key)?.symbols ?? []) if (dep in defs && dep !== key) visit(dep, [...trail, key]);
    if (checked.get(key)?.symbols.includes(key)) problems.push(line(ctx, key, `depends on itself: ${key} -> ${key}`));
    state.set(key, 'done');
    order.push(key);
  };
  for (const key of keys) visit(key, []);

  const codes = new Map<string, Code>();
  const expressions: Record<string, CompiledExpression> = {};
  for (const key of order) {
    const c = checked.get(key);
    if (!c?.node) continue;
    const code = c.node.compile();
    codes.set(key, code);
    expressions[key] = makeCompiled(key, defs[key] as string, code, c.symbols);
  }
  const inputs = [...new Set(Object.values(expressions).flatMap((e) => e.inputs.filter((n) => !(n in defs))))];
  const evaluate = (values: Readonly<Record<string, unknown>>): Record<string, number> => {
    // One scope for the whole set: mathjs only reads it (assignments are refused), and each result is added
    // for the expressions after it.
    const scope = new Map<string, unknown>();
    for (const name of inputs) scope.set(name, values[name]);
    const out: Record<string, number> = {};
    for (const key of order) {
      const v = toNumber((codes.get(key) as Code).evaluate(scope));
      out[key] = v;
      scope.set(key, v);
    }
    return out;
  };

  if (problems.length === 0) {
    // Trial run: mathjs reports wrong argument counts and types only when a function is called.
    const scope = new Map<string, unknown>();
    for (const name of inputs) scope.set(name, ctx.sample?.[name] ?? 1);
    for (const key of order) {
      let raw: unknown = Number.NaN;
      try {
        raw = (codes.get(key) as Code).evaluate(scope);
        if (typeof raw !== 'number' && typeof raw !== 'boolean') {
          const what = typeof raw === 'string' ? `the text ${JSON.stringify(raw)}` : 'something other than a number';
          problems.push(line(ctx, key, `gives ${what}, not a number or true/false`));
        }
      } catch (e) {
        problems.push(line(ctx, key, `cannot be evaluated: ${(e as Error).message.split('\n')[0]}`));
      }
      scope.set(key, toNumber(raw));
    }
  }
  if (problems.length) throw new InputError(problems.join('\n'));
  return { order, expressions, inputs, evaluate };
}

/** Compile one expression that may read `names`. */
export function compileExpression(
  key: string,
  source: string,
  names: readonly string[],
  ctx: ExpressionContext = {},
): CompiledExpression {
  return compileExpressionSet({ [key]: source }, names, ctx).expressions[key];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Derived outcomes (`metrics:` in a scenario or experiment file): each key is a new outcome name, each value an
 * expression over the model's outcomes and the other metrics. `evaluate(outcomes)` gives the metrics of a run.
 */
export function compileMetrics(
  defs: Readonly<Record<string, unknown>>,
  outcomeNames: readonly string[],
  ctx: ExpressionContext = {},
): CompiledExpressionSet {
  const c: ExpressionContext = { section: 'metrics', ...ctx };
  const problems: string[] = [];
  for (const key of Object.keys(defs)) {
    if (!IDENTIFIER.test(key))
      problems.push(line(c, key, 'a metric name must be letters, digits and _ (not starting with a digit)'));
    else if (outcomeNames.includes(key))
      problems.push(line(c, key, 'is already an outcome of the model; choose another name'));
  }
  if (problems.length) throw new InputError(problems.join('\n'));
  return compileExpressionSet(defs, outcomeNames, c);
}

/**
 * Linked parameters: each key is a parameter path whose value is computed from other parameters. Only number,
 * integer and boolean parameters can be linked. The trial evaluation uses the parameters' defaults.
 * `applyLinkedParams` computes and checks the values for one set of parameters.
 */
export function compileLinkedParams(
  defs: Readonly<Record<string, unknown>>,
  infos: readonly ParamInfo[],
  ctx: ExpressionContext = {},
): CompiledExpressionSet {
  const problems: string[] = [];
  const paths = infos.map((p) => p.path);
  for (const key of Object.keys(defs)) {
    const info = infos.find((p) => p.path === key);
    if (!info) {
      const near = nearestName(key, paths);
      problems.push(line(ctx, key, `unknown parameter${near ? `; did you mean ${near}?` : ''}`));
    } else if (info.kind === 'enum') {
      problems.push(
        line(ctx, key, 'an enumeration cannot be computed; only number, integer and boolean parameters can be linked'),
      );
    }
  }
  if (problems.length) throw new InputError(problems.join('\n'));
  const sample: Record<string, ScopeValue> = {};
  for (const p of infos) {
    if (typeof p.default === 'number' || typeof p.default === 'string' || typeof p.default === 'boolean')
      sample[p.path] = p.default;
  }
  return compileExpressionSet(defs, paths, { ...ctx, sample: { ...sample, ...ctx.sample } });
}

/**
 * Compute the linked parameters of one flat parameter set (dotted path -> value) and return a copy with their
 * values set (booleans from 0/1). Throws an InputError naming the key and the file when a value falls outside
 * its parameter's range or is not an integer where one is needed.
 */
export function applyLinkedParams(
  flatParams: Readonly<Record<string, unknown>>,
  linked: CompiledExpressionSet,
  infos: readonly ParamInfo[],
  ctx: ExpressionContext = {},
): Record<string, unknown> {
  const values = linked.evaluate(flatParams);
  const out: Record<string, unknown> = { ...flatParams };
  const problems: string[] = [];
  for (const key of linked.order) {
    const info = infos.find((p) => p.path === key);
    if (!info) continue;
    const v: unknown = info.kind === 'boolean' ? values[key] !== 0 && !Number.isNaN(values[key]) : values[key];
    const bad = checkValue(info, v, ctx.file);
    if (bad) {
      const from = linked.expressions[key].inputs.map((n) => `${n} = ${JSON.stringify(out[n])}`).join(', ');
      problems.push(
        `${bad.replace(/ \(in .*\)$/, '')} from ${JSON.stringify(linked.expressions[key].source)}${from ? ` with ${from}` : ''}${ctx.file ? ` (in ${ctx.file})` : ''}`,
      );
    }
    out[key] = v;
  }
  if (problems.length) throw new InputError(problems.join('\n'));
  return out;
}
