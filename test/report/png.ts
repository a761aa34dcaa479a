// A minimal PNG decoder for screenshots (8-bit greyscale, RGB or RGBA, not interlaced): enough to tell a drawn
// chart from a blank rectangle.
import { inflateSync } from 'node:zlib';

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** Bytes per pixel. */
  readonly channels: number;
  readonly data: Uint8Array;
}

export function decodePng(png: Uint8Array): Pixels {
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let off = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  while (off < png.length) {
    const len = dv.getUint32(off);
    const type = String.fromCharCode(...png.subarray(off + 4, off + 8));
    const body = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = dv.getUint32(off + 8);
      height = dv.getUint32(off + 12);
      const depth = body[8];
      const colour = body[9];
      const interlace = body[12];
      if (depth !== 8 || interlace !== 0)
        throw new Error(`decodePng: bit depth ${depth}, interlace ${interlace} not supported`);
      channels = colour === 0 ? 1 : colour === 2 ? 3 : colour === 4 ? 2 : colour === 6 ? 4 : 0;
      if (!channels) throw new Error(`decodePng: colour type ${colour} not supported`);
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const data = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? data[y * stride + x - channels] : 0;
      const b = y > 0 ? data[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? data[(y - 1) * stride + x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      data[y * stride + x] = v & 0xff;
    }
  }
  return { width, height, channels, data };
}

/** Number of distinct colours (alpha ignored) and the variance of the grey level over all pixels. */
export function colourStats(p: Pixels): { colours: number; greyVariance: number } {
  const seen = new Set<number>();
  let sum = 0;
  let sumSq = 0;
  const n = p.width * p.height;
  for (let i = 0; i < n; i++) {
    const o = i * p.channels;
    const r = p.data[o];
    const g = p.channels >= 3 ? p.data[o + 1] : r;
    const b = p.channels >= 3 ? p.data[o + 2] : r;
    seen.add((r << 16) | (g << 8) | b);
    const grey = (r + g + b) / 3;
    sum += grey;
    sumSq += grey * grey;
  }
  const mean = sum / n;
  return { colours: seen.size, greyVariance: sumSq / n - mean * mean };
}
