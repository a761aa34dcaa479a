// SLOW INTEGRATION TEST (about a minute): a `pkosim run` process killed with SIGKILL at seeded random moments,
// interrupted with Ctrl-C (SIGINT), or stopped by a full disk, then run again with the same command, must end with
// runs.csv, series.csv and summary.json byte-identical to an uninterrupted run; an unwritable output folder gives
// a one-line error, not a stack trace or a half-made folder.
//
// The kill moments are drawn from a pkosim Stream (fixed seed). Most are tied to progress rather than to the
// clock (kill once the task log holds at least T records, plus a random few milliseconds), so each kill lands
// where it is meant to on a fast or a loaded machine: before the first record, mid-batch, and while the final
// files are being assembled.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStreams } from '../../src/engine/rng.js';
import { scanTaskLog } from '../../src/engine/tasklog.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = 40;
const ARGS = ['run', 'epstein-netlogo', '--runs', String(RUNS), '--seed', '11', '--set', 'steps=120', '--workers', '2'];
const FILES = ['runs.csv', 'series.csv', 'summary.json'];

const tmp = mkdtempSync(join(tmpdir(), 'pkosim-resume-'));
const reference = join(tmp, 'reference');
let referenceMs = 0;
const timings: Record<string, number> = {};
afterAll(() => {
  console.log(`integration: resume timings (s): ${JSON.stringify(timings)}`);
  rmSync(tmp, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Start `pkosim <args> --out <out>` from the TypeScript sources. */
function start(out: string, extra: string[] = []): { child: ChildProcess; exited: Promise<Exit> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO, 'src/bin.ts'), ...ARGS, ...extra, '--out', out],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  // 'close', not 'exit': it comes after the pipes are drained, so stderr is whole.
  const exited = new Promise<Exit>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorded(dir: string): number {
  return scanTaskLog(join(dir, 'tasks.bin')).tasks.length;
}

/** Resolve when `ready()` holds (polled every few ms) or the process has exited; says which. */
async function until(ready: () => boolean, exited: Promise<Exit>): Promise<'ready' | 'exited'> {
  let done = false;
  void exited.then(() => {
    done = true;
  });
  for (;;) {
    if (done) return 'exited';
    if (ready()) return 'ready';
    await sleep(5);
  }
}

function expectSameAsReference(dir: string): void {
  for (const f of FILES) {
    const same = readFileSync(join(dir, f)).equals(readFileSync(join(reference, f)));
    expect(same, `${f} in ${dir} differs from the uninterrupted run`).toBe(true);
  }
}

/** Run the same command again, uninterrupted; returns its stderr. */
async function finish(dir: string): Promise<string> {
  const r = await start(dir).exited;
  expect(r.code, r.stderr).toBe(0);
  return r.stderr;
}

function expectCleanOneLineError(r: Exit, path: string): void {
  expect(r.code === 1 || r.code === 2, `exit code ${r.code}: ${r.stderr}`).toBe(true);
  expect(r.stderr.trim().startsWith('✖'), r.stderr).toBe(true);
  expect(r.stderr).toContain(path);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at \S+ \(|node:internal/);
}

describe('integration: resume', () => {
  beforeAll(async () => {
    const t0 = performance.now();
    const r = await start(reference).exited;
    referenceMs = performance.now() - t0;
    timings.uninterruptedSeconds = Math.round(referenceMs / 100) / 10;
    expect(r.code, r.stderr).toBe(0);
  }, 300_000);

  it('kill -9 at seeded random moments, rerun until done: the files equal the uninterrupted run', async () => {
    const t0 = performance.now();
    const dir = join(tmp, 'killed');
    const draw = createStreams('resume-test', 0).get('kill-moments');
    // Progress targets: four record counts drawn uniformly in 1..RUNS-1, in increasing order.
    const targets = [...new Set(Array.from({ length: 4 }, () => draw.intBetween(1, RUNS - 1)))].sort((a, b) => a - b);
    const history: { target: string; recorded: number; tornBytes: number }[] = [];

    // 1. Before any record: somewhere in the first part of start-up.
    {
      const p = start(dir);
      await Promise.race([sleep(draw.uniform(0.05, 0.5) * Math.min(referenceMs, 2000)), p.exited]);
      p.child.kill('SIGKILL');
      await p.exited;
      history.push({
        target: 'start-up',
        recorded: recorded(dir),
        tornBytes: scanTaskLog(join(dir, 'tasks.bin')).tornBytes,
      });
    }
    // 2. Mid-batch: once the log holds at least `target` records, plus a few random milliseconds.
    for (const target of targets) {
      const before = recorded(dir);
      const p = start(dir);
      const state = await until(() => recorded(dir) >= target, p.exited);
      if (state === 'ready') await sleep(draw.uniform(0, 40));
      p.child.kill('SIGKILL');
      const r = await p.exited;
      const log = scanTaskLog(join(dir, 'tasks.bin'));
      history.push({ target: String(target), recorded: log.tasks.length, tornBytes: log.tornBytes });
      // Nothing recorded is lost, and the rerun said where it resumed.
      expect(log.tasks.length).toBeGreaterThanOrEqual(Math.max(before, state === 'ready' ? target : 0));
      if (before > 0 && r.stderr)
        expect(r.stderr).toContain(`resuming ${dir}: ${before} of ${RUNS} runs already recorded`);
    }
    // 3. While the final files are assembled: once every run is recorded.
    {
      const p = start(dir);
      const state = await until(() => recorded(dir) >= RUNS, p.exited);
      if (state === 'ready') await sleep(draw.uniform(0, 20));
      p.child.kill('SIGKILL');
      await p.exited;
      history.push({
        target: 'assembly',
        recorded: recorded(dir),
        tornBytes: scanTaskLog(join(dir, 'tasks.bin')).tornBytes,
      });
    }
    await finish(dir);
    timings.killCyclesSeconds = Math.round((performance.now() - t0) / 100) / 10;
    console.log(`integration: resume: kill -9 history ${JSON.stringify(history)}`);

    expectSameAsReference(dir);
    if (existsSync(join(dir, 'tasks.bin'))) {
      const log = scanTaskLog(join(dir, 'tasks.bin'));
      expect(new Set(log.tasks).size).toBe(RUNS);
      expect(log.tornBytes).toBe(0);
    }
    // No stray temporary files are left in the finished folder.
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('Ctrl-C: exit code 130, says how to continue, keeps what is finished; the rerun completes identically', async () => {
    const dir = join(tmp, 'sigint');
    const p = start(dir);
    const state = await until(() => recorded(dir) >= 8, p.exited);
    expect(state).toBe('ready');
    p.child.kill('SIGINT');
    const r = await p.exited;
    expect(r.code, r.stderr).toBe(130);
    const kept = recorded(dir);
    expect(kept).toBeGreaterThanOrEqual(8);
    expect(r.stderr).toContain(`interrupted; ${kept} of ${RUNS} runs are recorded in ${dir}`);
    expect(r.stderr).toMatch(/run the same command again to continue/i);
    expect(scanTaskLog(join(dir, 'tasks.bin')).tornBytes).toBe(0);
    expect(existsSync(join(dir, 'runs.csv'))).toBe(false);

    const notes = await finish(dir);
    expect(notes).toContain(`resuming ${dir}: ${kept} of ${RUNS} runs already recorded`);
    expectSameAsReference(dir);
  });

  it('an output path that is a file, or under one, gives a one-line error and writes nothing', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'not a folder\n');
    for (const out of [file, join(file, 'sub')]) {
      const r = await start(out).exited;
      expectCleanOneLineError(r, file);
      expect(readFileSync(file, 'utf8')).toBe('not a folder\n');
    }
  });

  it('a read-only output folder gives a one-line error', async (ctx) => {
    const parent = join(tmp, 'read-only');
    mkdirSync(parent);
    let unmount: string | undefined;
    if (process.getuid?.() === 0) {
      // Root ignores file modes, so make the folder read-only with a read-only bind mount of it onto itself.
      const bind = spawnSync('mount', ['--bind', parent, parent], { encoding: 'utf8' });
      const ro = bind.status === 0 ? spawnSync('mount', ['-o', 'remount,bind,ro', parent], { encoding: 'utf8' }) : bind;
      if (bind.status === 0) unmount = parent;
      if (ro.status !== 0) {
        if (unmount) spawnSync('umount', [unmount]);
        ctx.skip(`cannot make a read-only folder as root here (mount --bind: ${bind.stderr.trim() || 'failed'})`);
      }
    } else {
      chmodSync(parent, 0o555);
    }
    try {
      const out = join(parent, 'out');
      const r = await start(out).exited;
      expectCleanOneLineError(r, out);
      expect(existsSync(out)).toBe(false);
    } finally {
      if (unmount) spawnSync('umount', [unmount]);
    }
  });

  it('a full disk stops the run with a one-line error; after freeing space the rerun completes identically', async (ctx) => {
    const mnt = join(tmp, 'small-disk');
    mkdirSync(mnt);
    // 96 KiB holds the manifest and a few task records, not the whole batch.
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=96k', 'tmpfs', mnt], { encoding: 'utf8' });
    if (m.status !== 0) ctx.skip(`cannot mount a small tmpfs here to fill a disk (${m.stderr.trim()})`);
    try {
      const dir = join(mnt, 'out');
      const r = await start(dir).exited;
      expectCleanOneLineError(r, dir);
      expect(r.stderr).toContain('ENOSPC');
      const kept = recorded(dir);
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(RUNS);
      expect(statSync(join(dir, 'manifest.json')).size).toBeGreaterThan(0);

      expect(spawnSync('mount', ['-o', 'remount,size=32m', mnt]).status).toBe(0);
      const notes = await finish(dir);
      expect(notes).toContain(`resuming ${dir}: ${kept} of ${RUNS} runs already recorded`);
      expectSameAsReference(dir);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});
