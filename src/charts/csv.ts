// CSV as the results folders write it: a header line, comma-separated fields, numbers in shortest round-trip
// form, NaN as an empty field. Quoted fields (RFC 4180) are accepted too, in case a name holds a comma.
import { InputError } from '../engine/errors.js';

export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function parseCsv(text: string, file: string): CsvTable {
  // Blank lines come back as [] (a quoted empty field as ['']): trailing ones are dropped, inner ones kept as
  // one empty field so the field count check reports them.
  const records = splitRecords(text);
  while (records.length && records[records.length - 1].length === 0) records.pop();
  for (let i = 0; i < records.length; i++) if (records[i].length === 0) records[i] = [''];
  if (records.length === 0)
    throw new InputError(`✖ ${file}: expected a CSV file with a header line, got an empty file`);
  const [header, ...rows] = records;
  rows.forEach((r, i) => {
    if (r.length !== header.length) {
      throw new InputError(
        `✖ ${file} line ${i + 2}: expected ${header.length} fields (${header.join(',')}), got ${r.length}`,
      );
    }
  });
  return { file, header, rows };
}

function splitRecords(text: string): string[][] {
  const out: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let lineHasText = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\n' && c !== '\r') lineHasText = true;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (lineHasText) record.push(field);
      out.push(record);
      lineHasText = false;
      record = [];
      field = '';
    } else field += c;
  }
  if (lineHasText) {
    record.push(field);
    out.push(record);
  }
  return out;
}

export function columnIndex(t: CsvTable, name: string): number {
  const i = t.header.indexOf(name);
  if (i < 0) throw new InputError(`✖ ${t.file}: expected a column "${name}", got columns ${t.header.join(',')}`);
  return i;
}

export function hasColumn(t: CsvTable, name: string): boolean {
  return t.header.includes(name);
}

/** A numeric column; empty fields are NaN, anything else that is not a number is an error. */
export function numberColumn(t: CsvTable, name: string): Float64Array {
  const j = columnIndex(t, name);
  const out = new Float64Array(t.rows.length);
  t.rows.forEach((r, i) => {
    out[i] = toNumber(r[j], t.file, i + 2, name);
  });
  return out;
}

export function textColumn(t: CsvTable, name: string): string[] {
  const j = columnIndex(t, name);
  return t.rows.map((r) => r[j]);
}

export function toNumber(text: string, file: string, line: number, column: string): number {
  const s = text.trim();
  if (s === '' || s === 'NaN') return Number.NaN;
  const x = Number(s);
  if (Number.isNaN(x)) throw new InputError(`✖ ${file} line ${line}, column ${column}: expected a number, got "${s}"`);
  return x;
}

/** Rows as records with numbers where a column is numeric in every non-empty row. */
export function records(t: CsvTable): Record<string, string | number>[] {
  const numeric = t.header.map((_, j) => t.rows.every((r) => r[j].trim() === '' || !Number.isNaN(Number(r[j]))));
  return t.rows.map((r) => {
    const o: Record<string, string | number> = {};
    t.header.forEach((h, j) => {
      o[h] = numeric[j] ? (r[j].trim() === '' ? Number.NaN : Number(r[j])) : r[j];
    });
    return o;
  });
}
