/**
 * The dashboard: a supervisor reaches it from the navigation, reads the panels of their territory
 * (and at tablet width, without sideways scrolling), narrows it to a locality, and downloads the
 * CSV file of what they see; an analyst of the same district sees the small counts suppressed.
 */
import { expect, expectNoHorizontalScroll, hydrated, mainNav, open, selectTerritory, signInAs, test } from './helpers';

const PANELS = [
  'Active cases, by status and risk',
  'Active cases, by territory',
  'Referrals received',
  'From referral to initial assessment',
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

  // Narrowed to one locality: the address carries it, and the scope says so.
  await selectTerritory(page, 'or. Durlești');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/dashboard' && u.searchParams.has('territory'));
  await expect(page.getByTestId('dashboard-scope')).toContainText('or. Durlești');
  await expect(page.getByLabel('Territory')).toHaveValue(new URL(page.url()).searchParams.get('territory')!);

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
