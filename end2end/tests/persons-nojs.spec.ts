import { badIdnp, DEMO_PASSWORD, expect, field, freshIdnp, test } from './helpers';

// Registration must work on a phone before the WASM has loaded: the form
// posts to the server, and a refusal comes back as a page with the error
// next to the field.
test.use({ javaScriptEnabled: false });

test('a mistyped IDNP is refused after submit without JavaScript', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('User name').fill('worker.ungheni');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/');

  await page.goto('/persons/new');
  await field(page, 'IDNP').fill(badIdnp(freshIdnp()));
  await field(page, 'Nume').fill('Fărăscript');
  await field(page, 'Prenume').fill('Ana');
  await field(page, 'Data nașterii').fill('1990-01-01');
  const answered = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Înregistrează o persoană', exact: true }).click();
  await answered;
  await expect(page).toHaveURL((url) => url.pathname === '/persons/new');
  await expect(page.getByText(/Acest IDNP nu este valid/)).toBeVisible();
  // What was typed is still there, to correct rather than type again.
  await expect(field(page, 'Nume')).toHaveValue('Fărăscript');
  await expect(field(page, 'Prenume')).toHaveValue('Ana');
  await expect(field(page, 'Data nașterii')).toHaveValue('1990-01-01');
});
