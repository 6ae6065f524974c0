import {
  expect,
  field,
  fillPerson,
  freshIdnp,
  freshSurname,
  hydrated,
  open,
  signedInWithoutJavaScript,
  signInAs,
  test,
} from './helpers';

// The demo social workers use Vatra in Romanian; the support agents in English.

test('an agent takes a call, finds the caller by IDNP among the persons of their territory, and registers it as a ticket', async ({
  page,
  openPage,
  problems,
}, testInfo) => {
  // The mistyped IDNP is refused by the lookup, on purpose.
  problems.allow({ text: /^Failed to load resource: the server responded with a status of 422/, url: '/api/tickets/find_caller' });
  const idnp = freshIdnp();
  const last = freshSurname(testInfo);
  const subject = `Asks about the allowance ${testInfo.project.name} ${Date.now()}`;

  await test.step('a worker has registered the caller', async () => {
    const worker = await openPage();
    await signInAs(worker, 'worker.chisinau');
    await open(worker, '/persons/new');
    await fillPerson(worker, { idnp, last, first: 'Elena', birth: '1958-07-07' });
    await worker.getByRole('button', { name: 'Înregistrează o persoană', exact: true }).click();
    await worker.waitForURL((url) => /^\/persons\/\d+$/.test(url.pathname));
  });

  await test.step('the agent looks the caller up: a wrong IDNP is refused at its field, the right one finds them', async () => {
    await signInAs(page, 'support.chisinau');
    await open(page, '/support/call');
    await hydrated(page);
    await field(page, 'IDNP').fill('123');
    await page.getByTestId('caller-lookup').getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('idnp') === '123');
    await expect(page.getByRole('alert').filter({ hasText: '13 digits' })).toBeVisible();
    await field(page, 'IDNP').fill(idnp);
    await page.getByTestId('caller-lookup').getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('idnp') === idnp);
    const matches = page.getByTestId('caller-matches');
    await expect(matches.getByRole('radio', { name: new RegExp(`${last} Elena, born 1958`) })).toBeChecked();
  });

  await test.step('the agent registers the call; the ticket is theirs, with the caller and the person linked', async () => {
    await expect(field(page, "Caller's name")).toHaveValue(`${last} Elena`);
    await field(page, "Caller's phone").fill('069 555 123');
    await field(page, 'Category').selectOption('question');
    await field(page, 'Subject').fill(subject);
    await field(page, 'What the caller said').fill('Her allowance did not come this month.');
    await page.getByRole('button', { name: 'Register the call', exact: true }).click();
    await page.waitForURL((u) => /^\/support\/\d+$/.test(u.pathname));
    await hydrated(page);
    await expect(page.getByRole('heading', { name: subject })).toBeVisible();
    const details = page.getByTestId('ticket-details');
    await expect(details).toContainText(`${last} Elena`);
    await expect(details.locator('a[href="tel:069555123"]')).toBeVisible();
    await expect(details).toContainText('Call center');
  });

  await test.step('a follow-up call goes on the same ticket', async () => {
    await page.getByRole('radio', { name: 'A follow-up call', exact: true }).check();
    await field(page, 'Your message').fill('She called again: the payment came today.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const call = page.getByTestId('ticket-reply').filter({ hasText: 'the payment came today' });
    await expect(call).toBeVisible();
    await expect(call).toContainText('Call');
  });
});

test('without JavaScript, the lookup and the call are plain forms', async ({ openPage }, testInfo) => {
  const subject = `A call without JavaScript ${testInfo.project.name} ${Date.now()}`;
  const plain = await signedInWithoutJavaScript(openPage, 'support.chisinau');
  await plain.goto('/support/call?phone=069000111');
  // Nobody of the territory has that phone: the call is registered all the same.
  await expect(plain.getByTestId('no-caller')).toBeVisible();
  await expect(field(plain, "Caller's phone")).toHaveValue('069000111');
  // A refused post comes back with what was typed and the error at its field.
  await field(plain, 'Category').selectOption('question');
  await field(plain, 'Subject').fill(subject);
  await field(plain, 'What the caller said').fill('Asked where to apply for the allowance.');
  await plain.getByRole('button', { name: 'Register the call', exact: true }).click();
  await expect(field(plain, "Caller's name")).toHaveAttribute('aria-invalid', 'true');
  await expect(field(plain, 'Subject')).toHaveValue(subject);
  await field(plain, "Caller's name").fill('Ana Cojocaru');
  await plain.getByRole('button', { name: 'Register the call', exact: true }).click();
  await plain.waitForURL((u) => /^\/support\/\d+$/.test(u.pathname));
  await expect(plain.getByRole('heading', { name: subject })).toBeVisible();
  await expect(plain.getByTestId('ticket-details')).toContainText('Ana Cojocaru');
});
