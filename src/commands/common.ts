// Pieces every command shares: option parsing with house-style errors, progress, tables, provenance.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError, formatValue } from '../engine/errors.js';
import { type ExecuteOptions, type ExecuteResult, type Shard, executeBatch } from '../engine/execute.js';
import type { Summary } from '../engine/output.js';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function pkosimVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

export function parseIntOption(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\s*-?\d+\s*$/.test(String(text)) || !Number.isSafeInteger(n) || n < min) {
    throw new InputError(`✖ ${flag}: expected an integer >= ${min}, got ${formatValue(text)}`);
  }
  return n;
}

/** A master seed: a non-negative integer, or any other non-empty string. */
export function parseSeed(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  if (text.trim() === '') throw new InputError(`✖ --seed: expected a non-negative integer or a word, got ""`);
  // The seed is written unquoted in the seed column of runs.csv.
  if (/[,"\r\n]/.test(text)) throw new InputError(`✖ --seed: expected a word without commas, quotes or line breaks, got ${formatValue(text)}`);
  return text;
}

/** `--shard K/N`, or a Slurm array / Kubernetes Indexed Job environment. Returns the shard and how it was found. */
export function resolveShard(
  text: string | undefined,
  shardCount: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { shard?: Shard; source?: string } {
  const check = (k: number, n: number, from: string): Shard => {
    if (!Number.isSafeInteger(k) || !Number.isSafeInteger(n) || n < 1 || k < 1 || k > n) {
      throw new InputError(`✖ ${from}: expected K/N with 1 <= K <= N, got ${formatValue(`${k}/${n}`)}`);
    }
    return { index: k, count: n };
  };
  if (text !== undefined) {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
    if (!m) throw new InputError(`✖ --shard: expected K/N (e.g. 2/8), got ${formatValue(text)}`);
    return { shard: check(Number(m[1]), Number(m[2]), '--shard'), source: '--shard' };
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_COUNT !== undefined) {
    // Slurm numbers array tasks from SLURM_ARRAY_TASK_MIN (0 or 1 as the user wrote --array); shards are 1-based.
    const min = Number(env.SLURM_ARRAY_TASK_MIN ?? 0);
    const k = Number(env.SLURM_ARRAY_TASK_ID) - min + 1;
    return {
      shard: check(k, Number(env.SLURM_ARRAY_TASK_COUNT), 'SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT'),
      source: `Slurm array task ${env.SLURM_ARRAY_TASK_ID} of ${env.SLURM_ARRAY_TASK_COUNT}`,
    };
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    if (shardCount === undefined) {
      throw new InputError(
        '✖ --shard-count: JOB_COMPLETION_INDEX is set (Kubernetes Indexed Job) but the number of shards is not; pass --shard-count N (the Job\'s completions)',
      );
    }
    const n = parseIntOption('--shard-count', shardCount, 1) as number;
    return {
      shard: check(Number(env.JOB_COMPLETION_INDEX) + 1, n, 'JOB_COMPLETION_INDEX/--shard-count'),
      source: `Kubernetes completion index ${env.JOB_COMPLETION_INDEX} of ${n}`,
    };
  }
  return {};
}

/** A progress bar on stderr when it is a terminal and not --quiet; otherwise nothing. */
export async function makeProgress(enabled: boolean, label: string) {
  if (!enabled || !process.stderr.isTTY) {
    return { start: (_total: number, _done: number) => {}, update: (_done: number) => {}, stop: () => {} };
  }
  // Loaded only when a bar is drawn: importing cli-progress takes about 60 ms, paid before every batch.
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {value}/{total} runs | {rate} runs/s | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = Date.now();
  let base = 0;
  return {
    start: (total: number, done: number) => {
      base = done;
      bar.start(total, done, { rate: '-' });
    },
    update: (done: number) => {
      const s = (Date.now() - t0) / 1000;
      bar.update(done, { rate: s > 0 ? ((done - base) / s).toFixed(1) : '-' });
    },
    stop: () => bar.stop(),
  };
}

/** Four significant digits, without exponent for ordinary magnitudes. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return x.toExponential(3);
  if (Number.isInteger(x) && a < 1e6) return String(x);
  return Number(x.toPrecision(4)).toString();
}

export function renderTable(header: string[], rows: string[][], alignRight: boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (alignRight[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function summaryTable(summary: Summary): string {
  const rows = Object.entries(summary.outcomes).map(([name, s]) => [
    name,
    summary.units[name] ?? '',
    fmt(s.mean),
    `${fmt(s.ci95[0])} to ${fmt(s.ci95[1])}`,
    fmt(s.p05),
    fmt(s.p50),
    fmt(s.p95),
  ]);
  return renderTable(['outcome', 'unit', 'mean', '95% CI of mean', 'p05', 'p50', 'p95'], rows, [false, false, true, true, true, true, true]);
}

/**
 * Run a durable batch from a command: a progress bar on stderr (unless quiet), a note when it resumes, and
 * Ctrl-C or SIGTERM stopping the workers while keeping what is finished.
 */
export async function executeFromCli(
  opts: Omit<ExecuteOptions, 'onProgress' | 'onResume' | 'signal'>,
  label: string,
  quiet: boolean | undefined,
): Promise<ExecuteResult> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = await makeProgress(!quiet, label);
  let started = false;
  try {
    return await executeBatch({
      ...opts,
      onResume: (done, total) => {
        if (!quiet) process.stderr.write(`pkosim: resuming ${opts.dir}: ${done} of ${total} runs already recorded\n`);
      },
      onProgress: (done, total) => {
        if (!started) {
          progress.start(total, done);
          started = true;
        }
        progress.update(done);
      },
      signal: controller.signal,
    });
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
