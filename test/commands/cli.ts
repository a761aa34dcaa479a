// Running the CLI from tests: in-process through `main` (fast; stdout and stderr captured), or as a real
// subprocess from the sources (for the exit code a shell sees). Scenario files for quick Epstein runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { main } from '../../src/cli.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `pkosim <args>` in this process; process.exitCode is reset afterwards so the test process exits cleanly. */
export async function cli(args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  });
  let code: number;
  try {
    code = await main(args);
  } finally {
    so.mockRestore();
    se.mockRestore();
    process.exitCode = 0;
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** `node --import tsx src/bin.ts <args>` as a child process. */
export function cliProcess(args: string[]): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/bin.ts', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const made: string[] = [];

export function tempDir(prefix = 'pkosim-cmd-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

export function removeTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/**
 * A scenario file `<name>.yaml` in `dir` extending epstein-netlogo with 100 steps (a run takes about 0.1 s)
 * and the given extra parameters (YAML lines under `params:`).
 */
export function quickScenario(dir: string, name: string, extraParams: string[] = [], base = 'epstein-netlogo'): string {
  const file = join(dir, `${name}.yaml`);
  const lines = [
    'model: epstein',
    `extends: ${base}`,
    `title: ${name} (short runs for tests)`,
    'params:',
    '  steps: 100',
  ];
  writeFileSync(file, [...lines, ...extraParams.map((l) => `  ${l}`), ''].join('\n'));
  return file;
}

export function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

/** Header and rows of a CSV without quoted fields. */
export function csv(dir: string, file: string): { header: string[]; rows: string[][] } {
  const [h, ...rest] = read(dir, file).trimEnd().split('\n');
  return { header: h.split(','), rows: rest.map((l) => l.split(',')) };
}

/** Modification time and bytes of every file in a folder, to see that nothing was rewritten. */
export function snapshot(dir: string): Record<string, { mtimeMs: number; bytes: string }> {
  const out: Record<string, { mtimeMs: number; bytes: string }> = {};
  for (const f of readdirSync(dir).sort()) {
    out[f] = { mtimeMs: statSync(join(dir, f)).mtimeMs, bytes: readFileSync(join(dir, f), 'utf8') };
  }
  return out;
}
