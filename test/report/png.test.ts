// The screenshot decoder the browser test relies on, checked on pictures whose pixels are known.
import { describe, expect, it } from 'vitest';
import { svgToPng } from '../../src/charts/render.js';
import { colourStats, decodePng } from './png.js';

describe('decodePng', () => {
  it('reads back the pixels resvg drew: a white picture with one red square', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="#ffffff"/><rect x="10" y="0" width="5" height="5" fill="#ff0000"/></svg>';
    const p = decodePng(await svgToPng(svg, 1));
    expect([p.width, p.height]).toEqual([20, 10]);
    const at = (x: number, y: number) =>
      Array.from(p.data.subarray((y * p.width + x) * p.channels, (y * p.width + x) * p.channels + 3));
    expect(at(0, 0)).toEqual([255, 255, 255]);
    expect(at(12, 2)).toEqual([255, 0, 0]);
    expect(at(12, 7)).toEqual([255, 255, 255]);
    expect(colourStats(p).colours).toBe(2);
  });

  it('finds no variance in a blank picture', async () => {
    const blank = decodePng(
      await svgToPng(
        '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="30"><rect width="30" height="30" fill="#fff"/></svg>',
        1,
      ),
    );
    expect(colourStats(blank)).toEqual({ colours: 1, greyVariance: 0 });
  });
});
