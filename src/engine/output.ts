// Results folders: the files a finished batch leaves, assembled from the task log in task order so that their
// bytes never depend on the number of workers, the chunk size, the sharding or an interruption.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { MetricSpec } from './model.js';
import { ColumnQuantiles, meanCi95 } from './stats.js';
import type { TaskLogReader } from './tasklog.js';

/** Write a file under a temporary name, fsync, then rename: readers see the old file or the whole new one. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** A file written in pieces under a temporary name and renamed into place by `commit` (bounded memory). */
export class AtomicFileWriter {
  private readonly tmp: string;
  private readonly fd: number;
  private buffered: string[] = [];
  private bufferedBytes = 0;

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.tmp = `${file}.tmp-${process.pid}`;
    this.fd = openSync(this.tmp, 'w');
  }

  line(text: string): void {
    this.buffered.push(text);
    this.bufferedBytes += text.length + 1;
    if (this.bufferedBytes > 1 << 20) this.flush();
  }

  private flush(): void {
    if (!this.buffered.length) return;
    const buf = Buffer.from(`${this.buffered.join('\n')}\n`, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.buffered = [];
    this.bufferedBytes = 0;
  }

  commit(): void {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(this.tmp, this.file);
  }
}

/** Canonical JSON (keys sorted at every level) for hashing configurations. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

export function hashConfig(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 16);
}

/** A number as it is written in CSV files: shortest round-trip text, NaN as an empty field. */
export function csvNumber(x: number): string {
  return Number.isNaN(x) ? '' : String(x);
}

export function jsonNumber(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export interface OutcomeSummary {
  n: number;
  mean: number | null;
  sd: number | null;
  ci95: [number | null, number | null];
  min: number | null;
  p05: number | null;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

export interface AssembleSpec {
  readonly dir: string;
  readonly scenario: string;
  readonly model: string;
  readonly seed: number | string;
  readonly runs: number;
  readonly outcomes: readonly MetricSpec[];
  readonly series: readonly MetricSpec[];
  readonly seriesLength: number;
  /** Derived outcomes computed from the native ones of a run (appended after them). */
  readonly derive?: (outcomes: Float64Array) => Float64Array;
  readonly derivedOutcomes?: readonly MetricSpec[];
}

export interface Summary {
  scenario: string;
  model: string;
  runs: number;
  seed: number | string;
  outcomes: Record<string, OutcomeSummary>;
  units: Record<string, string>;
}

const SERIES_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

/**
 * Write runs.csv, series.csv and summary.json of a single-point batch (tasks 0..runs-1) from the logs.
 * Returns the summary. The manifest is the caller's.
 */
export function assembleRun(spec: AssembleSpec, reader: TaskLogReader): Summary {
  const allOutcomes = [...spec.outcomes, ...(spec.derivedOutcomes ?? [])];
  const nOut = allOutcomes.length;
  const nSer = spec.series.length;
  const len = spec.seriesLength;
  const outQ = new ColumnQuantiles(nOut, spec.runs);
  const serQ = nSer > 0 ? new ColumnQuantiles(nSer * len, spec.runs) : undefined;

  const rowOutcomes = (task: number): { out: Float64Array; series: Float64Array } => {
    const r = reader.read(task);
    const out = spec.derive ? concat(r.outcomes, spec.derive(r.outcomes)) : r.outcomes;
    return { out, series: r.series };
  };

  const runsCsv = new AtomicFileWriter(join(spec.dir, 'runs.csv'));
  runsCsv.line(`run,seed,${allOutcomes.map((o) => o.name).join(',')}`);
  for (let run = 0; run < spec.runs; run++) {
    const { out, series } = rowOutcomes(run);
    const cells = [String(run), String(spec.seed)];
    for (let i = 0; i < nOut; i++) cells.push(csvNumber(out[i]));
    runsCsv.line(cells.join(','));
    outQ.push(out);
    if (serQ) serQ.push(series);
  }
  if (outQ.needsSecondPass || serQ?.needsSecondPass) {
    for (let run = 0; run < spec.runs; run++) {
      const { out, series } = rowOutcomes(run);
      if (outQ.needsSecondPass) outQ.pushSecond(out);
      if (serQ?.needsSecondPass) serQ.pushSecond(series);
    }
  }
  runsCsv.commit();

  const seriesCsv = new AtomicFileWriter(join(spec.dir, 'series.csv'));
  seriesCsv.line('series,step,mean,p05,p25,p50,p75,p95');
  if (serQ) {
    for (let s = 0; s < nSer; s++) {
      for (let t = 0; t < len; t++) {
        const col = s * len + t;
        const q = serQ.quantiles(col, SERIES_QUANTILES);
        seriesCsv.line([spec.series[s].name, String(t), csvNumber(serQ.moments[col].mean), ...q.map(csvNumber)].join(','));
      }
    }
  }
  seriesCsv.commit();

  const summary: Summary = {
    scenario: spec.scenario,
    model: spec.model,
    runs: spec.runs,
    seed: spec.seed,
    outcomes: {},
    units: {},
  };
  allOutcomes.forEach((o, i) => {
    summary.outcomes[o.name] = summarise(outQ, i);
    summary.units[o.name] = o.unit;
  });
  writeFileAtomic(join(spec.dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

export function summarise(q: ColumnQuantiles, j: number): OutcomeSummary {
  const m = q.moments[j];
  const [p05, p50, p95] = q.quantiles(j, [0.05, 0.5, 0.95]);
  const [lo, hi] = meanCi95(m.mean, m.sd, m.n);
  return {
    n: m.n,
    mean: m.n ? jsonNumber(m.mean) : null,
    sd: jsonNumber(m.sd),
    ci95: [jsonNumber(lo), jsonNumber(hi)],
    min: m.n ? jsonNumber(m.min) : null,
    p05: jsonNumber(p05),
    p50: jsonNumber(p50),
    p95: jsonNumber(p95),
    max: m.n ? jsonNumber(m.max) : null,
  };
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
