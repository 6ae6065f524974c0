import { expect, hydrated, test } from './helpers';

test('the 404 page is friendly and leads home', async ({ page, problems }) => {
  // Chromium logs the 404 answer of the page itself as a failed resource load.
  problems.allow({ text: /^Failed to load resource: the server responded with a status of 404/, url: '/no-such-page' });

  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Page not found', exact: true })).toBeVisible();

  // Signed out, the home page sends us on to sign in.
  await page.getByRole('link', { name: 'Back to the home page' }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await expect(page.getByLabel('User name')).toBeVisible();
});
