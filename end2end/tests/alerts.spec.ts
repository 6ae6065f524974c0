import { expect, field, fillPerson, freshIdnp, freshSurname, hydrated, open, selectByText, signInAs, test } from './helpers';

// The demo social workers use Vatra in Romanian.

/** The number the bell shows (0 when it shows none). */
async function bellCount(page: import('@playwright/test').Page): Promise<number> {
  const badge = page.getByTestId('bell-count');
  if (await badge.isHidden()) return 0;
  return Number((await badge.textContent())?.trim() ?? '0');
}

test('the bell counts a case sent to a worker while their page stays open, and the notification leads to it', async ({
  page,
  openPage,
}, testInfo) => {
  const last = freshSurname(testInfo);
  let caseUrl = '';
  const receiver = await openPage();
  let before = 0;

  // A case goes to another district through its supervisor (who reads Vatra in English).
  await test.step('the Ungheni supervisor has a page open, with the app running', async () => {
    await signInAs(receiver, 'supervisor.ungheni');
    await open(receiver, '/today');
    await hydrated(receiver);
    await expect(receiver.getByRole('heading', { name: 'Today', level: 1 })).toBeVisible();
    before = await bellCount(receiver);
  });

  await test.step('in another browser, the Chișinău worker opens a case and sends it to them', async () => {
    await signInAs(page, 'worker.chisinau');
    await open(page, '/persons/new');
    await fillPerson(page, { idnp: freshIdnp(), last, first: 'Vlad', birth: '2013-03-03' });
    await page.getByRole('button', { name: 'Înregistrează o persoană', exact: true }).click();
    await page.waitForURL((url) => /^\/persons\/\d+$/.test(url.pathname));
    const personId = new URL(page.url()).pathname.split('/')[2];
    await open(page, `/cases/new?person=${personId}`);
    await field(page, 'Cine a sesizat').fill('Școala');
    await field(page, 'Cum a parvenit').selectOption('phone');
    await field(page, 'Problema semnalată').fill('Familia pleacă la Ungheni.');
    await page.getByRole('button', { name: 'Deschide un caz', exact: true }).click();
    await page.waitForURL((url) => /^\/cases\/\d+$/.test(url.pathname));
    caseUrl = new URL(page.url()).pathname;
    // A choice made before the page's script runs is drawn over by hydration.
    await hydrated(page);
    await selectByText(page, 'Teritoriul acestuia', 'r-nul Ungheni');
    await page.getByRole('button', { name: 'Arată persoanele', exact: true }).click();
    await page.waitForURL((url) => url.pathname === caseUrl && url.searchParams.has('tt'));
    await hydrated(page);
    await field(page, 'Transferă către').selectOption({ label: 'Vasile Moraru · r-nul Ungheni' });
    await page.getByRole('button', { name: 'Cere preluarea', exact: true }).click();
    await page.waitForURL((url) => url.pathname === caseUrl && url.searchParams.has('saved'));
  });

  await test.step('the receiver’s bell counts one more without a reload', async () => {
    const url = receiver.url();
    await expect(receiver.getByTestId('bell-count')).toHaveText(String(Math.min(before + 1, 99)), { timeout: 15_000 });
    expect(receiver.url()).toBe(url);
  });

  await test.step('the notification names the case and leads to it; opened, it no longer counts', async () => {
    await receiver.getByTestId('bell').click();
    await receiver.waitForURL((u) => u.pathname === '/notifications');
    const item = receiver.getByTestId('notification').filter({ hasText: 'A case is being transferred to you' }).first();
    await expect(item).toBeVisible();
    await item.click();
    await receiver.waitForURL((u) => u.pathname === caseUrl);
    await expect(receiver.getByText(last).first()).toBeVisible();
    await expect.poll(() => bellCount(receiver), { timeout: 15_000 }).toBe(before);
  });
});
