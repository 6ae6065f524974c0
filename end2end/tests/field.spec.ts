import { chromium, type Page } from '@playwright/test';
import { answerEveryField, kindsShown, shown, type Shown } from './answers';
import { FieldSignal } from './signal';
import {
  DEMO_PASSWORD,
  expect,
  expectNoHorizontalScroll,
  field,
  fillPerson,
  freshIdnp,
  freshSurname,
  hydrated,
  newCase,
  open,
  screenshot,
  signInAs,
  startForm,
  test,
} from './helpers';

// A social worker's day in the field, on a phone with a weak signal: nothing typed is ever lost.

const syncState = (page: Page) => page.getByTestId('sync-state');
const SAVED = 'Salvat';
const OFFLINE = 'Fără conexiune — păstrat pe acest dispozitiv';
const RESTORED = 'Modificările păstrate pe acest dispozitiv au fost restabilite';

/** The standard forms by the case status they are filled in: a new case for those of the
 * assessment, and the synthetic demo cases of worker.chisinau for the later statuses (no other
 * test starts their non-repeatable forms). */
const FORMS_BY_STATUS: Array<[string, string[]]> = [
  // A new case: starting its initial assessment starts the assessment, where these are filled.
  ['new', ['Evaluarea inițială', 'Fișa de sesizare', 'Ancheta socială', 'Închiderea cazului']],
  ['complex_assessment', ['Evaluarea complexă']],
  ['planning', ['Planul individualizat de asistență']],
  ['monitoring', ['Vizita de monitorizare', 'Revizuirea planului']],
];

/** The path of the `nth` case of the caller's caseload in `status`. */
async function caseIn(page: Page, status: string, nth = 0, oldest = false): Promise<string> {
  await open(page, `/cases?status=${status}`);
  const cards = page.getByTestId('case-card');
  const card = oldest ? cards.last() : cards.nth(nth);
  await expect(card, `a case in ${status}`).toBeVisible();
  return (await card.getByRole('link').first().getAttribute('href'))!;
}

/** Starts (or reopens: a form held once per case gives its draft back) the form `title` of the
 * case at `casePath`; returns the form's path. */
async function formOf(page: Page, casePath: string, title: string): Promise<string> {
  await open(page, casePath);
  const start = page.getByRole('button', { name: `Începeți: ${title}`, exact: true });
  if ((await start.count()) > 0) {
    await start.click();
  } else {
    await page.getByRole('link', { name: title, exact: true }).click();
  }
  await page.waitForURL((url) => /^\/forms\/\d+$/.test(url.pathname));
  await hydrated(page);
  return new URL(page.url()).pathname;
}

test('every field of every standard form shows the answer kept on the device, not the older one of the server', async ({
  page,
  problems,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'a phone in the field');
  test.setTimeout(600_000);
  problems.allow({ text: /Failed to load resource: net::ERR_FAILED/, url: '/api/forms/save' });
  await signInAs(page, 'worker.chisinau');
  const kinds: Record<string, number> = {};
  for (const [status, titles] of FORMS_BY_STATUS) {
    const casePath = status === 'new' ? await newCase(page, testInfo) : await caseIn(page, status, 0, true);
    for (const title of titles) {
      await test.step(`${title} (a case in ${status})`, async () => {
        const formPath = await formOf(page, casePath, title);
        // The server holds one set of answers …
        const older: Shown = await answerEveryField(page, 0);
        await expect(syncState(page)).toHaveText(SAVED, { timeout: 15_000 });
        for (const [k, n] of Object.entries(await kindsShown(page))) kinds[k] = (kinds[k] ?? 0) + n;
        // … the device newer ones, which could not be sent.
        await page.route('**/api/forms/save', (route) => route.abort());
        const newer: Shown = await answerEveryField(page, 1);
        await expect(syncState(page)).toHaveText(OFFLINE);
        for (const path of Object.keys(older)) {
          if (path in newer && !/^\d+$/.test(newer[path]) && older[path] !== '') {
            expect(newer[path], `${title}: ${path} answered anew`).not.toEqual(older[path]);
          }
        }
        // Reopened (the server sends the older answers), every field shows the newer one.
        await page.reload();
        await hydrated(page);
        await expect(page.getByText(RESTORED)).toBeVisible();
        expect(await shown(page), `${title}: what the fields show after the reload`).toEqual(newer);
        // With the signal back, they reach the server.
        await page.unroute('**/api/forms/save');
        await expect(syncState(page)).toHaveText(SAVED, { timeout: 15_000 });
        await open(page, formPath);
        await expect(page.getByText(RESTORED)).toHaveCount(0);
        expect(await shown(page), `${title}: what the server kept`).toEqual(newer);
      });
    }
  }
  // Every kind of field was met.
  for (const kind of ['textarea', 'text', 'number', 'date', 'radio', 'checkbox', 'select']) {
    expect(kinds[kind] ?? 0, `fields of kind ${kind}`).toBeGreaterThan(0);
  }
});

