import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, expectNoHorizontalScroll, field, hydrated, newCase, open, signInAs, startForm, test } from './helpers';

/**
 * Accessibility of every page a role opens: axe-core's WCAG 2.1 A and AA
 * rules (labels, names, landmarks, ARIA, and AA colour contrast), at the
 * project's size; then the same pages at 200 % zoom.
 */

/** The pages each demo account opens, by the account's user name. */
const PAGES: Record<string, string[]> = {
  'worker.chisinau': [
    '/',
    '/persons',
    '/persons/new',
    '/cases',
    '/today',
    '/reports/day',
    '/notifications?show=all',
    '/profile',
    '/profile/password',
  ],
  'supervisor.chisinau': [
    '/team',
    '/today',
    '/cases/new?person=0',
    '/registers/beneficiaries',
    '/registers/measures',
    '/reports/day',
  ],
  'admin.chisinau': ['/admin/users', '/admin/users/new'],
  // The national settings are the central team's.
  'admin.national': ['/admin/classifiers', '/admin/forms', '/admin/forms/referral/1', '/admin/deadlines'],
  'auditor.chisinau': ['/audit'],
  'lead.chisinau': ['/support/rules', '/support/rules?edit=general', '/support/rules?edit=access'],
  'support.chisinau': [
    '/support',
    '/support/new',
    '/support/queue',
    '/support/replies',
    '/support/figures',
    '/support/call',
    '/support/call?phone=069000111',
  ],
};

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`,
  );
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await violations(page), `accessibility violations on ${what}`).toEqual([]);
}

test('the checker finds a planted fault: an unlabelled input and pale text', async ({ page }) => {
  await open(page, '/sign-in');
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'barely readable';
    p.style.color = '#d6d3d1';
    p.style.background = '#ffffff';
    const input = document.createElement('input');
    input.type = 'text';
    document.querySelector('main')!.append(p, input);
  });
  const found = (await violations(page)).join('\n');
  expect(found).toContain('color-contrast');
  expect(found).toContain('label');
});

test('a case page and a case form to fill pass the WCAG 2.1 AA checks', async ({ page }, testInfo) => {
  test.slow();
  await signInAs(page, 'worker.chisinau');
  const casePath = await newCase(page, testInfo);
  await expectAccessible(page, casePath);
  // The social inquiry holds most kinds of field: dates, choices, long texts, files.
  await startForm(page, casePath, 'Ancheta socială');
  await expectAccessible(page, 'the social inquiry to fill');
});

test('a ticket with its saved replies, and a saved reply being changed, pass the WCAG 2.1 AA checks', async ({
  page,
}, testInfo) => {
  const stamp = `${testInfo.project.name} ${Date.now()}`;
  await signInAs(page, 'support.chisinau');
  await open(page, '/support/replies');
  await field(page, 'Title').fill(`Accesibilitate ${stamp}`);
  await field(page, 'Text').fill('Un răspuns salvat pentru verificarea accesibilității.');
  await page.getByRole('button', { name: 'Add a saved reply', exact: true }).click();
  const saved = page.getByTestId('saved-reply').filter({ hasText: `Accesibilitate ${stamp}` });
  await saved.getByRole('link', { name: /^Edit/ }).click();
  await page.waitForURL((url) => url.pathname === '/support/replies' && url.searchParams.has('edit'));
  await expect(page.getByRole('heading', { name: 'Change the saved reply' })).toBeVisible();
  await expectAccessible(page, 'a saved reply being changed');
  await expectNoHorizontalScroll(page);

  await open(page, '/support/new');
  await field(page, 'Subject').fill(`Pagina unei solicitări ${stamp}`);
  await field(page, 'What happened').fill('O solicitare pentru verificarea accesibilității.');
  await field(page, 'Category').selectOption('forms');
  await page.getByRole('button', { name: 'Send to support', exact: true }).click();
  await page.waitForURL((url) => /^\/support\/\d+$/.test(url.pathname));
  await hydrated(page);
  await expect(field(page, 'Saved reply')).toBeVisible();
  await expectAccessible(page, 'a ticket with saved replies');
  await expectNoHorizontalScroll(page);
});

test('the form editor with its preview passes the WCAG 2.1 AA checks', async ({ page }) => {
  await signInAs(page, 'admin.national');
  await open(page, '/admin/forms');
  await page.getByRole('button', { name: /^(Edit a new version|Continue the draft) · Case closure$/ }).click();
  await page.waitForURL((url) => /^\/admin\/forms\/closure\/\d+$/.test(url.pathname));
  await expectAccessible(page, 'the closure form in the editor');
  await expectNoHorizontalScroll(page);
});

test('the sign-in and 404 pages pass the WCAG 2.1 AA checks', async ({ page, problems }) => {
  problems.allow({ text: /^Failed to load resource: the server responded with a status of 404/, url: '/no-such-page' });
  await open(page, '/sign-in');
  await expectAccessible(page, '/sign-in');
  await open(page, '/no-such-page');
  await expectAccessible(page, '404');
});

for (const [user, paths] of Object.entries(PAGES)) {
  test(`the pages of ${user} pass the WCAG 2.1 AA checks`, async ({ page }) => {
    await signInAs(page, user);
    for (const path of paths) {
      await open(page, path);
      await expectAccessible(page, path);
    }
  });
}

test('at 200 % zoom every page still fits and keeps its navigation', async ({ openPage, viewport }) => {
  // Zooming a 1280 px window to 200 % leaves 640 CSS pixels; a phone at
  // 200 % leaves 195, below what any layout is asked to hold, so both
  // projects check the desktop case.
  const width = Math.round((viewport?.width ?? 1280) >= 768 ? viewport!.width / 2 : 640);
  const page = await openPage({ viewport: { width, height: 400 } });
  await signInAs(page, 'worker.chisinau');
  for (const path of PAGES['worker.chisinau']) {
    await open(page, path);
    await expectNoHorizontalScroll(page);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('navigation').first()).toBeAttached();
  }
});
