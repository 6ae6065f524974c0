/**
 * Shared fixtures and helpers for Vatra's browser tests.
 *
 * Every page a test opens (the default `page`, and pages from `openPage`) is
 * watched: an uncaught page error or a console error fails the test, unless
 * the test allowed that console message with `problems.allow(...)` because
 * the app answers that request with an error status on purpose.
 */
import {
  test as base,
  expect,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  type TestInfo,
} from '@playwright/test';

export { expect };

/** The password of every demo account. */
export const DEMO_PASSWORD = 'vatra-demo-2026';

/** A console message a test expects, e.g. the error status of a refused sign-in. */
export interface AllowedMessage {
  /** Matches the message text. */
  text: RegExp;
  /** A part of the URL the message is about (for network messages). */
  url?: string;
}

/** The page errors and console errors seen while a test ran. */
export class ProblemLog {
  private readonly seen: string[] = [];
  private readonly allowed: AllowedMessage[] = [];

  /** Records the errors of `page` from now on. */
  watch(page: Page): void {
    page.on('pageerror', (error) => {
      this.seen.push(`page error: ${error.message}\n${error.stack ?? ''}`.trim());
    });
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      const url = message.location().url ?? '';
      if (text.includes('favicon') || url.includes('favicon')) return;
      if (this.allowed.some((a) => a.text.test(text) && (a.url === undefined || url.includes(a.url)))) return;
      this.seen.push(`console error: ${text}${url ? ` (${url})` : ''}`);
    });
  }

  /** Lets console errors matching `message` pass. */
  allow(message: AllowedMessage): void {
    this.allowed.push(message);
  }

  get problems(): readonly string[] {
    return this.seen;
  }
}

type Fixtures = {
  /** The errors seen on every page of this test; checked when the test ends. */
  problems: ProblemLog;
  /**
   * Opens a page in a new browser context (a separate person: own cookies),
   * with this project's viewport, touch and locale. Closed when the test ends.
   */
  openPage: (options?: BrowserContextOptions) => Promise<Page>;
};

export const test = base.extend<Fixtures>({
  problems: [
    async ({}, use) => {
      const log = new ProblemLog();
      await use(log);
      expect(log.problems, 'page errors and console errors while the test ran').toEqual([]);
    },
    { auto: true },
  ],

  page: async ({ page, problems }, use) => {
    problems.watch(page);
    await use(page);
  },

  openPage: async ({ browser, baseURL, viewport, isMobile, hasTouch, locale, problems }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (options: BrowserContextOptions = {}) => {
      const context = await browser.newContext({ baseURL, viewport, isMobile, hasTouch, locale, ...options });
      contexts.push(context);
      const page = await context.newPage();
      problems.watch(page);
      return page;
    });
    for (const context of contexts) {
      await context.close();
    }
  },
});

/**
 * Waits until the page is hydrated: clicks before that do nothing. The app
 * sets `window.__vatra_hydrated` at the end of hydration.
 */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForFunction(
    () => document.querySelector('body') !== null && (window as any).__vatra_hydrated === true,
    null,
    { timeout: 15_000 },
  );
}

/** Opens `path` and waits for hydration. */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await hydrated(page);
}

/**
 * Fills in and submits the sign-in form (the page must be the English
 * sign-in page: the config's locale is en-US). Does not wait for the result.
 */
export async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Opens the sign-in page and submits `username` and `password`. Does not wait for the result. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await open(page, '/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in', exact: true })).toBeVisible();
  await submitSignIn(page, username, password);
}

/** Signs in and waits until the app lands on `landing` (the home page by default), hydrated. */
export async function signInAs(
  page: Page,
  username: string,
  password: string = DEMO_PASSWORD,
  landing: string = '/',
): Promise<void> {
  await signIn(page, username, password);
  await page.waitForURL((url) => url.pathname === landing);
  await hydrated(page);
}

