// Vega-Lite spec -> SVG (Vega's headless `none` renderer, no canvas needed) -> PNG (resvg with the fonts shipped
// in assets/fonts, so text renders the same on every machine). vega and vega-lite take ~0.3 s each to import:
// they are imported here on first use only, so commands that draw nothing stay fast.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { type FontWidths, readFontWidths, textWidthPx } from './fontMetrics.js';
import { FONT } from './theme.js';

/** assets/fonts/ of the repository: the same relative place from src/charts/ and from dist/charts/. */
export const FONT_DIR = fileURLToPath(new URL('../../assets/fonts/', import.meta.url));
export const FONT_FILES: readonly string[] = [join(FONT_DIR, 'DejaVuSans.ttf'), join(FONT_DIR, 'DejaVuSans-Bold.ttf')];

/** PNGs are drawn at twice the SVG's size: crisp when pasted into a slide. */
export const PNG_SCALE = 2;

export type ChartFormat = 'svg' | 'png' | 'both';

interface VegaTextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
  limit?: number;
}

type TextWidth = (item: VegaTextItem, text: unknown) => number;

let fontWidths: { regular: FontWidths; bold: FontWidths } | undefined;

/** Vega's `textMetrics.width` measured from the shipped fonts (Vega supports a user-defined one there). */
function measureText(item: VegaTextItem, text: unknown): number {
  fontWidths ??= { regular: readFontWidths(FONT_FILES[0]), bold: readFontWidths(FONT_FILES[1]) };
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const str = text == null ? '' : String(text).trim();
  if (size <= 0 || str === '') return 0;
  const w = item.fontWeight;
  const bold =
    w === 'bold' ||
    w === 'bolder' ||
    (typeof w === 'number' && w >= 600) ||
    (typeof w === 'string' && Number(w) >= 600);
  const px = textWidthPx(bold ? fontWidths.bold : fontWidths.regular, str, size);
  // Vega asks for the width of raw text when it computes bounds: a label cut to `limit` is at most that wide.
  return item.limit && item.limit > 0 ? Math.min(px, item.limit) : px;
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vl, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const metrics = (vega as unknown as { textMetrics: { width: TextWidth } }).textMetrics;
  metrics.width = measureText;
  // Clip-path and gradient ids count up per process; restart them so a chart's SVG bytes do not depend on
  // what was drawn before it.
  vega.resetSVGDefIds();
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function svgToPng(svg: string, scale = PNG_SCALE): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: {
      loadSystemFonts: false,
      fontFiles: [...FONT_FILES],
      defaultFontFamily: FONT,
      sansSerifFamily: FONT,
    },
  });
  return resvg.render().asPng();
}

export interface WrittenChart {
  readonly specFile: string;
  readonly svgFile?: string;
  readonly pngFile?: string;
  readonly svg: string;
}

/** Write `<base>.vl.json` (so users can restyle it) and the pictures asked for; returns the paths and the SVG. */
export async function writeChart(
  spec: TopLevelSpec,
  outDir: string,
  baseName: string,
  format: ChartFormat,
): Promise<WrittenChart> {
  mkdirSync(outDir, { recursive: true });
  const specFile = join(outDir, `${baseName}.vl.json`);
  writeFileSync(specFile, `${JSON.stringify(spec, null, 2)}\n`);
  const svg = await renderSvg(spec);
  let svgFile: string | undefined;
  let pngFile: string | undefined;
  if (format === 'svg' || format === 'both') {
    svgFile = join(outDir, `${baseName}.svg`);
    writeFileSync(svgFile, svg);
  }
  if (format === 'png' || format === 'both') {
    pngFile = join(outDir, `${baseName}.png`);
    writeFileSync(pngFile, await svgToPng(svg));
  }
  return { specFile, svgFile, pngFile, svg };
}

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || sig.some((b, i) => png[i] !== b)) throw new Error('pngSize: not a PNG file');
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: dv.getUint32(16), height: dv.getUint32(20) };
}
