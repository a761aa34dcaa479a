// Entry point when running from the TypeScript sources (`node --import tsx src/bin.ts ...`); bin/pkosim.js runs
// the compiled dist/cli.js.
import { main } from './cli.js';

// A reader that stops early (`pkosim ... | head`) closes the pipe: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2));
