// Rewrites the parameter table of docs/MODEL.md (between <!-- params:begin --> and <!-- params:end -->) from the
// peacekeeping model's zod schema, the single source of truth, and the table of outcomes and series (between
// <!-- outputs:begin --> and <!-- outputs:end -->) from the model's declarations.
// Run: npx tsx scripts/gen-param-table.ts
// test/models/peacekeeping/docs.test.ts fails when a table in docs/MODEL.md differs from what this generates.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ParamInfo, describeParams } from '../src/engine/params.js';
import { model } from '../src/models/peacekeeping/index.js';
import { paramsSchema } from '../src/models/peacekeeping/params.js';

export const BEGIN = '<!-- params:begin -->';
export const END = '<!-- params:end -->';
export const OUT_BEGIN = '<!-- outputs:begin -->';
export const OUT_END = '<!-- outputs:end -->';
export const MODEL_DOC = fileURLToPath(new URL('../docs/MODEL.md', import.meta.url));

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

function range(p: ParamInfo): string {
  if (p.kind === 'boolean') return 'true, false';
  if (p.kind === 'enum') return (p.options ?? []).join(', ');
  const lo = p.min === undefined ? '' : String(p.min);
  const hi = p.max === undefined ? '' : String(p.max);
  return `${lo} – ${hi}${p.kind === 'integer' ? ' (integer)' : ''}`;
}

/** The markdown table of every parameter, in schema order. */
export function renderParamTable(): string {
  const rows = describeParams(paramsSchema).map(
    (p) =>
      `| \`${p.path}\` | ${cell(String(p.default))} | ${cell(range(p))} | ${cell(p.unit)} | ${cell(p.description)} | ${cell(p.source ?? '')} |`,
  );
  return ['| parameter | default | range | unit | meaning | source |', '| --- | --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

/** The outcomes then the series, with units and one-line meanings, in declaration order. */
export function renderOutputsTable(): string {
  const rows = [
    ...model.outcomes.map((o) => `| outcome | \`${o.name}\` | ${cell(o.unit)} | ${cell(o.description)} |`),
    ...model.series.map((o) => `| series (monthly) | \`${o.name}\` | ${cell(o.unit)} | ${cell(o.description)} |`),
  ];
  return ['| kind | name | unit | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The text currently between two markers of a document (trimmed), or undefined if the markers are missing. */
export function tableIn(doc: string, begin = BEGIN, end = END): string | undefined {
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) return undefined;
  return doc.slice(a + begin.length, b).trim();
}

function replaceBetween(doc: string, begin: string, end: string, body: string): string {
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`gen-param-table: ${MODEL_DOC} lacks the markers ${begin} ... ${end}`);
  return `${doc.slice(0, a + begin.length)}\n${body}\n${doc.slice(b)}`;
}

/** The document with both generated tables replaced. */
export function withTable(doc: string): string {
  return replaceBetween(replaceBetween(doc, BEGIN, END, renderParamTable()), OUT_BEGIN, OUT_END, renderOutputsTable());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const doc = readFileSync(MODEL_DOC, 'utf8');
  const next = withTable(doc);
  if (next === doc) console.log(`${MODEL_DOC}: tables already up to date`);
  else {
    writeFileSync(MODEL_DOC, next);
    console.log(
      `${MODEL_DOC}: tables rewritten (${describeParams(paramsSchema).length} parameters, ` +
        `${model.outcomes.length} outcomes, ${model.series.length} series)`,
    );
  }
}
