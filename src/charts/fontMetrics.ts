// Text widths from the shipped TrueType fonts. Without a canvas, Vega guesses a text's width as 0.8 em per
// character, about a third too wide for DejaVu Sans: labels get cut with '…' and long titles push the layout
// about. Reading each glyph's advance width from the font (cmap format 4 + hmtx) gives the widths resvg will draw.
import { readFileSync } from 'node:fs';

export interface FontWidths {
  /** Advance width of a code point in em (the font's missing-glyph width when it has none). */
  advanceEm(codePoint: number): number;
}

export function readFontWidths(file: string): FontWidths {
  const buf = readFileSync(file);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const numTables = dv.getUint16(4);
  const tables = new Map<string, number>();
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    const tag = String.fromCharCode(buf[rec], buf[rec + 1], buf[rec + 2], buf[rec + 3]);
    tables.set(tag, dv.getUint32(rec + 8));
  }
  const need = (tag: string) => {
    const off = tables.get(tag);
    if (off === undefined) throw new Error(`readFontWidths: ${file} has no ${tag} table`);
    return off;
  };
  const unitsPerEm = dv.getUint16(need('head') + 18);
  const numberOfHMetrics = dv.getUint16(need('hhea') + 34);
  const hmtx = need('hmtx');
  const advanceOfGlyph = (g: number) => dv.getUint16(hmtx + 4 * Math.min(g, numberOfHMetrics - 1));

  const cmap = need('cmap');
  let sub = -1;
  const nSub = dv.getUint16(cmap + 2);
  for (let i = 0; i < nSub; i++) {
    const platform = dv.getUint16(cmap + 4 + 8 * i);
    const encoding = dv.getUint16(cmap + 6 + 8 * i);
    const off = cmap + dv.getUint32(cmap + 8 + 8 * i);
    if (dv.getUint16(off) === 4 && ((platform === 3 && encoding === 1) || platform === 0)) {
      sub = off;
      break;
    }
  }
  if (sub < 0) throw new Error(`readFontWidths: ${file} has no Unicode BMP (format 4) cmap`);
  const segCount = dv.getUint16(sub + 6) / 2;
  const endCodes = sub + 14;
  const startCodes = endCodes + 2 * segCount + 2;
  const idDeltas = startCodes + 2 * segCount;
  const idRangeOffsets = idDeltas + 2 * segCount;
  const glyphOf = (c: number): number => {
    if (c > 0xffff) return 0;
    for (let s = 0; s < segCount; s++) {
      if (c > dv.getUint16(endCodes + 2 * s)) continue;
      const start = dv.getUint16(startCodes + 2 * s);
      if (c < start) return 0;
      const delta = dv.getInt16(idDeltas + 2 * s);
      const rangeAt = idRangeOffsets + 2 * s;
      const range = dv.getUint16(rangeAt);
      if (range === 0) return (c + delta) & 0xffff;
      const g = dv.getUint16(rangeAt + range + 2 * (c - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  const cache = new Map<number, number>();
  return {
    advanceEm(codePoint: number): number {
      let w = cache.get(codePoint);
      if (w === undefined) {
        w = advanceOfGlyph(glyphOf(codePoint)) / unitsPerEm;
        cache.set(codePoint, w);
      }
      return w;
    },
  };
}

/** Width in px of `text` at `fontSizePx`. */
export function textWidthPx(widths: FontWidths, text: string, fontSizePx: number): number {
  let em = 0;
  for (const ch of text) em += widths.advanceEm(ch.codePointAt(0)!);
  return em * fontSizePx;
}
