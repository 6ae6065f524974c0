import { DEMO_PASSWORD, expect, hydrated, open, signIn, signInAs, test } from './helpers';

test('a social worker signs in, sees the home page in Romanian, and signs out', async ({ page }) => {
  await signInAs(page, 'worker.chisinau');

  // The worker's UI language is Romanian: no English on the page.
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toContainText('Ana Ceban');
  await expect(heading).toHaveText(/^Bine ați venit, Ana Ceban/);
  await expect(heading).not.toContainText('Welcome');
  await expect(page.getByTestId('home-territory')).toHaveText('mun. Chișinău');

  await page.getByRole('button', { name: 'Ieșire', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await hydrated(page);
  // The device remembers the language of the last user (a cookie).
  await expect(page.getByRole('heading', { name: 'Autentificare', exact: true })).toBeVisible();

  // The session is really gone: the home page sends us back to sign in.
  await page.goto('/');
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await expect(page.getByLabel('Nume de utilizator')).toBeVisible();
});

test('a wrong password is refused next to the password field', async ({ page, problems }) => {
  // The server function answers a refused sign-in with an error status,
  // which Chromium logs as a failed resource load.
  problems.allow({ text: /^Failed to load resource: the server responded with a status of [45]\d\d/, url: '/api/auth/sign_in' });

  // An account no other test signs in with, so lockout counts stay apart.
  await signIn(page, 'analyst.ungheni', `${DEMO_PASSWORD}-not`);

  const error = page.getByRole('alert').filter({ hasText: 'Wrong user name or password.' });
  await expect(error).toBeVisible();
  const password = page.getByLabel('Password');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/Wrong user name or password\./);
  await expect(page).toHaveURL((url) => url.pathname === '/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in', exact: true })).toBeVisible();
});

test('signing in with a "next" address returns there', async ({ page }) => {
  await open(page, '/sign-in?next=%2Fprofile');
  await page.getByLabel('User name').fill('supervisor.chisinau');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/profile');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
});
