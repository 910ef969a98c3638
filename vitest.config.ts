import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    maxConcurrency: 16,
    // Most test files wait on deadlines and child processes rather than compute: vitest's default (one worker
    // fewer than the cores) runs a single file at a time on a 2-core CI host and leaves it idle.
    maxWorkers: 4,
  },
});
