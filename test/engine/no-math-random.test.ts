import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// The reproducibility contract: all randomness comes from src/engine/rng.ts streams.
it('src/ never calls Math.random, Date.now or performance.now inside models', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const text = readFileSync(p, 'utf8');
        if (/Math\.random\s*\(/.test(text)) offenders.push(`${p}: Math.random`);
        if (p.includes(join('src', 'models')) && /Date\.now\s*\(|performance\.now\s*\(|new Date\s*\(/.test(text)) {
          offenders.push(`${p}: clock read inside a model`);
        }
      }
    }
  };
  walk(new URL('../../src', import.meta.url).pathname);
  expect(offenders).toEqual([]);
});
