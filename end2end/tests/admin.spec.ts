import {
  expect,
  hydrated,
  navigate,
  open,
  passwordPage,
  selectTerritory,
  signIn,
  signInAs,
  test,
  uniqueUsername,
} from './helpers';

const NEW_PASSWORD = 'quiet-lantern-harbor-58';

test('an administrator creates a user, a second one approves the role, the user changes the temporary password, and the auditor sees it all', async ({
  page,
  openPage,
}, testInfo) => {
  const username = uniqueUsername(testInfo);
  const fullName = `Test E2E ${testInfo.project.name}`;
  let temporary = '';
  let userPath = '';

  await test.step('the administrator creates the user', async () => {
    await signInAs(page, 'admin.chisinau');
    await navigate(page, 'Users', '/admin/users');
    await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();

    await page.getByRole('link', { name: 'New user', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/admin/users/new');
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1, name: 'New user' })).toBeVisible();

    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Full name').fill(fullName);
    await page.getByLabel('E-mail').fill(`${username}@example.md`);
    await page.getByLabel('Phone').fill('+37369123456');
    await page.getByLabel('Institution').fill('Direcția asistență socială');
    await page.getByLabel('Position').fill('Asistent social');
    await selectTerritory(page, 'mun. Chișinău');
    await page.getByRole('checkbox', { name: 'Social worker', exact: true }).check();
    await page.getByRole('button', { name: 'Create user', exact: true }).click();

    await page.waitForURL((url) => /^\/admin\/users\/\d+$/.test(url.pathname) && url.searchParams.has('created'));
    await expect(page.getByRole('status').filter({ hasText: /^\s*The user was created/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: username, exact: true })).toBeVisible();
    // Vatra made the temporary password and shows it this once; the role waits for approval.
    temporary = (await page.getByTestId('temporary-password').locator('.font-mono').innerText()).trim();
    expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await expect(page.getByTestId('waiting-grant')).toContainText('Social worker');
    await expect(page.getByTestId('waiting-grant').getByRole('button', { name: 'Approve the roles' })).toHaveCount(0);
    userPath = new URL(page.url()).pathname;
    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId('temporary-password')).toHaveCount(0);
  });

  await test.step('a second administrator approves the role', async () => {
    const second = await openPage();
    await signInAs(second, 'admin.national');
    await open(second, userPath);
    await second.getByTestId('waiting-grant').getByRole('button', { name: 'Approve the roles', exact: true }).click();
    await second.waitForURL((url) => url.pathname === userPath && url.searchParams.has('granted'));
    await hydrated(second);
    await expect(second.getByTestId('waiting-grant')).toHaveCount(0);
    await expect(second.getByRole('checkbox', { name: 'Social worker', exact: true })).toBeChecked();
  });

  await test.step('the new user signs in and must change the temporary password', async () => {
    const userPage = await openPage();
    await signIn(userPage, username, temporary);
    await userPage.waitForURL((url) => url.pathname === '/profile/password');
    await hydrated(userPage);
    await expect(userPage.getByTestId('must-change')).toBeVisible();

    await userPage.getByLabel(passwordPage.current).fill(temporary);
    await userPage.getByLabel(passwordPage.new).fill(NEW_PASSWORD);
    await userPage.getByLabel(passwordPage.confirm).fill(NEW_PASSWORD);
    await userPage.getByRole('button', { name: passwordPage.submit }).click();

    await userPage.waitForURL(
      (url) => url.pathname === '/profile' && url.searchParams.get('password') === 'changed',
    );
    await expect(userPage.getByRole('status').filter({ hasText: passwordPage.changed })).toBeVisible();
    await expect(userPage.getByTestId('must-change')).toHaveCount(0);
  });

  await test.step('the auditor finds the creation and the new user’s actions in the audit log', async () => {
    const auditorPage = await openPage();
    await signInAs(auditorPage, 'auditor.chisinau');
    await open(auditorPage, '/audit');
    await expect(auditorPage.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();

    const table = auditorPage.getByTestId('audit-table');
    const rows = table.locator('tbody').getByRole('row');
    const actionCell = (action: string) => auditorPage.getByRole('cell', { name: action, exact: true });

    await auditorPage.getByLabel('Action', { exact: true }).fill('users.create');
    await auditorPage.getByRole('button', { name: 'Filter', exact: true }).click();
    await auditorPage.waitForURL((url) => url.pathname === '/audit' && url.searchParams.get('action') === 'users.create');
    const creation = rows.filter({ hasText: username });
    await expect(creation).toHaveCount(1);
    await expect(creation.filter({ has: actionCell('users.create') })).toHaveCount(1);
    await expect(creation).toContainText('admin.chisinau');
    await expect(creation).toContainText('done');

    await auditorPage.getByLabel('Action', { exact: true }).fill('');
    await auditorPage.getByLabel('User', { exact: true }).fill(username);
    await auditorPage.getByRole('button', { name: 'Filter', exact: true }).click();
    await auditorPage.waitForURL(
      (url) => url.pathname === '/audit' && url.searchParams.get('actor') === username && !url.searchParams.get('action'),
    );
    const signInRow = rows.filter({ has: actionCell('auth.sign_in') });
    await expect(signInRow).toHaveCount(1);
    await expect(signInRow).toContainText('done');
    const changeRow = rows.filter({ has: actionCell('auth.change_password') });
    await expect(changeRow).toHaveCount(1);
    await expect(changeRow).toContainText('done');
    // Only this user's events are listed.
    await expect(rows.filter({ hasNotText: username })).toHaveCount(0);
  });
});
