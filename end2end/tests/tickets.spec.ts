import { expect, field, hydrated, newCase, open, signInAs, test } from './helpers';

// The demo social workers use Vatra in Romanian; the support agents in English.

test('a worker on a phone asks for help from a case page; the agent at a desk answers; the reply appears without a reload', async ({
  page,
  openPage,
}, testInfo) => {
  const subject = `Nu pot salva evaluarea ${testInfo.project.name} ${Date.now()}`;
  const answer = `Reîncercați după actualizare (${testInfo.project.name}).`;
  const worker = await openPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  let casePath = '';
  let ticketPath = '';

  await test.step('on a phone, the worker opens a case and taps Help', async () => {
    await signInAs(worker, 'worker.chisinau');
    casePath = await newCase(worker, testInfo);
    await worker.getByTestId('help-link').click();
    await worker.waitForURL((u) => u.pathname === '/support/new' && u.searchParams.get('page') === casePath);
    await hydrated(worker);
    await field(worker, 'Subiect').fill(subject);
    await field(worker, 'Ce s-a întâmplat').fill('Apăs Salvează și nu se întâmplă nimic.');
    await field(worker, 'Categorie').selectOption('forms');
    const attach = worker.getByRole('checkbox', { name: /Atașați cazul/ });
    await expect(attach).toBeVisible();
    await attach.check();
    await worker.getByRole('button', { name: 'Trimiteți la suport', exact: true }).click();
    await worker.waitForURL((u) => /^\/support\/\d+$/.test(u.pathname));
    ticketPath = new URL(worker.url()).pathname;
    await hydrated(worker);
    await expect(worker.getByRole('heading', { name: subject })).toBeVisible();
    await expect(worker.getByText('Apăs Salvează și nu se întâmplă nimic.')).toBeVisible();
  });

  await test.step('at a desk, the agent finds it in the queue, sees the case number only, and replies', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInAs(page, 'support.chisinau');
    await open(page, '/support/queue');
    await page.getByRole('link', { name: subject }).first().click();
    await page.waitForURL((u) => u.pathname === ticketPath);
    await hydrated(page);
    // The linked case is named by its number, not linked: a support agent may not read it. The one
    // link to that address is the page the ticket was written on.
    await expect(page.getByTestId('ticket-details').locator(`a[href="${casePath}"]`)).toHaveText([casePath]);
    await field(page, 'Your message').fill(answer);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByText(answer)).toBeVisible();
  });

  await test.step('the worker’s open page shows the reply without a reload', async () => {
    const url = worker.url();
    await expect(worker.getByText(answer)).toBeVisible({ timeout: 15_000 });
    expect(worker.url()).toBe(url);
  });
});