/** The main navigation that is shown: the sidebar on desktop, the bottom bar on phones. */
export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main navigation', exact: true });
}

/** Follows a link of the main navigation and waits for the page at `path`. */
export async function navigate(page: Page, linkName: string, path: string): Promise<void> {
  const link = mainNav(page).getByRole('link', { name: linkName, exact: true });
  // On a phone, an entry may wait under "More".
  if (!(await link.isVisible())) {
    await mainNav(page).getByTestId('nav-more').locator('summary').click();
  }
  await link.click();
  await page.waitForURL((url) => url.pathname === path);
}

/**
 * Chooses a territory by name in the "Territory" select. Option texts are
 * indented by depth with non-breaking spaces, so match them trimmed.
 */
export async function selectTerritory(page: Page, name: string): Promise<void> {
  const select = page.getByLabel('Territory');
  await expect(select.locator('option', { hasText: name }).first()).toBeAttached();
  const value = await select
    .locator('option')
    .evaluateAll(
      (options, wanted) =>
        (options as HTMLOptionElement[]).find((o) => (o.textContent ?? '').replace(/\u00a0/g, ' ').trim() === wanted)
          ?.value,
      name,
    );
  expect(value, `an option named "${name}" in the Territory select`).toBeTruthy();
  await select.selectOption({ value: value! });
}

/** A user name no other test or run uses: `e2e.<time>.<project>`. */
export function uniqueUsername(testInfo: TestInfo): string {
  const project = testInfo.project.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return `e2e.${Date.now()}.${project}`;
}

/**
 * Asserts the page does not scroll sideways: its width fits the window.
 * (With phone emulation, Chromium may widen the layout viewport of an
 * overflowing page, so compare with the configured viewport as well.)
 */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  const viewport = page.viewportSize()?.width ?? innerWidth;
  expect(
    scrollWidth,
    `page width ${scrollWidth}px fits the window (innerWidth ${innerWidth}px, viewport ${viewport}px) at ${page.url()}`,
  ).toBeLessThanOrEqual(Math.min(innerWidth, viewport));
}

/**
 * Texts of the own-password page. A user an administrator creates gets
 * Romanian as UI language, so accept both Romanian and English.
 */
export const passwordPage = {
  current: /^\s*(Current password|Parola actuală)/,
  new: /^\s*(New password|Parola nouă)/,
  confirm: /^\s*(Repeat the new password|Repetați parola nouă)/,
  submit: /^(Change password|Schimbă parola)$/,
  changed: /Your password was changed\.|Parola a fost schimbată\./,
};

/** A valid IDNP no other run uses: 12 random digits and the 7-3-1 check digit. */
export function freshIdnp(): string {
  const body = [2, ...Array.from({ length: 11 }, () => Math.floor(Math.random() * 10))];
  const weights = [7, 3, 1];
  const check = body.reduce((sum, d, i) => sum + d * weights[i % 3], 0) % 10;
  return body.join('') + String(check);
}

/** The same IDNP with its check digit changed: 13 digits that cannot be valid. */
export function badIdnp(valid: string): string {
  const last = (Number(valid[12]) + 1) % 10;
  return valid.slice(0, 12) + String(last);
}

/**
 * The form control labelled exactly `text`; a required field's label ends
 * in " *", which the match allows.
 */
export function field(page: Page, text: string) {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByLabel(new RegExp(`^\\s*${escaped}( \\*)?\\s*$`));
}

// Shared by the tests that register persons and open cases. The demo social
// workers use Vatra in Romanian, so these read the Romanian interface.

/** Now, as a `datetime-local` value with seconds, in Chisinau time. */
export function chisinauNow(): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Chisinau',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(new Date());
  return parts.replace(' ', 'T');
}