test('a photo chosen without a signal waits on the device, through a reload, and reaches the server when the signal is back', async ({
  page,
  problems,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'a phone in the field');
  test.slow();
  problems.allow({ text: /Failed to load resource: net::ERR_FAILED/ });
  await signInAs(page, 'worker.chisinau');
  const casePath = await newCase(page, testInfo);
  const formPath = await startForm(page, casePath, 'Ancheta socială');
  const documents = page.locator('[data-field="documents"]');
  const waiting = documents.getByTestId('waiting-file');
  const held = documents.locator('li[data-file]');

  // Neither files nor answers reach the server.
  await page.route('**/forms/*/files', (route) => route.abort());
  await page.route('**/api/forms/save', (route) => route.abort());
  await field(page, 'Adăugați o fotografie sau un document').setInputFiles({
    name: 'IMG_0107.jpg',
    mimeType: 'image/jpeg',
    buffer: screenshot(),
  });
  await expect(waiting).toContainText('IMG_0107.jpg');
  await expect(waiting).toContainText('Păstrat pe acest dispozitiv: se trimite când revine semnalul.');
  // A form is not submitted without its files.
  await page.getByRole('button', { name: 'Trimiteți', exact: true }).click();
  await expect(page.getByText('Așteptați până se trimit fișierele.')).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(formPath);

  // Reopened without a signal, the file is still there, waiting.
  for (let i = 0; i < 2; i++) {
    await page.reload();
    await hydrated(page);
    await expect(waiting).toContainText('IMG_0107.jpg');
    await expect(held).toHaveCount(0);
  }

  // With the signal back, it goes by itself, and the answers name it.
  await page.unroute('**/forms/*/files');
  await page.unroute('**/api/forms/save');
  await expect(held).toHaveCount(1, { timeout: 20_000 });
  await expect(waiting).toHaveCount(0);
  await expect(syncState(page)).toHaveText(SAVED, { timeout: 15_000 });
  // Nothing is left on the device, and the server's draft holds the photo.
  await expect
    .poll(() => page.evaluate(async () => (await (await caches.open('vatra-device-files')).keys()).length))
    .toBe(0);
  await expect.poll(() => page.evaluate(() => localStorage.length)).toBe(0);
  await page.reload();
  await hydrated(page);
  await expect(documents.getByRole('img', { name: 'IMG_0107.jpg' })).toBeVisible();
  await expect(page.getByText(RESTORED)).toHaveCount(0);
});

