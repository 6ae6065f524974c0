import { DEMO_PASSWORD, expect, field, PDF, screenshot, test } from './helpers';

// Sign-in must work on a phone with JavaScript off or not yet loaded: the
// form posts to the server and the answer is a whole new page.
test.use({ javaScriptEnabled: false });

test('signing in works without JavaScript', async ({ page }) => {
  // An account only this test signs in with; the successful sign-in at the
  // end clears its failed attempt, so reruns never lock it.
  const username = 'support.chisinau';

  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in', exact: true })).toBeVisible();

  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(`${DEMO_PASSWORD}-not`);
  const refused = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await refused;
  await expect(page).toHaveURL((url) => url.pathname === '/sign-in');
  await expect(page.getByText('Wrong user name or password.')).toBeVisible();
  // The user name is kept; the password never is.
  await expect(page.getByLabel('User name')).toHaveValue(username);
  await expect(page.getByLabel('Password')).toHaveValue('');

  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Welcome, Olga Rotari/);
  await expect(page.getByTestId('home-territory')).toHaveText('mun. Chișinău');
});

test('without JavaScript, an agent saves a reply and a ticket\'s page opens with it in the message box', async ({
  page,
}, testInfo) => {
  const stamp = `${testInfo.project.name} ${Date.now()}`;
  const title = `Fără JavaScript ${stamp}`;
  const body = `Răspuns salvat, trimis fără JavaScript (${stamp}).`;
  await page.goto('/sign-in');
  await page.getByLabel('User name').fill('support.chisinau');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/');

  // The plain form: a missing text is refused next to its field, and the title typed is kept.
  await page.goto('/support/replies');
  await field(page, 'Title').fill(title);
  await page.getByRole('button', { name: 'Add a saved reply', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/support/replies' && url.searchParams.has('__err'));
  await expect(field(page, 'Text')).toHaveAttribute('aria-invalid', 'true');
  await expect(field(page, 'Text')).toHaveAttribute('aria-describedby', /\bf-reply-body-error\b/);
  await expect(page.locator('#f-reply-body-error')).toHaveText('Fill this in.');
  await expect(field(page, 'Title')).toHaveValue(title);
  await field(page, 'Text').fill(body);
  await page.getByRole('button', { name: 'Add a saved reply', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/support/replies' && !url.searchParams.has('__err'));
  const saved = page.getByTestId('saved-reply').filter({ hasText: title });
  await expect(saved).toContainText(body);
  const href = await saved.getByRole('link', { name: /^Edit/ }).getAttribute('href');
  const replyId = new URL(href!, page.url()).searchParams.get('edit');
  expect(replyId).toMatch(/^\d+$/);

  // Changing it: the form holds the version it was opened at. Someone else changes the reply
  // meanwhile; the save is refused with the reload link, and what was typed stays.
  const changed = `${body} Mulțumim pentru răbdare.`;
  await saved.getByRole('link', { name: /^Edit/ }).click();
  await page.waitForURL((url) => url.searchParams.get('edit') === replyId);
  await expect(page.getByRole('heading', { name: 'Change the saved reply', exact: true })).toBeVisible();
  await expect(field(page, 'Text')).toHaveValue(body);
  const meanwhile = await page.request.post('/api/tickets/save_reply', {
    form: { id: replyId!, version: '1', title, body },
  });
  expect(meanwhile.ok()).toBeTruthy();
  await field(page, 'Text').fill(changed);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('edit') === replyId && url.searchParams.has('__err'));
  await expect(page.getByTestId('form-error')).toContainText('Someone else changed this record');
  await expect(field(page, 'Text')).toHaveValue(changed);
  await page.getByRole('link', { name: 'Reload the saved replies', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('edit') === replyId && !url.searchParams.has('__err'));
  await expect(page.getByTestId('form-error')).toHaveCount(0);
  await field(page, 'Text').fill(changed);
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await reloaded;
  await expect(page).toHaveURL((url) => url.searchParams.get('edit') === replyId && !url.searchParams.has('__err'));
  await expect(page.getByTestId('form-error')).toHaveCount(0);
  await expect(page.getByTestId('saved-reply').filter({ hasText: title })).toContainText(changed);

  // A ticket to answer.
  await page.goto('/support/new');
  await field(page, 'Subject').fill(`Întrebare fără JavaScript ${stamp}`);
  await field(page, 'What happened').fill('O întrebare pentru răspunsul salvat.');
  await field(page, 'Category').selectOption('forms');
  // A screenshot goes with the form's own post.
  await field(page, 'Screenshots and files').setInputFiles({ name: 'ecran.png', mimeType: 'image/png', buffer: screenshot() });
  await page.getByRole('button', { name: 'Send to support', exact: true }).click();
  await page.waitForURL((url) => /^\/support\/\d+$/.test(url.pathname));
  const ticketPath = new URL(page.url()).pathname;
  await expect(page.getByTestId('thread').getByRole('img', { name: 'ecran.png' })).toBeVisible();
  const box = field(page, 'Your message');
  await expect(box).toHaveValue('');

  // The address alone fills the box.
  await page.goto(`${ticketPath}?reply=${replyId}`);
  await expect(box).toHaveValue(changed);

  // So does the choice and its button, a GET form to the same page.
  await page.goto(ticketPath);
  await field(page, 'Saved reply').selectOption({ label: title });
  await page.getByRole('button', { name: 'Insert', exact: true }).click();
  await page.waitForURL((url) => url.pathname === ticketPath && url.searchParams.get('reply') === replyId);
  await expect(box).toHaveValue(changed);

  // Sent with a file, it comes back to that address; the box is empty, not filled with the reply
  // again.
  await field(page, 'Screenshots and files').setInputFiles({ name: 'pasii.pdf', mimeType: 'application/pdf', buffer: PDF });
  const sent = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await sent;
  await expect(page).toHaveURL((url) => url.pathname === ticketPath && url.searchParams.get('reply') === replyId);
  await expect(page.getByTestId('thread').getByText(changed)).toBeVisible();
  await expect(page.getByTestId('thread').getByRole('link', { name: 'pasii.pdf' })).toBeVisible();
  await expect(box).toHaveValue('');

  // Archived, it leaves the list and the ticket's choice.
  await page.goto('/support/replies');
  const archived = page.waitForEvent('load');
  await page.getByTestId('saved-reply').filter({ hasText: title }).getByRole('button', { name: /^Archive/ }).click();
  await archived;
  await expect(page.getByRole('heading', { name: 'Saved replies', exact: true })).toBeVisible();
  await expect(page.getByTestId('saved-reply').filter({ hasText: title })).toHaveCount(0);
  await page.goto(ticketPath);
  await expect(page.locator('#f-reply option', { hasText: title })).toHaveCount(0);
});

test('without JavaScript, the support figures take their period from the form, and a reversed one is told at its field', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await page.getByLabel('User name').fill('support.chisinau');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.goto('/support/figures');
  await expect(page.getByRole('heading', { name: 'Still to do, by age' })).toBeVisible();
  await field(page, 'From').fill('2026-03-02');
  await field(page, 'To').fill('2026-03-01');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/support/figures' && url.searchParams.get('to') === '2026-03-01');
  await expect(field(page, 'To')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-to-error')).toHaveText('The end of the period is before its start.');
  // A good period is kept in the form it came from.
  await field(page, 'To').fill('2026-03-31');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('to') === '2026-03-31');
  await expect(field(page, 'From')).toHaveValue('2026-03-02');
  await expect(field(page, 'To')).toHaveValue('2026-03-31');
  await expect(field(page, 'To')).not.toHaveAttribute('aria-invalid', 'true');
});

test('without JavaScript, a lead sets the targets of every category; hours that do not read are told at their field', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await page.getByLabel('User name').fill('lead.ungheni');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.goto('/support/rules?edit=general');
  const form = page.getByTestId('support-rule-form');
  await page.locator('#f-first_urgent').fill('2');
  await page.locator('#f-resolution_urgent').fill('1');
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/support/rules');
  await expect(page.locator('#f-first_urgent')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-first_urgent-error')).toHaveText('The first response cannot be due after the resolution.');
  // What was typed is kept.
  await expect(page.locator('#f-resolution_urgent')).toHaveValue('1');
  await page.locator('#f-first_urgent').fill('1');
  await page.locator('#f-resolution_urgent').fill('9');
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/support/rules');
  const general = page.locator('[data-testid=support-rule][data-category=""]');
  await expect(general).toContainText('Last changed by Dorin Lupu');
});
