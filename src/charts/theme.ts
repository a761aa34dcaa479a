// The look shared by every chart: slide-sized, large type, a colour-blind-safe palette, one font that ships
// with the project (assets/fonts) so the PNGs are the same on every machine.
import type { Config } from 'vega-lite';
import type { MetricSpec } from '../engine/model.js';

/** Okabe & Ito (2008), ordered so the first colours differ most; yellow last (weak on white). */
export const PALETTE: readonly string[] = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
];

export const FONT = 'DejaVu Sans';
export const WIDTH_PX = 900;
export const HEIGHT_PX = 500;
const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export const CHART_CONFIG: Config = {
  font: FONT,
  background: 'white',
  padding: 16,
  view: { stroke: null },
  title: { fontSize: 22, subtitleFontSize: 15, subtitleColor: '#333333', anchor: 'start', offset: 14 },
  axis: {
    labelOverlap: true,
    labelSeparation: 10,
    labelFontSize: 14,
    titleFontSize: 16,
    titlePadding: 10,
    labelLimit: 400,
    gridColor: '#e4e4e4',
  },
  legend: { labelFontSize: 14, titleFontSize: 15, symbolSize: 160, labelLimit: 400, titleLimit: 400, padding: 8 },
  header: { labelFontSize: 16, titleFontSize: 16 },
  text: { fontSize: 14 },
  range: { category: [...PALETTE] },
};

/** Break text into lines of at most `maxChars` characters at spaces (a longer word stays whole). */
export function wrapText(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

// Characters per line that fit the 900 px width: bold 22 px titles average about 14 px a character, 15 px
// subtitles about 8.5 px. Lines wider than the chart make Vega shift the whole title block out of view.
const TITLE_CHARS = 60;
const SUBTITLE_CHARS = 100;

// A vertical axis title longer than the plot is tall pushes Vega's layout (and the chart title) out of the picture;
// about 30 bold 16 px characters fit the height left on a 500 px chart.
const Y_TITLE_CHARS = 30;

/** A y axis title, broken into lines that fit the plot's height. */
export function yAxisTitle(text: string): string | string[] {
  const lines = wrapText(text, Y_TITLE_CHARS);
  return lines.length === 1 ? lines[0] : lines;
}

/** The envelope every chart spec gets: schema, size, fit-to-size, fonts and colours; long titles wrapped. */
export function chartFrame(title: string, subtitle: string | string[], fixedSize = true): Record<string, unknown> {
  const subtitleLines = (Array.isArray(subtitle) ? subtitle : [subtitle]).flatMap((l) => wrapText(l, SUBTITLE_CHARS));
  const titleLines = wrapText(title, TITLE_CHARS);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: titleLines.length === 1 ? titleLines[0] : titleLines, subtitle: subtitleLines },
    ...(fixedSize ? { width: WIDTH_PX, height: HEIGHT_PX, autosize: { type: 'fit', contains: 'padding' } } : {}),
    config: CHART_CONFIG,
  };
}

/**
 * `civilianDeaths` -> `civilian deaths`; acronyms kept (`UN`, `POC`); a trailing currency unit dropped because the
 * unit is printed beside the name (`costUsdM` -> `cost`, `budgetUsdM` -> `budget`).
 */
export function humanise(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const usd = words.lastIndexOf('usd');
  if (
    usd > 0 &&
    (usd === words.length - 1 || (usd === words.length - 2 && ['m', 'bn', 'k'].includes(words[usd + 1])))
  ) {
    words.splice(usd);
  }
  return words.map((w) => (w === 'usd' || w === 'un' || w === 'poc' ? w.toUpperCase() : w)).join(' ');
}

/** Humanised name with a capital first letter. */
export function labelOf(name: string): string {
  const h = humanise(name);
  return h.charAt(0).toUpperCase() + h.slice(1);
}

/** An axis title: `Civilian deaths (people)`; no brackets when the unit is empty. */
export function axisTitle(name: string, unit: string | undefined): string {
  return unit ? `${labelOf(name)} (${unit})` : labelOf(name);
}

export function findSpec(specs: readonly MetricSpec[], name: string): MetricSpec {
  return specs.find((s) => s.name === name) ?? { name, unit: '', description: '' };
}

/**
 * A number for text: 3 significant digits, thousands separators, no exponent for everyday magnitudes.
 * NaN and infinities are spelled out so a reader sees them rather than a blank.
 */
export function formatNumber(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const ax = Math.abs(x);
  if (ax >= 1e15 || ax < 1e-4) return x.toExponential(digits - 1).replace('-', '−');
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(ax)));
  const rounded = Number(x.toFixed(Math.min(decimals, 10)));
  const text = rounded.toLocaleString('en-GB', { maximumFractionDigits: Math.min(decimals, 10) });
  return text.replace('-', '−');
}

/** A fraction as a percentage with sign: 0.234 -> `+23.4%`. */
export function formatPercent(fraction: number, signed = true): string {
  if (!Number.isFinite(fraction)) return 'n/a';
  const pct = fraction * 100;
  const ap = Math.abs(pct);
  const digits = ap >= 10 ? 0 : ap >= 1 ? 1 : 2;
  const text = `${ap.toFixed(digits)}%`;
  if (!signed) return pct < 0 ? `−${text}` : text;
  return pct > 0 ? `+${text}` : pct < 0 ? `−${text}` : text;
}

/** A file-name-safe slug. */
export function slug(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'chart'
  );
}