for (const [engine, base] of [
  ['SQLite', 'http://127.0.0.1:3100'],
  ['PostgreSQL', 'http://127.0.0.1:3101'],
] as const) {
  test(`a field day on ${engine}: a draft opened from the case, typed without a signal, reloaded, signed out and in, reaches the server whole`, async ({
    problems,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'a phone in the field');
    // A whole day: registration, a case, a form, two reloads, signing out and in.
    test.setTimeout(240_000);
    // Without a signal, every request fails.
    problems.allow({ text: /Failed to load resource: net::ERR_/ });
    const signal = await FieldSignal.start();
    const args = (testInfo.project.use.launchOptions?.args ?? []).concat(signal.chromiumArgs());
    const browser = await chromium.launch({ executablePath: process.env.VATRA_CHROMIUM || '/usr/bin/chromium', args });
    try {
      const phone = { baseURL: base, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-US' };
      const context = await browser.newContext(phone);
      const page = await context.newPage();
      problems.watch(page);

      await signInAs(page, 'worker.chisinau');
      // The caseload, a case and its draft, each opened once with a signal.
      await open(page, '/cases');
      const casePath = await newCase(page, testInfo);
      const started = await formOf(page, casePath, 'Evaluarea inițială');
      await open(page, casePath);
      await page.getByRole('link', { name: 'Evaluarea inițială', exact: true }).click();
      await page.waitForURL((url) => url.pathname === started);
      await expect(page.getByRole('heading', { level: 1, name: 'Evaluarea inițială' })).toBeVisible();
      const formPath = started;
      // Reached inside the app (no page load), the draft is kept on the device all the same.
      await page.waitForFunction(async (p) => (await caches.match(location.origin + p)) !== undefined, formPath, {
        timeout: 15_000,
      });

      let typed: Shown = {};
      await test.step('without a signal, every kind of field is typed in, and kept through two reloads', async () => {
        signal.set('down');
        typed = await answerEveryField(page, 2);
        await expect(syncState(page)).toHaveText(OFFLINE, { timeout: 15_000 });
        for (let i = 0; i < 2; i++) {
          await page.reload();
          await hydrated(page);
          await expect(page.getByText(RESTORED)).toBeVisible();
          expect(await shown(page)).toEqual(typed);
        }
      });

      await test.step('without a signal, the caseload and the case open, and the draft from the case', async () => {
        await page.goto('/cases');
        await hydrated(page);
        await expect(page.getByRole('heading', { level: 1, name: 'Cazurile mele' })).toBeVisible();
        await page.goto(casePath);
        await hydrated(page);
        await page.getByRole('link', { name: 'Evaluarea inițială', exact: true }).click();
        await page.waitForURL((url) => url.pathname === formPath);
        await expect(page.getByText(RESTORED)).toBeVisible({ timeout: 15_000 });
        await hydrated(page);
        expect(await shown(page)).toEqual(typed);
      });

      await test.step('signing out asks about the unsent draft; kept, it is there after signing in again', async () => {
        // The signal is back, but not for saving drafts.
        signal.set('no-saves');
        await page.getByRole('button', { name: 'Ieșire', exact: true }).click();
        const question = page.getByTestId('unsent-drafts');
        await expect(question).toBeVisible();
        await expect(question).toContainText('1');
        await question.getByRole('button', { name: 'Păstrați-le pe acest dispozitiv și ieșiți' }).click();
        await page.waitForURL((url) => url.pathname === '/sign-in');
        await hydrated(page);
        // The sign-in page speaks the worker's language.
        await page.getByLabel('Nume de utilizator').fill('worker.chisinau');
        await page.getByLabel('Parolă').fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: 'Autentificare', exact: true }).click();
        await page.waitForURL((url) => url.pathname === '/');
        await open(page, formPath);
        await expect(page.getByText(RESTORED)).toBeVisible();
        expect(await shown(page)).toEqual(typed);
      });

      await test.step('with the signal back, every character reaches the server', async () => {
        signal.set('up');
        await expect(syncState(page)).toHaveText(SAVED, { timeout: 20_000 });
        // Another device, with nothing kept: the server's answers.
        const other = await (await browser.newContext(phone)).newPage();
        problems.watch(other);
        await signInAs(other, 'worker.chisinau');
        await open(other, formPath);
        await expect(other.getByText(RESTORED)).toHaveCount(0);
        expect(await shown(other)).toEqual(typed);
      });
    } finally {
      await browser.close();
      await signal.stop();
    }
  });
}

