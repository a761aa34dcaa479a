// The report in a real browser: headless Chromium opens it from disk, makes no request that is not file: or
// data:, logs no error, and every chart is drawn (its screenshot is not blank).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/report.js';
import {
  removeTempDirs,
  tempDir,
  toyCache,
  writeCompareFolder,
  writePrim,
  writeRunFolder,
  writeSweepFolder,
} from '../charts/fixtures.js';
import { colourStats, decodePng } from './png.js';

afterAll(removeTempDirs);

const CHROMIUM = '/usr/bin/chromium';
const skip = process.env.PKOSIM_SKIP_BROWSER === '1';
if (skip) console.log('test/report/browser.test.ts: skipped because PKOSIM_SKIP_BROWSER=1');

describe.skipIf(skip)('the report in headless Chromium', () => {
  it('opens offline from disk, requests nothing, logs no error and draws every chart', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (Debian), or set PKOSIM_SKIP_BROWSER=1 to skip this test`,
      );
    }
    const root = tempDir('pkosim-browser-');
    const baseline = writeRunFolder(join(root, 'baseline'), { scenario: 'baseline', runs: 30 });
    const squeeze = writeRunFolder(join(root, 'squeeze'), {
      scenario: 'budget-squeeze',
      runs: 30,
      params: { budget: { annualGrowth: -0.2 } },
    });
    const sweep = writeSweepFolder(join(root, 'sweep'));
    // The engine layout's longer condition gives a two-line title: a layout that once pushed titles out of view.
    writePrim(sweep, 'engine');
    const compare = writeCompareFolder(join(root, 'compare'));
    const file = await writeReport([baseline, squeeze, compare, sweep], join(root, 'report.html'), toyCache());

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => {
        if (!/^(file|data):/.test(r.url())) requests.push(r.url());
      });
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

      const figures = page.locator('figure.chart');
      const count = await figures.count();
      const kinds = await figures.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
      for (const k of ['fan', 'distribution', 'timeline', 'forest', 'heatmap', 'sobol', 'morris', 'prim'])
        expect(kinds).toContain(k);
      for (let i = 0; i < count; i++) {
        const svg = figures.nth(i).locator('svg').first();
        const box = await svg.boundingBox();
        expect(box?.width, `figure ${i + 1} width`).toBeGreaterThan(300);
        expect(box?.height, `figure ${i + 1} height`).toBeGreaterThan(200);
        const shot = decodePng(await svg.screenshot());
        const stats = colourStats(shot);
        // White background, black text and at least one data colour; anti-aliasing adds many more.
        expect(stats.colours, `figure ${i + 1} (${kinds[i]}) colours`).toBeGreaterThan(10);
        expect(stats.greyVariance, `figure ${i + 1} (${kinds[i]}) variance`).toBeGreaterThan(0);
      }
      // Every piece of text lies inside its chart (a long title or axis title can push Vega's layout out of view).
      const outside = await figures.evaluateAll((figs) => {
        // Structural types: the test is type-checked without the DOM library.
        interface Box {
          left: number;
          right: number;
          top: number;
          bottom: number;
          width: number;
        }
        interface El {
          getBoundingClientRect(): Box;
          textContent: string | null;
          querySelector(s: string): El | null;
          querySelectorAll(s: string): ArrayLike<El>;
        }
        return (figs as unknown as El[]).flatMap((fig, i) => {
          const svg = fig.querySelector('svg');
          if (!svg) return [`figure ${i + 1}: no svg`];
          const r = svg.getBoundingClientRect();
          return Array.from(svg.querySelectorAll('text'))
            .filter((t) => {
              const b = t.getBoundingClientRect();
              return (
                b.width > 0 &&
                (b.left < r.left - 1 || b.right > r.right + 1 || b.top < r.top - 1 || b.bottom > r.bottom + 1)
              );
            })
            .map((t) => `figure ${i + 1}: "${t.textContent}"`);
        });
      });
      expect(outside).toEqual([]);
      // Text in the charts is laid out by the browser: a drawn title has a real width.
      const titleWidths = await page
        .locator('figure.chart svg .role-title-text text')
        .evaluateAll((els) => els.map((e) => (e as unknown as { getBBox(): { width: number } }).getBBox().width));
      expect(titleWidths.length).toBeGreaterThanOrEqual(count);
      expect(Math.min(...titleWidths)).toBeGreaterThan(50);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
