// The pkosim command line. Each command lives in src/commands/<name>.ts and registers itself here.
import { Command, CommanderError } from 'commander';
import { pkosimVersion } from './commands/common.js';
import { defaultWorkers, prestartWorkers } from './engine/batch.js';
import { InputError } from './engine/errors.js';

type Register = (program: Command) => void;

/**
 * The commands, each loaded on demand: a batch's start-up is paid by every run, and the modules of the other
 * commands (charts, sensitivity analysis, PRIM) took about 0.1 s of it. Order is the order of `pkosim --help`.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  run: async () => (await import('./commands/run.js')).registerRun,
  sweep: async () => (await import('./commands/sweep.js')).registerSweep,
  compare: async () => (await import('./commands/compare.js')).registerCompare,
  discover: async () => (await import('./commands/discover.js')).registerDiscover,
  chart: async () => (await import('./commands/chart.js')).registerChart,
  report: async () => (await import('./commands/report.js')).registerReport,
  merge: async () => (await import('./commands/merge.js')).registerMerge,
  scenarios: async () => (await import('./commands/scenarios.js')).registerScenarios,
};

/**
 * The program with the command named by `argv[0]` registered, or with all of them when argv[0] names none
 * (help, version, an unknown command and its suggestions need them all).
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command();
  program
    .name('pkosim')
    .description('Scenario simulation engine for the future of UN peacekeeping')
    .version(pkosimVersion())
    .showHelpAfterError('(run `pkosim help <command>` for its options)')
    .exitOverride();
  const first = argv[0];
  const names = first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
  const registers = await Promise.all(names.map((n) => COMMANDS[n]()));
  for (const register of registers) register(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Commands that run a batch, whose workers start while the CLI loads (engine/batch.ts, prestartWorkers). */
const BATCH_COMMANDS = new Set(['run', 'sweep', 'compare']);

/** The worker count a batch command will use: --workers/-w when it is a positive integer, else the default. */
function workersWanted(argv: readonly string[]): number {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = a === '--workers' || a === '-w' ? argv[i + 1] : a.startsWith('--workers=') ? a.slice(10) : undefined;
    if (value !== undefined) return /^[1-9]\d{0,2}$/.test(value) ? Number(value) : 0;
  }
  return defaultWorkers();
}

/** Errors of the file system (not of pkosim) when writing results: reported in one line, without a stack. */
const WRITE_FAILURES = /^(ENOSPC|EDQUOT|EROFS|EACCES|EPERM|ENOTDIR|EISDIR|EIO|EFBIG)$/;

/** Run the CLI; returns the exit code (0 ok, 2 bad input, 3 batch incomplete, 130 interrupted). */
export async function main(argv: string[]): Promise<number> {
  if (BATCH_COMMANDS.has(argv[0] ?? '') && !argv.includes('--help') && !argv.includes('-h')) {
    prestartWorkers(workersWanted(argv));
  }
  const program = await buildProgram(argv);
  process.exitCode = 0;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has printed its message already; help and version are not errors.
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof InputError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    const io = e as NodeJS.ErrnoException;
    // Node's recursive mkdir reports a read-only parent as ENOENT.
    if (io?.syscall && (WRITE_FAILURES.test(io.code ?? '') || (io.code === 'ENOENT' && io.syscall === 'mkdir'))) {
      process.stderr.write(
        `✖ ${io.path ?? 'output'}: cannot write (${io.message}); free space or choose a writable folder, then run the same command again\n`,
      );
      return 1;
    }
    process.stderr.write(`pkosim: internal error: ${(e as Error)?.stack ?? e}\n`);
    return 1;
  }
}