test('a signed-in page asked for without a session goes to sign in from the server, and back after', async ({
  openPage,
}) => {
  const plain = await openPage({ javaScriptEnabled: false });
  for (const path of ['/', '/cases', '/persons/1', '/forms/1']) {
    const response = await plain.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(303);
    expect(response.headers()['location'], path).toBe(`/sign-in?next=${path}`);
  }
  await plain.goto('/cases?status=planning');
  await expect(plain).toHaveURL((url) => url.pathname === '/sign-in');
  await plain.getByLabel('User name').fill('worker.chisinau');
  await plain.getByLabel('Password').fill(DEMO_PASSWORD);
  await plain.getByRole('button', { name: 'Sign in', exact: true }).click();
  await plain.waitForURL((url) => url.pathname === '/cases' && url.searchParams.get('status') === 'planning');
});

test("another territory's person is refused with a heading, the reason and a way on", async ({
  page,
  openPage,
  problems,
}) => {
  problems.allow({ text: /status of 404/ });
  // A person of Chișinău, as the worker there finds them.
  const chisinau = await openPage();
  await signInAs(chisinau, 'worker.chisinau');
  await open(chisinau, await caseIn(chisinau, 'assessment'));
  const personPath = (await chisinau.locator('a[href^="/persons/"]').first().getAttribute('href'))!;
  // The worker of Ungheni may not know they exist.
  await signInAs(page, 'worker.ungheni');
  const response = await page.request.get(personPath);
  expect(response.status()).toBe(404);
  await open(page, personPath);
  const refused = page.getByTestId('page-refused');
  await expect(refused.getByRole('heading', { level: 1, name: 'Înregistrarea nu a fost găsită' })).toBeVisible();
  await expect(refused).toContainText('teritoriului în care lucrați');
  await refused.getByRole('link', { name: 'Înapoi la pagina principală' }).click();
  await page.waitForURL((url) => url.pathname === '/');
});

test('on a phone, the bottom bar holds at most five entries and the rest are under More', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the bottom bar is the phone’s');
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: 700 });
    for (const user of ['worker.chisinau', 'supervisor.chisinau', 'admin.national']) {
      await signInAs(page, user);
      const bar = page.getByRole('navigation', { name: /navigare|navigation/i }).last();
      const entries = bar.locator(':scope > a, :scope > details > summary');
      const count = await entries.count();
      expect(count, `${user} at ${width} px`).toBeLessThanOrEqual(5);
      for (let i = 0; i < count; i++) {
        const box = (await entries.nth(i).boundingBox())!;
        expect(box.x, `${user} at ${width} px: entry ${i} on screen`).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, `${user} at ${width} px: entry ${i} on screen`).toBeLessThanOrEqual(width + 0.5);
        expect(box.height).toBeGreaterThanOrEqual(44);
      }
      const more = bar.getByTestId('nav-more');
      if (user !== 'admin.national' || (await more.count()) > 0) {
        await more.locator('summary').click();
        const profile = more.getByRole('link', { name: /^(Profil|Profile|Профиль)$/ });
        await expect(profile).toBeVisible();
        const box = (await profile.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(width + 0.5);
        expect(box.height).toBeGreaterThanOrEqual(44);
        await profile.click();
        await page.waitForURL((url) => url.pathname === '/profile');
        await expect(more).not.toHaveAttribute('open', '');
      }
      await page.context().clearCookies();
    }
  }
});

test('Vatra installs: a manifest with its icons, and an offline page', async ({ page }) => {
  const manifest = await (await page.request.get('/manifest.webmanifest')).json();
  expect(manifest.start_url).toBe('/');
  expect(manifest.display).toBe('standalone');
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toContain('192x192');
  expect(sizes).toContain('512x512');
  for (const icon of manifest.icons) {
    const r = await page.request.get(icon.src);
    expect(r.status(), icon.src).toBe(200);
    expect(r.headers()['content-type'], icon.src).toBe('image/png');
  }
  await page.goto('/sign-in');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  const offline = await page.request.get('/offline.html');
  expect(offline.status()).toBe(200);
  expect(await offline.text()).toContain('Cazurile mele');
});

