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
  },
});
