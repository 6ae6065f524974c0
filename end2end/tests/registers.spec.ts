/**
 * The paper registers and the daily work report: a supervisor moves from the register of
 * referrals to those of beneficiaries and of assistance measures with the same filters, and
 * downloads the beneficiaries as CSV and XLSX; a worker opens a case and finds it in the day's
 * report, printable, which their supervisor reads too.
 */
import { expect, expectNoHorizontalScroll, newCase, open, signInAs, test } from './helpers';

test('a supervisor reads the registers of beneficiaries and of assistance measures and downloads them', async ({
  page,
}, testInfo) => {
  await signInAs(page, 'supervisor.chisinau');
  await open(page, '/registers/referrals?from=2020-01-01');
  const registers = page.getByRole('navigation', { name: 'Registers', exact: true });
  await registers.getByRole('link', { name: 'Register of beneficiaries', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/registers/beneficiaries' && u.searchParams.get('from') === '2020-01-01');
  await expect(page.getByRole('heading', { name: 'Register of beneficiaries', level: 1 })).toBeVisible();
  await expect(registers.getByRole('link', { name: 'Register of beneficiaries', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
  const lines = testInfo.project.name === 'phone' ? page.getByTestId('register-card') : page.getByTestId('register-row');
  // The demo caseload of Chișinău has more than a page of cases open since 2020.
  await expect(lines).toHaveCount(50);
  await expect(page.getByTestId('register-next')).toBeVisible();
  await expectNoHorizontalScroll(page);

  const csv = (await page.getByTestId('register-csv').getAttribute('href'))!;
  const head = (await (await page.request.get(csv)).text()).split(/\r?\n/);
  expect(head[0]).toBe('Register of beneficiaries');
  expect(head[1]).toBe('Territory,mun. Chișinău');
  expect(head[5]).toBe(
    'Taken on,Case number,Person,IDNP,Date of birth,Sex,Degree of disability,Domicile,Territory,Risk level,Status,Closed on,Case manager',
  );
  expect(head.filter((l) => /^\d{4}-\d{2}-\d{2},/.test(l)).length).toBeGreaterThan(50);
  // With the page's script, the download says how far it has come and how many lines it holds.
  const lineCount = head.filter((l) => /^\d{4}-\d{2}-\d{2},/.test(l)).length;
  const download = page.waitForEvent('download');
  await page.getByTestId('register-csv').click();
  expect((await download).suggestedFilename()).toMatch(/^vatra-beneficiaries-\d+-2020-01-01-\d{4}-\d{2}-\d{2}\.csv$/);
  await expect(page.getByTestId('register-csv-progress')).toHaveText(new RegExp(`^Downloaded: .+ · ${lineCount} lines$`));
  const xlsx = await page.request.get((await page.getByTestId('register-xlsx').getAttribute('href'))!);
  expect(xlsx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
  // The spreadsheet is written whole before it is sent; its progress names the same lines.
  const sheet = page.waitForEvent('download');
  await page.getByTestId('register-xlsx').click();
  expect((await sheet).suggestedFilename()).toMatch(/^vatra-beneficiaries-\d+-2020-01-01-\d{4}-\d{2}-\d{2}\.xlsx$/);
  await expect(page.getByTestId('register-xlsx-progress')).toHaveText(new RegExp(`^Downloaded: .+ · ${lineCount} lines$`));

  await registers.getByRole('link', { name: 'Register of assistance measures', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/registers/measures');
  await expect(page.getByRole('heading', { name: 'Register of assistance measures', level: 1 })).toBeVisible();
  // Whether it has lines depends on the plans other tests approved: the scope is shown either way.
  await expect(page.getByTestId('register-scope')).toContainText('mun. Chișinău');
  await expectNoHorizontalScroll(page);
});

test("a worker finds the case they opened in the day's report; their supervisor reads it too", async ({
  page,
  openPage,
}, testInfo) => {
  await signInAs(page, 'worker.chisinau');
  const casePath = await newCase(page, testInfo);
  await open(page, '/today');
  await page.getByTestId('day-report-link').click();
  await page.waitForURL((u) => u.pathname === '/reports/day');
  await expect(page.getByRole('heading', { name: 'Raportul zilnic de activitate', level: 1 })).toBeVisible();
  const entries = testInfo.project.name === 'phone' ? page.getByTestId('day-card') : page.getByTestId('day-row');
  const opened = entries.filter({ has: page.locator(`a[href="${casePath}"]`) });
  await expect(opened).toHaveCount(1);
  await expect(opened).toContainText('Caz deschis');
  await expect(page.getByTestId('day-totals')).toContainText('Cazuri deschise');
  await expectNoHorizontalScroll(page);

  const boss = await openPage();
  await signInAs(boss, 'supervisor.chisinau');
  await open(boss, '/reports/day');
  await boss.getByLabel('Case manager').selectOption({ label: 'Ana Ceban' });
  await boss.getByRole('button', { name: 'Show', exact: true }).click();
  await boss.waitForURL((u) => u.pathname === '/reports/day' && u.searchParams.has('worker'));
  await expect(boss.getByTestId('day-scope')).toContainText('Ana Ceban');
  const seen = testInfo.project.name === 'phone' ? boss.getByTestId('day-card') : boss.getByTestId('day-row');
  await expect(seen.filter({ has: boss.locator(`a[href="${casePath}"]`) })).toHaveCount(1);
});
