#!/usr/bin/env node
// Entry point for the installed CLI: runs the compiled code in dist/ (built by `npm ci` through `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('pkosim: dist/ is missing; run `npm run build` (npm ci does it for you).\n');
  process.exit(2);
}
// A reader that stops early (`pkosim ... | head`) closes the pipe: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