test('the case page leads with the next form, named after it: started, then continued', async ({ page }, testInfo) => {
  await signInAs(page, 'worker.chisinau');
  const casePath = await newCase(page, testInfo);
  const next = page.getByTestId('next-action');
  await expect(next).toHaveText('Începeți: Evaluarea inițială');
  // The step it takes is not offered again under another, almost equal name.
  await expect(page.getByRole('button', { name: 'Începe evaluarea inițială', exact: true })).toHaveCount(0);
  const box = (await next.boundingBox())!;
  const details = (await page.getByText('Problema semnalată', { exact: true }).first().boundingBox())!;
  expect(box.y, 'the next form comes before the details of the case').toBeLessThan(details.y);
  await next.click();
  await page.waitForURL((url) => /^\/forms\/\d+$/.test(url.pathname));
  const formPath = new URL(page.url()).pathname;
  await open(page, casePath);
  await expect(next).toHaveText('Continuați ciorna: Evaluarea inițială');
  await expect(next).toHaveAttribute('href', formPath);
});

test("after signing out, the sign-in page keeps the worker's language", async ({ page }) => {
  await signInAs(page, 'worker.chisinau');
  await page.getByRole('button', { name: 'Ieșire', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Autentificare', exact: true })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Autentificare', exact: true })).toBeVisible();
});

test('a case page with its history fits the phone and speaks in words', async ({ page }, testInfo) => {
  await signInAs(page, 'worker.chisinau');
  const casePath = await newCase(page, testInfo);
  // A version more: the initial assessment started from the case page.
  await page.getByTestId('next-action').click();
  await page.waitForURL((url) => /^\/forms\/\d+$/.test(url.pathname));
  await open(page, casePath);
  const entries = page.getByTestId('history-entry');
  await expect(entries.first()).toBeVisible();
  await expectNoHorizontalScroll(page);
  const history = page.locator('section[aria-labelledby="tl-h"]');
  // Field names and values in words, people named, local times: no codes, ids or UTC.
  await expect(history).toContainText('Evaluare');
  await expect(history).toContainText('Ana Ceban');
  await expect(history).not.toContainText('start_assessment');
  await expect(history).not.toContainText('created_by');
  await expect(history).not.toContainText('territory_path');
  await expect(history).not.toContainText(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
});

test('on a phone, registering a person asks first for what is always known; the rest is folded, open at a tap, and open where it holds an answer', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'a phone in the field');
  await signInAs(page, 'worker.chisinau');
  await open(page, '/persons/new');
  const form = page.locator('main form').first();
  // It was 2,400 px tall, every optional field shown.
  const tall = await form.evaluate((f) => f.getBoundingClientRect().height);
  expect(tall).toBeLessThan(1_400);
  const folds = page.getByTestId('fold');
  await expect(folds).toHaveCount(5);
  for (const fold of await folds.all()) {
    await expect(fold).not.toHaveAttribute('open', '');
    const summary = fold.locator('summary');
    expect((await summary.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  }
  await folds.locator('summary', { hasText: 'Telefon și e-mail' }).click();
  await expect(page.getByLabel('Telefon', { exact: true })).toBeVisible();
  await expectNoHorizontalScroll(page);
  // Registered with a phone number, the person's record opens to edit with that part unfolded.
  await fillPerson(page, { idnp: freshIdnp(), last: freshSurname(testInfo), first: 'Doina', birth: '1979-06-21' });
  await page.getByLabel('Telefon', { exact: true }).fill('+37369000333');
  await page.getByRole('button', { name: 'Înregistrează o persoană', exact: true }).click();
  await page.waitForURL((url) => /^\/persons\/\d+$/.test(url.pathname));
  await open(page, `${new URL(page.url()).pathname}/edit`);
  await expect(folds.filter({ hasText: 'Telefon și e-mail' })).toHaveAttribute('open', '');
  await expect(page.getByLabel('Telefon', { exact: true })).toHaveValue('+37369000333');
  await expect(folds.filter({ has: page.getByLabel('Gradul de dizabilitate') })).not.toHaveAttribute('open', '');
});
