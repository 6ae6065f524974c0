/**
 * The dashboard: a supervisor reaches it from the navigation, reads the panels of their territory
 * (and at tablet width, without sideways scrolling), narrows it to a locality, and downloads the
 * CSV file of what they see; an analyst of the same district sees the small counts suppressed.
 */
import { expect, expectNoHorizontalScroll, hydrated, mainNav, open, signInAs, test } from './helpers';

const PANELS = [
  'Active cases, by status and risk',
  'Active cases, by territory',
  'Referrals received',
  'Time to assessment and to plan',
  'Steps done on time',
  'Caseload per case manager',
  'Closures by reason',
  'Support tickets against their time limits',
];

/** The "Total" of active cases, as the panel's table shows it. */
async function activeTotal(page: import('@playwright/test').Page): Promise<string> {
  const row = page.getByTestId('panel-active').getByRole('row').filter({ hasText: 'Total' });
  return (await row.getByRole('cell').last().innerText()).trim();
}

test('a supervisor reads the dashboard of their territory, narrows it to a locality and downloads it', async ({
  page,
}, testInfo) => {
  await signInAs(page, 'supervisor.chisinau');
  if (testInfo.project.name === 'phone') {
    await open(page, '/dashboard');
  } else {
    await mainNav(page).getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/dashboard');
    await hydrated(page);
  }
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  for (const name of PANELS) {
    await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('dashboard-scope')).toContainText('mun. Chișinău');
  await expect(page.getByTestId('dashboard-suppressed')).toHaveCount(0);
  // The demo caseload gives Chișinău active cases, counted exactly for its supervisor.
  const total = await activeTotal(page);
  expect(Number(total), `the active total "${total}"`).toBeGreaterThan(0);
  // Each bar sits beside its numbers, in the same row of an accessible table.
  await expect(page.getByTestId('panel-active').getByRole('columnheader', { name: 'High' })).toBeAttached();
  await expectNoHorizontalScroll(page);

  // The CSV file carries the same filters and numbers.
  const link = page.getByTestId('dashboard-csv');
  const href = (await link.getAttribute('href'))!;
  expect(href).toContain('/dashboard/indicators.csv?');
  const download = page.waitForEvent('download');
  await link.click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^vatra-indicators-\d+-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await (await page.request.get(href)).text();
  const lines = text.split(/\r?\n/);
  expect(lines[0]).toBe('Dashboard');
  expect(lines[1]).toBe('Territory,mun. Chișinău');
  expect(lines[2]).toBe('Case manager,All case managers');
  expect(lines[3]).toMatch(/^Period,\d{4}-\d{2}-01,\d{4}-\d{2}-\d{2}$/);
  expect(lines[4]).toMatch(/^Exported at,\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  expect(lines).toContain(`"Active cases, by status and risk",Total,,${total}`);
  await expect(page.getByTestId('dashboard-csv-progress')).toHaveText(/^Downloaded: /);
  const xlsx = await page.request.get((await page.getByTestId('dashboard-xlsx').getAttribute('href'))!);
  expect(xlsx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');

  // A number leads to the cases behind it.
  const number = page.getByTestId('panel-active').getByRole('row').filter({ hasNotText: 'Total' }).getByRole('link').first();
  const shown = Number((await number.innerText()).trim());
  await number.click();
  await page.waitForURL((u) => u.pathname === '/team' && u.searchParams.has('status'));
  await expect(page.getByTestId('team-narrowed')).toBeVisible();
  const cards = page.getByTestId('case-list').locator('a[href^="/cases/"]');
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeLessThanOrEqual(shown);
  await open(page, '/dashboard');

  // Narrowed to one locality: the address carries it, and the scope says so.
  // (The territories panel is labelled too: the select is the filter form's.)
  const select = page.getByTestId('dashboard-filters').getByLabel('Territory', { exact: true });
  const durlesti = await select
    .locator('option')
    .evaluateAll((options) =>
      (options as HTMLOptionElement[]).find((o) => (o.textContent ?? '').replace(/\u00a0/g, ' ').trim() === 'or. Durlești')?.value,
    );
  expect(durlesti, 'or. Durlești is offered').toBeTruthy();
  await select.selectOption({ value: durlesti! });
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/dashboard' && u.searchParams.has('territory'));
  await expect(page.getByTestId('dashboard-scope')).toContainText('or. Durlești');
  expect(new URL(page.url()).searchParams.get('territory')).toBe(durlesti);
  await expect(select).toHaveValue(durlesti!);

  // At tablet width the panels still fit.
  if (testInfo.project.name === 'desktop') {
    await page.setViewportSize({ width: 820, height: 1180 });
    await open(page, '/dashboard');
    await expect(page.getByRole('heading', { name: PANELS[0], exact: true })).toBeVisible();
    await expectNoHorizontalScroll(page);
  }
});

test('an analyst of the district sees counts under five suppressed', async ({ page }) => {
  await signInAs(page, 'analyst.chisinau');
  await open(page, '/dashboard');
  await expect(page.getByTestId('dashboard-suppressed')).toBeVisible();
  await expect(page.getByRole('heading', { name: PANELS[0], exact: true })).toBeVisible();
  // Whatever the demo caseload, no count from 1 to 4 is shown to an analyst.
  const cells = await page.locator('[data-testid=panel-active] td, [data-testid=panel-workers] td').allInnerTexts();
  for (const c of cells.map((c) => c.trim())) {
    expect(['1', '2', '3', '4']).not.toContain(c);
  }
});

test('the register of referrals lists a period page by page and downloads as CSV', async ({ page }, testInfo) => {
  await signInAs(page, 'supervisor.chisinau');
  await open(page, '/registers/referrals');
  await expect(page.getByRole('heading', { name: 'Register of referrals', level: 1 })).toBeVisible();
  const form = page.getByTestId('register-filters');
  await form.getByLabel('From').fill('2020-01-01');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/registers/referrals' && u.searchParams.get('from') === '2020-01-01');
  const lines = testInfo.project.name === 'phone' ? page.getByTestId('register-card') : page.getByTestId('register-row');
  // The demo caseload has more than a page of referrals in Chișinău since 2020.
  await expect(lines).toHaveCount(50);
  const first = (await lines.first().innerText()).trim();
  await page.getByTestId('register-next').click();
  await page.waitForURL((u) => u.searchParams.has('after'));
  await expect(lines.first()).not.toHaveText(first);
  await expectNoHorizontalScroll(page);

  const href = (await page.getByTestId('register-csv').getAttribute('href'))!;
  const text = await (await page.request.get(href)).text();
  const head = text.split(/\r?\n/);
  expect(head[0]).toBe('Register of referrals');
  expect(head[1]).toBe('Territory,mun. Chișinău');
  expect(head[2]).toMatch(/^Period,2020-01-01,\d{4}-\d{2}-\d{2}$/);
  expect(head[5]).toBe('Received,Case number,Person,IDNP,Date of birth,How it came,Referred by,Territory,Risk level,Status,Case manager');
  expect(head.filter((l) => /^\d{4}-\d{2}-\d{2},/.test(l)).length).toBeGreaterThan(50);
});
