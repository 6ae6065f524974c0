import {
  DEMO_PASSWORD,
  expect,
  field,
  hydrated,
  newCase,
  open,
  signedInWithoutJavaScript,
  signInAs,
  startForm,
  submitSignIn,
  test,
} from './helpers';

// Holes an outside attack run found, kept closed in a real browser.

test('after signing in, a hostile "next" address never leads off the site', async ({ page }) => {
  // A tab (which browsers strip from URLs), a backslash (read as a slash), a line break.
  for (const next of ['/\t/evil.example', '/\\evil.example', '//evil.example', '/\n/evil.example']) {
    await page.context().clearCookies();
    await open(page, `/sign-in?next=${encodeURIComponent(next)}`);
    const origin = new URL(page.url()).origin;
    await submitSignIn(page, 'auditor.chisinau', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/');
    await hydrated(page);
    expect(new URL(page.url()).origin, JSON.stringify(next)).toBe(origin);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
});

test('markup saved in a textarea shows as text and does nothing', async ({ page }, testInfo) => {
  await signInAs(page, 'support.ungheni');
  // Were the markup written raw, this page would end the box and send the browser away.
  const hostile = `Pași ${testInfo.project.name}</textarea><meta http-equiv="refresh" content="0;url=/sign-in?taken=1"><b id="injected">x</b>`;
  const saved = await page.request.post('/api/tickets/save_reply', {
    form: { title: `Injectare ${testInfo.project.name} ${Date.now()}`, body: hostile },
  });
  expect(saved.ok()).toBeTruthy();
  const id = await saved.json();
  // Server-drawn HTML first (no JavaScript involved), then the hydrated page.
  const html = await (await page.request.get(`/support/replies?edit=${id}`)).text();
  expect(html).not.toContain('</textarea><meta');
  await open(page, `/support/replies?edit=${id}`);
  await page.waitForTimeout(1500);
  await expect(page).toHaveURL((url) => url.pathname === '/support/replies' && !url.searchParams.has('taken'));
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
  await expect(page.locator('#injected')).toHaveCount(0);
  await expect(page.locator('#f-reply-body')).toHaveValue(hostile);

  // The same saved reply, put into a ticket's message box (`?reply=`), drawn by the server.
  const created = await page.request.post('/api/tickets/create', {
    form: { category: 'question', subject: `Injectare ${testInfo.project.name}`, body: 'Textul tichetului.' },
    maxRedirects: 0,
  });
  const location = created.headers()['location'] ?? '';
  const ticket = location.match(/\/support\/(\d+)/)?.[1];
  expect(ticket, location).toBeTruthy();
  await open(page, `/support/${ticket}?reply=${id}`);
  await page.waitForTimeout(1500);
  await expect(page).toHaveURL((url) => url.pathname === `/support/${ticket}` && !url.searchParams.has('taken'));
  await expect(page.locator('#injected')).toHaveCount(0);
  await expect(page.locator('#f-body')).toHaveValue(hostile);
});

test('markup typed into a case form stays text when the form is drawn again', async ({ page }, testInfo) => {
  await signInAs(page, 'worker.chisinau');
  const casePath = await newCase(page, testInfo);
  const formPath = await startForm(page, casePath, 'Evaluarea inițială');
  const hostile = `Tuse</textarea><meta http-equiv="refresh" content="0;url=/sign-in?taken=1"><b id="injected">x</b>`;
  await field(page, 'Observații privind sănătatea').fill(hostile);
  await field(page, 'Observații privind sănătatea').blur();
  await expect(page.getByTestId('sync-state')).toHaveText('Salvat');
  // Drawn again by the server, with the saved answer in its box.
  const html = await (await page.request.get(formPath)).text();
  expect(html).not.toContain('</textarea><meta');
  await open(page, formPath);
  await page.waitForTimeout(1500);
  await expect(page).toHaveURL((url) => url.pathname === formPath && !url.searchParams.has('taken'));
  await expect(page.locator('#injected')).toHaveCount(0);
  await expect(field(page, 'Observații privind sănătatea')).toHaveValue(hostile);
});

test('markup in a refused form sent without JavaScript comes back as text', async ({ openPage }) => {
  // What a refused post held is drawn again in the shared form component's textarea.
  const page = await signedInWithoutJavaScript(openPage, 'analyst.chisinau');
  const hostile = `Ajutor</textarea><meta http-equiv="refresh" content="0;url=/sign-in?taken=1"><b id="injected">x</b>`;
  await page.goto('/support/new');
  await field(page, 'What happened').fill(hostile);
  await field(page, 'Category').selectOption('forms');
  // No subject: refused, and the page comes back with what was typed.
  await page.getByRole('button', { name: 'Send to support', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/support/new');
  await page.waitForTimeout(1500);
  await expect(page).toHaveURL((url) => url.pathname === '/support/new' && !url.searchParams.has('taken'));
  await expect(page.locator('#injected')).toHaveCount(0);
  await expect(field(page, 'What happened')).toHaveValue(hostile);
});
