import base from './playwright.config';
import { defineConfig } from '@playwright/test';

/**
 * Browser measurements, not tests: `npx playwright test -c bench.config.ts` after a release
 * build. The figures go in docs/benchmarks.md; nothing here asserts a time.
 */
export default defineConfig({
  ...base,
  testDir: './bench',
  testMatch: '**/*.bench.ts',
  timeout: 180_000,
  projects: (base.projects ?? []).filter((p) => p.name === 'phone'),
});
