import { DEMO_PASSWORD, expect, hydrated, open, signInAs, submitSignIn, test } from './helpers';

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
