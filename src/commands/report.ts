// `pkosim report <results folder>... [--out report.html]`: one self-contained HTML file to send after a workshop.
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../engine/errors.js';

export interface ReportCommandOptions {
  out?: string;
  quiet?: boolean;
}

export async function reportCommand(dirs: readonly string[], opts: ReportCommandOptions): Promise<string> {
  if (dirs.length === 0) throw new InputError('✖ report: expected at least one results folder, got none');
  const { writeReport } = await import('../report/report.js');
  const out = await writeReport([...dirs], opts.out ?? join(dirs[0], 'report.html'));
  if (!opts.quiet) process.stdout.write(`${out}\n`);
  return out;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write a self-contained HTML report (charts inline, works offline) of one or more results folders')
    .argument(
      '<folders...>',
      'results folders of `pkosim run`, `sweep`, `compare` or `discover`; several run folders are compared with the baseline (or the first)',
    )
    .option('-o, --out <FILE>', 'the HTML file to write (default: <first folder>/report.html)')
    .option('-q, --quiet', 'do not print the path written')
    .action(async (dirs: string[], opts: ReportCommandOptions) => {
      await reportCommand(dirs, opts);
    });
}
