import { defineConfig } from '@playwright/test';

/**
 * Browser tests for Vatra, in Chromium only, at desktop and phone sizes.
 *
 * Playwright starts the release server itself on a fresh database with the demo
 * accounts, twice: on SQLite (start-server.sh, port 3100, where every test runs) and on
 * PostgreSQL (start-server-pg.sh, port 3101, for the field day on both engines); build it first with
 * `cargo leptos build --release`. Run with `npx playwright test`.
 *
 * VATRA_CHROMIUM: the Chromium binary (default /usr/bin/chromium).
 * VATRA_E2E_URL: the address the tests open (default http://127.0.0.1:3100).
 */
export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  // No retries: a flaky test is a bug to find. (An intermittent hydration
  // panic was once hidden this way; its cause was pages creating their
  // resources twice on the server, see `Protected`.)
  retries: 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: 'chromium',
    baseURL: process.env.VATRA_E2E_URL || 'http://127.0.0.1:3100',
    // The sign-in page speaks the browser's language (Accept-Language).
    locale: 'en-US',
    launchOptions: {
      executablePath: process.env.VATRA_CHROMIUM || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'desktop',
      use: { viewport: { width: 1280, height: 800 } },
    },
    {
      name: 'phone',
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    },
  ],
  webServer: [
    {
      command: 'bash ./start-server.sh',
      url: 'http://127.0.0.1:3100/health/ready',
      reuseExistingServer: false,
      timeout: 120_000,
      cwd: __dirname,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    // The same build on PostgreSQL, for the field day (field.spec.ts) on both engines.
    {
      command: 'bash ./start-server-pg.sh',
      url: 'http://127.0.0.1:3101/health/ready',
      reuseExistingServer: false,
      timeout: 180_000,
      cwd: __dirname,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
