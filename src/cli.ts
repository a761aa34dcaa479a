// The pkosim command line. Each command lives in src/commands/<name>.ts and registers itself here.
import { Command, CommanderError } from 'commander';
import { registerChart } from './commands/chart.js';
import { registerCompare } from './commands/compare.js';
import { registerDiscover } from './commands/discover.js';
import { registerMerge } from './commands/merge.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerSweep } from './commands/sweep.js';
import { registerScenarios } from './commands/scenarios.js';
import { pkosimVersion } from './commands/common.js';
import { InputError } from './engine/errors.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('pkosim')
    .description('Scenario simulation engine for the future of UN peacekeeping')
    .version(pkosimVersion())
    .showHelpAfterError('(run `pkosim help <command>` for its options)')
    .exitOverride();
  registerRun(program);
  registerSweep(program);
  registerCompare(program);
  registerDiscover(program);
  registerChart(program);
  registerReport(program);
  registerMerge(program);
  registerScenarios(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Errors of the file system (not of pkosim) when writing results: reported in one line, without a stack. */
const WRITE_FAILURES = /^(ENOSPC|EDQUOT|EROFS|EACCES|EPERM|ENOTDIR|EISDIR|EIO|EFBIG)$/;

/** Run the CLI; returns the exit code (0 ok, 2 bad input, 3 batch incomplete, 130 interrupted). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
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
