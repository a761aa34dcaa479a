#!/usr/bin/env node
// Redraw the README's pictures (docs/img/*.png, one chart of each kind) from the folders that
// scripts/readme-examples.mjs leaves under results/readme/, plus a Morris sweep. Usage, after a build:
//   node scripts/readme-examples.mjs && node scripts/readme-charts.mjs
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const r = (p) => join(root, 'results', 'readme', p);
const pkosim = (args) => {
  const out = spawnSync(process.execPath, [join(root, 'bin', 'pkosim.js'), ...args], { cwd: root, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`readme-charts: pkosim ${args.join(' ')} failed:\n${out.stderr}`);
};
if (!existsSync(r('sweep-morris'))) {
  pkosim(['sweep', 'baseline', '--design', 'morris', '--vary', 'council.fragmentation', '--vary', 'budget.annualGrowth=-0.15:0.05',
    '--vary', 'mandate.lengthMonths', '--vary', 'partnership.civilSociety', '--points', '10', '--runs', '4', '--out', r('sweep-morris'), '--quiet']);
}
// [kind, folder, extra args, file name prefix of the picture to keep]
const picks = [
  ['fan', 'baseline', ['--series', 'troops'], 'fan-'],
  ['distribution', 'baseline', ['--outcome', 'civilianDeaths'], 'distribution-'],
  ['timeline', 'baseline', [], 'timeline'],
  ['heatmap', 'sweep-grid', ['--outcome', 'civilianDeaths'], 'heatmap'],
  ['sobol', 'sweep-sobol', ['--outcome', 'civilianDeaths'], 'sobol'],
  ['morris', 'sweep-morris', ['--outcome', 'civilianDeaths'], 'morris'],
  ['forest', 'compare', [], 'forest'],
  ['prim', 'sweep-grid', [], 'prim'],
];
const img = join(root, 'docs', 'img');
mkdirSync(img, { recursive: true });
for (const [kind, folder, extra, prefix] of picks) {
  const tmp = mkdtempSync(join(tmpdir(), 'pkosim-readme-chart-'));
  pkosim(['chart', r(folder), '--kind', kind, ...extra, '--format', 'png', '--out', tmp, '--quiet']);
  const file = readdirSync(tmp).filter((f) => f.startsWith(prefix) && f.endsWith('.png')).sort()[0];
  if (!file) throw new Error(`readme-charts: no ${kind} chart drawn for ${folder}`);
  copyFileSync(join(tmp, file), join(img, `${kind}.png`));
  rmSync(tmp, { recursive: true, force: true });
  process.stderr.write(`readme-charts: docs/img/${kind}.png <- ${folder}/${file}\n`);
}
