import {
  badIdnp,
  chisinauNow,
  expect,
  field,
  fillPerson,
  freshIdnp,
  freshSurname,
  hydrated,
  open,
  selectByText,
  signInAs,
  test,
} from './helpers';

// The demo social workers use Vatra in Romanian, so these tests read the
// Romanian interface, as a worker in the field would.

test('a mistyped IDNP is flagged as it is typed, before the form is sent', async ({ page }) => {
  await signInAs(page, 'worker.chisinau');
  await open(page, '/persons/new');
  const idnp = field(page, 'IDNP');
  await idnp.fill(badIdnp(freshIdnp()));
  await expect(page.getByText(/Acest IDNP nu este valid/)).toBeVisible();
  await idnp.fill(freshIdnp());
  await expect(page.getByText(/Acest IDNP nu este valid/)).toHaveCount(0);
});

test('a worker registers a person, is warned of a near duplicate, opens a case; an edit shows in the as-of view', async ({
  page,
  problems,
}, testInfo) => {
  // Registering a near duplicate without a note is refused with 422 on purpose.
  problems.allow({ text: /^Failed to load resource: the server responded with a status of 422/, url: '/api/persons/register' });
  const last = freshSurname(testInfo);
  const idnp = freshIdnp();
  let personUrl = '';

  await test.step('register the person', async () => {
    await signInAs(page, 'worker.chisinau');
    await open(page, '/persons/new');
    await fillPerson(page, { idnp, last, first: 'Ștefania', birth: '1984-03-15' });
    // The contacts are folded until asked for.
    await expect(field(page, 'Telefon')).toBeHidden();
    await page.locator('summary', { hasText: 'Telefon și e-mail' }).click();
    await field(page, 'Telefon').fill('+37369000111');
    await page.getByRole('button', { name: 'Înregistrează o persoană', exact: true }).click();
    await page.waitForURL((url) => /^\/persons\/\d+$/.test(url.pathname) && url.searchParams.has('registered'));
    await hydrated(page);
    await expect(page.getByTestId('person-name')).toHaveText(`${last} Ștefania`);
    await expect(page.getByTestId('person-key')).toContainText(idnp);
    personUrl = new URL(page.url()).pathname;
  });

  await test.step('the same person without IDNP, name without diacritics, is a near match', async () => {
    await open(page, '/persons/new');
    await fillPerson(page, { idnp: '', last, first: 'Stefania', birth: '1984-03-17' });
    const warning = page.getByTestId('duplicates');
    await expect(warning).toBeVisible();
    await expect(warning).toContainText(`${last} Ștefania`);
    await expect(warning).toContainText('data nașterii la o lună distanță');
    // Sending it anyway without saying why is refused, next to the note.
    await page.getByRole('button', { name: 'Înregistrează o persoană', exact: true }).click();
    await expect(page.getByText(/O persoană asemănătoare este deja înregistrată/)).toBeVisible();
    await expect(page).toHaveURL((url) => url.pathname === '/persons/new');
    // The existing record opens from the warning.
    await warning.getByRole('link', { name: 'Deschide' }).first().click();
    await page.waitForURL((url) => url.pathname === personUrl);
  });

  const before = await test.step('change the phone number', async () => {
    await page.waitForTimeout(1100);
    const moment = chisinauNow();
    await page.waitForTimeout(1100);
    await open(page, `${personUrl}/edit`);
    await field(page, 'Telefon').fill('+37369000222');
    await page.getByRole('button', { name: 'Salvează', exact: true }).click();
    await page.waitForURL((url) => url.pathname === personUrl && url.searchParams.has('saved'));
    await hydrated(page);
    await expect(page.getByText('+37369000222')).toBeVisible();
    return moment;
  });

  await test.step('the as-of view shows the old phone number, and the history names the change', async () => {
    await open(page, `${personUrl}?as_of=${encodeURIComponent(before)}`);
    await expect(page.getByTestId('as-of-banner')).toBeVisible();
    await expect(page.getByText('+37369000111')).toBeVisible();
    await expect(page.getByText('+37369000222')).toHaveCount(0);
    await open(page, `${personUrl}?tab=history`);
    const change = page.getByTestId('history-entry').filter({ hasText: 'Modificare' });
    await expect(change).toContainText('+37369000111');
    await expect(change).toContainText('+37369000222');
  });

  await test.step('open a case from the person page', async () => {
    await open(page, personUrl);
    await page.getByRole('link', { name: 'Deschide un caz', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/cases/new');
    await hydrated(page);
    await field(page, 'Cine a sesizat').fill('Școala nr. 5');
    await field(page, 'Cum a parvenit').selectOption('institution');
    await field(page, 'Problema semnalată').fill('Copilul lipsește de la școală de două săptămâni.');
    await page.getByRole('button', { name: 'Deschide un caz', exact: true }).click();
    await page.waitForURL((url) => /^\/cases\/\d+$/.test(url.pathname) && url.searchParams.has('opened'));
    await hydrated(page);
    await expect(page.getByTestId('case-number')).toHaveText(/^\d+\/\d{4}\/\d{5}$/);
    await expect(page.getByTestId('case-status').first()).toHaveText('Deschis');
  });
});

test('a case is transferred to another district and the receiver accepts it', async ({ page, openPage }, testInfo) => {
  const last = freshSurname(testInfo);
  let caseUrl = '';

  await test.step('the Chișinău worker registers a person and opens a case', async () => {
    await signInAs(page, 'worker.chisinau');
    await open(page, '/persons/new');
    await fillPerson(page, { idnp: freshIdnp(), last, first: 'Mihai', birth: '2012-07-01' });
    await page.getByRole('button', { name: 'Înregistrează o persoană', exact: true }).click();
    await page.waitForURL((url) => /^\/persons\/\d+$/.test(url.pathname));
    const personId = new URL(page.url()).pathname.split('/')[2];
    await open(page, `/cases/new?person=${personId}`);
    await field(page, 'Cine a sesizat').fill('Vecina');
    await field(page, 'Cum a parvenit').selectOption('phone');
    await field(page, 'Problema semnalată').fill('Familia s-a mutat la Ungheni.');
    await page.getByRole('button', { name: 'Deschide un caz', exact: true }).click();
    await page.waitForURL((url) => /^\/cases\/\d+$/.test(url.pathname));
    caseUrl = new URL(page.url()).pathname;
  });

  await test.step('the worker asks the Ungheni supervisor to take the case over (of another district only the supervisors are listed)', async () => {
    await open(page, caseUrl);
    await selectByText(page, 'Teritoriul acestuia', 'r-nul Ungheni');
    await page.getByRole('button', { name: 'Arată persoanele', exact: true }).click();
    await page.waitForURL((url) => url.pathname === caseUrl && url.searchParams.has('tt'));
    await hydrated(page);
    await expect(field(page, 'Transferă către').locator('option', { hasText: 'Ion Rusu' })).toHaveCount(0);
    await field(page, 'Transferă către').selectOption({ label: 'Vasile Moraru · r-nul Ungheni' });
    await page.getByRole('button', { name: 'Cere preluarea', exact: true }).click();
    await page.waitForURL((url) => url.pathname === caseUrl && url.searchParams.has('saved'));
    await hydrated(page);
    await expect(page.getByTestId('transfer-box')).toContainText('Vasile Moraru');
  });

  await test.step('the receiver, in another browser, sees it waiting and accepts', async () => {
    const receiver = await openPage();
    await signInAs(receiver, 'supervisor.ungheni');
    await open(receiver, '/cases');
    await expect(receiver.getByTestId('case-card').filter({ hasText: last })).toBeVisible();
    await open(receiver, caseUrl);
    // The supervisor reads Vatra in English.
    await receiver.getByRole('button', { name: 'Accept', exact: true }).click();
    await receiver.waitForURL((url) => url.pathname === caseUrl && url.searchParams.has('saved'));
    await hydrated(receiver);
    await expect(receiver.getByTestId('transfer-box')).toHaveCount(0);
    await expect(receiver.getByText('Vasile Moraru').first()).toBeVisible();
  });

  await test.step('the sender no longer has it among their cases', async () => {
    await open(page, '/cases');
    await expect(page.getByTestId('case-card').filter({ hasText: last })).toHaveCount(0);
  });
});
