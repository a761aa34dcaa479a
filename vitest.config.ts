import { configDefaults, defineConfig } from 'vitest/config';

// `npm test` runs everything but test/integration/ (real Slurm, kill -9 and resume, CLI fuzzing through
// subprocesses: several minutes); `npm run test:integration` runs those, and .ci/run runs both.
const integration = Boolean(process.env.PKOSIM_INTEGRATION);

export default defineConfig({
  test: {
    include: integration ? ['test/integration/**/*.test.ts'] : ['test/**/*.test.ts'],
    exclude: integration ? configDefaults.exclude : [...configDefaults.exclude, 'test/integration/**'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two test files at a time (vitest's default on 2 CPUs is one). On the slow 2026-12-07 `npm test` took 310 s one
    // file at a time, 259 s two at a time, and 200 s two at a time with the direction tests split over two files.
    // The integration tests keep the default, one file at a time: they kill batches at chosen moments.
    ...(integration ? {} : { maxWorkers: 2 }),
  },
});
