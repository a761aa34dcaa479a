#!/usr/bin/env node
// Regenerate the example outputs in README.md from real runs, so no number in the README is typed by hand.
//
// A block in README.md looks like
//   <!-- example: pkosim run epstein-netlogo --runs 50 -->
//   ```text
//   ...output, replaced by this script...
//   ```
//   <!-- /example -->
// Each command runs through the built CLI (bin/pkosim.js) from the repository root with --quiet added where the
// command takes it; its stdout replaces the fenced block. Usage: npm run build && node scripts/readme-examples.mjs
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = `${root}README.md`;
const text = readFileSync(readme, 'utf8');
const re = /<!-- example: (pkosim [^\n]*?) -->\n```text\n[\s\S]*?```\n<!-- \/example -->/g;
let count = 0;
const out = text.replace(re, (_all, cmd) => {
  const args = cmd.replace(/^pkosim /, '').match(/"[^"]*"|\S+/g).map((a) => a.replace(/^"|"$/g, ''));
  process.stderr.write(`readme-examples: ${cmd}\n`);
  const r = spawnSync(process.execPath, [`${root}bin/pkosim.js`, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    throw new Error(`readme-examples: \`${cmd}\` exited with ${r.status}`);
  }
  count++;
  return `<!-- example: ${cmd} -->\n\`\`\`text\n${r.stdout.trimEnd()}\n\`\`\`\n<!-- /example -->`;
});
writeFileSync(readme, out);
process.stderr.write(`readme-examples: ${count} examples regenerated\n`);
