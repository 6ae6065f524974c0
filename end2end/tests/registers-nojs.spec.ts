/**
 * The registers and the daily work report before the page's script has loaded (or with it
 * off): their filters are plain GET forms, the next page and the downloads plain links, so a
 * supervisor on a weak signal still filters, pages, downloads and reads a worker's day.
 */
import { DEMO_PASSWORD, expect, submitSignIn, test } from './helpers';

test.use({ javaScriptEnabled: false });

test("without JavaScript, a supervisor filters a register, pages through it, downloads it and reads a worker's day", async ({
  page,
}, testInfo) => {
  await page.goto('/sign-in');
  await submitSignIn(page, 'supervisor.chisinau', DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === '/');

  await page.goto('/registers/beneficiaries');
  const filters = page.getByTestId('register-filters');
  await filters.getByLabel('From').fill('2020-01-01');
  await filters.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/registers/beneficiaries' && u.searchParams.get('from') === '2020-01-01');
  const lines = testInfo.project.name === 'phone' ? page.getByTestId('register-card') : page.getByTestId('register-row');
  await expect(lines).toHaveCount(50);
  const first = await lines.first().textContent();

  // The next page is a link: it keeps the filters and shows other lines.
  await page.getByTestId('register-next').click();
  await page.waitForURL((u) => u.searchParams.has('after') && u.searchParams.get('from') === '2020-01-01');
  await expect(lines.first()).not.toHaveText(first!);

  // The download is a plain link to the file, with the filters in its address.
  const csv = (await page.getByTestId('register-csv').getAttribute('href'))!;
  expect(csv).toMatch(/^\/registers\/beneficiaries\.csv\?from=2020-01-01&/);
  const head = (await (await page.request.get(csv)).text()).split(/\r?\n/);
  expect(head[0]).toBe('Register of beneficiaries');

  // The daily work report: the supervisor picks a case manager with the plain form.
  await page.goto('/reports/day');
  await page.getByLabel('Case manager').selectOption({ label: 'Ana Ceban' });
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/reports/day' && u.searchParams.has('worker'));
  await expect(page.getByTestId('day-scope')).toContainText('Ana Ceban');
});
