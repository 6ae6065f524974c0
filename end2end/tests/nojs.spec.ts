import { DEMO_PASSWORD, expect, test } from './helpers';

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