/** A surname no other run uses, so that near-match warnings come only from this test. */
export function freshSurname(testInfo: { project: { name: string } }): string {
  // Random letters, not a clock: two surnames made in the same millisecond on the two projects
  // must stay further apart than the duplicate search's allowance for a typo (two edits).
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const s = Array.from({ length: 10 }, () => letters[Math.floor(Math.random() * 26)]).join('');
  return `Test${s}${testInfo.project.name === 'phone' ? 'p' : 'd'}`;
}

export async function selectByText(page: Page, label: string, text: string): Promise<void> {
  const select = field(page, label);
  const value = await select
    .locator('option')
    .evaluateAll(
      (options, wanted) =>
        (options as HTMLOptionElement[]).find((o) => (o.textContent ?? '').replace(/\u00a0/g, ' ').trim() === wanted)
          ?.value,
      text,
    );
  expect(value, `an option "${text}" in "${label}"`).toBeTruthy();
  await select.selectOption({ value: value! });
}

/** Fills the registration form's required fields. */
export async function fillPerson(page: Page, p: { idnp: string; last: string; first: string; birth: string }) {
  await field(page, 'IDNP').fill(p.idnp);
  await field(page, 'Nume').fill(p.last);
  await field(page, 'Prenume').fill(p.first);
  await field(page, 'Data nașterii').fill(p.birth);
  await field(page, 'Sex').selectOption('female');
  await selectByText(page, 'Domiciliu', 'mun. Chișinău');
  if (p.idnp === '') {
    await field(page, 'De ce lipsește IDNP').fill('Nu are act de identitate');
  }
}

/** Registers a person and opens a case for them; returns the case page's path. */
export async function newCase(page: Page, testInfo: { project: { name: string } }): Promise<string> {
  await open(page, '/persons/new');
  await fillPerson(page, { idnp: freshIdnp(), last: freshSurname(testInfo), first: 'Mariana', birth: '1986-04-02' });
  await page.getByRole('button', { name: 'Înregistrează o persoană', exact: true }).click();
  await page.waitForURL((url) => /^\/persons\/\d+$/.test(url.pathname));
  await hydrated(page);
  await page.getByRole('link', { name: 'Deschide un caz', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/cases/new');
  await hydrated(page);
  await field(page, 'Cine a sesizat').fill('Primăria');
  await field(page, 'Cum a parvenit').selectOption('institution');
  await field(page, 'Problema semnalată').fill('Familie fără venit stabil.');
  await page.getByRole('button', { name: 'Deschide un caz', exact: true }).click();
  await page.waitForURL((url) => /^\/cases\/\d+$/.test(url.pathname) && url.searchParams.has('opened'));
  await hydrated(page);
  return new URL(page.url()).pathname;
}

/** Starts a form from the case page; returns the form page's path. */
export async function startForm(page: Page, casePath: string, title: string): Promise<string> {
  await open(page, casePath);
  await page.getByRole('button', { name: `Începeți: ${title}` }).click();
  await page.waitForURL((url) => /^\/forms\/\d+$/.test(url.pathname));
  await hydrated(page);
  return new URL(page.url()).pathname;
}

/** A new browser with JavaScript off, signed in as `username` (the demo password) through the
 * plain sign-in form. */
export async function signedInWithoutJavaScript(
  openPage: (options?: BrowserContextOptions) => Promise<Page>,
  username: string,
): Promise<Page> {
  const plain = await openPage({ javaScriptEnabled: false });
  await plain.goto('/sign-in');
  await plain.getByLabel('User name').fill(username);
  await plain.getByLabel('Password').fill(DEMO_PASSWORD);
  await plain.getByRole('button', { name: 'Sign in', exact: true }).click();
  await plain.waitForURL((url) => url.pathname === '/');
  return plain;
}

/** A small PNG (16 × 16 pixels, one colour), as a phone's camera or screenshot hands it over. */
export function screenshot(): Buffer {
  return Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGM4YaNBEmIY1TCqYfhqAAAeBCwQMwPSngAAAABJRU5ErkJggg==',
    'base64',
  );
}

/** A minimal PDF. */
export const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
