// Entry point when running from the TypeScript sources (`node --import tsx src/bin.ts ...`); bin/pkosim.js runs
// the compiled dist/cli.js.
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
