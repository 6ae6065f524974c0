import type { Page } from '@playwright/test';
import { expect, field, hydrated, newCase, open, signedInWithoutJavaScript, signInAs, startForm, test } from './helpers';

// Case forms, as a social worker fills them on a phone and a supervisor decides on them.

/** Today in Chisinau, as a date input's value. */
function chisinauToday(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Chisinau' }).format(new Date());
}

/** Takes a workflow step from the case page. */
async function step(page: Page, casePath: string, name: string): Promise<void> {
  await open(page, casePath);
  await page.getByRole('button', { name, exact: true }).click();
  await page.waitForURL((url) => url.pathname === casePath && url.searchParams.has('saved'));
  await hydrated(page);
}

/** Picks a radio option inside the group (fieldset) named `legend`. */
async function choose(page: Page, legend: string, option: string): Promise<void> {
  await page.getByRole('radiogroup', { name: new RegExp(`^\\s*${legend}( \\*)?\\s*$`) }).getByLabel(option, { exact: true }).check();
}

const syncState = (page: Page) => page.getByTestId('sync-state');

/** Fills every required answer of the initial assessment except the conclusion. */
async function fillAssessment(page: Page): Promise<void> {
  await field(page, 'Data vizitei').fill(chisinauToday());
  await choose(page, 'Locul evaluării', 'La domiciliu');
  await choose(page, 'Condiții de trai', 'Corespunzătoare');
  await choose(page, 'Copil în gospodărie', 'Nu');
  await choose(page, 'Riscuri pentru siguranță', 'Nu');
  await choose(page, 'Nivelul de risc', 'Mediu');
  await choose(page, 'Recomandare', 'Direct planul de asistență');
}

test('a worker fills the initial assessment on a phone; a lost signal loses nothing; a missing answer is shown at its field', async ({
  page,
  problems,
}, testInfo) => {
  // A whole case from registration to a submitted form: longer than one page's test.
  test.slow();
  // Saves refused while the signal is gone are expected here. So is a save refused as based on
  // an older version (409) once the signal has dropped: a save whose answer was lost may have
  // reached the server, and the next one is then refused and settled without asking (checked
  // below: no conflict is shown and every answer is kept). On the phone such a refusal was seen
  // before the step that provokes it on purpose (CI, twice), so it is allowed for the whole test.
  problems.allow({ text: /Failed to load resource: net::ERR_(INTERNET_DISCONNECTED|FAILED)/ });
  problems.allow({ text: /^Failed to load resource: the server responded with a status of 409/, url: '/api/forms/save' });
  await signInAs(page, 'worker.chisinau');
  const casePath = await newCase(page, testInfo);
  const formPath = await startForm(page, casePath, 'Evaluarea inițială');

  await test.step('the form shows its sections and saves as it is typed', async () => {
    await expect(page.getByText('Secțiunea 2 din 6')).toBeAttached();
    await fillAssessment(page);
    await field(page, 'Persoane prezente').fill('Mama și doi copii');
    await field(page, 'Persoane prezente').blur();
    await expect(syncState(page)).toHaveText('Salvat');
  });

  await test.step('offline, typing goes on and stays on the device, through a reload', async () => {
    // The service worker keeps this page once it controls it.
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null);
    await page.reload();
    await hydrated(page);
    await page.context().setOffline(true);
    await field(page, 'Observații privind sănătatea').fill('Tusea copilului mai mare persistă.');
    await field(page, 'Observații privind sănătatea').blur();
    await expect(syncState(page)).toHaveText('Fără conexiune — păstrat pe acest dispozitiv');
    // Reloaded without a signal: the page comes from the device, and so do the answers.
    await page.reload();
    await hydrated(page);
    await expect(field(page, 'Observații privind sănătatea')).toHaveValue('Tusea copilului mai mare persistă.');
    await expect(page.getByText('Modificările păstrate pe acest dispozitiv au fost restabilite')).toBeVisible();
    await page.context().setOffline(false);
    await expect(syncState(page)).toHaveText('Salvat', { timeout: 15_000 });
  });

  await test.step('answers the server never got come back after a reload, then reach the server', async () => {
    // The signal drops for the form's saves only, so the page itself can reload.
    await page.route('**/api/forms/save', (route) => route.abort());
    await field(page, 'Necesități urgente').fill('Lemne pentru iarnă');
    await field(page, 'Necesități urgente').blur();
    await expect(syncState(page)).toHaveText('Fără conexiune — păstrat pe acest dispozitiv');
    await page.reload();
    await hydrated(page);
    await expect(field(page, 'Necesități urgente')).toHaveValue('Lemne pentru iarnă');
    await expect(page.getByText('Modificările păstrate pe acest dispozitiv au fost restabilite')).toBeVisible();
    await page.unroute('**/api/forms/save');
    await expect(syncState(page)).toHaveText('Salvat', { timeout: 15_000 });
    await open(page, formPath);
    await expect(field(page, 'Necesități urgente')).toHaveValue('Lemne pentru iarnă');
    await expect(field(page, 'Observații privind sănătatea')).toHaveValue('Tusea copilului mai mare persistă.');
  });

  await test.step("a save the server got but whose answer was lost is not taken for another device's change", async () => {
    // The next save (the field left, or the retry every few seconds, whichever comes first) is
    // refused as based on an older version (allowed above).
    // The save reaches the server; the signal drops before its answer reaches the phone.
    await page.route(
      '**/api/forms/save',
      async (route) => {
        await route.fetch();
        await route.abort('internetdisconnected');
      },
      { times: 1 },
    );
    await field(page, 'Necesități urgente').fill('Lemne și haine calde pentru iarnă');
    await field(page, 'Necesități urgente').blur();
    await expect(syncState(page)).toHaveText('Fără conexiune — păstrat pe acest dispozitiv');
    // The server holds this phone's own answers, so the refused save goes on from there instead
    // of asking which to keep.
    await field(page, 'Persoane prezente').fill('Mama, bunica și doi copii');
    await field(page, 'Persoane prezente').blur();
    await expect(syncState(page)).toHaveText('Salvat', { timeout: 15_000 });
    await expect(page.getByTestId('draft-conflict')).toHaveCount(0);
    await open(page, formPath);
    await expect(field(page, 'Necesități urgente')).toHaveValue('Lemne și haine calde pentru iarnă');
    await expect(field(page, 'Persoane prezente')).toHaveValue('Mama, bunica și doi copii');
  });

  await test.step('submitting without the conclusion shows the error at that field', async () => {
    await page.getByRole('button', { name: 'Trimiteți', exact: true }).click();
    const conclusion = field(page, 'Concluzie');
    await expect(conclusion).toHaveAttribute('aria-invalid', 'true');
    // A summary at the top takes the focus; its link leads to the question, clear of the bars.
    const summary = page.getByTestId('error-summary');
    await expect(summary).toBeFocused();
    const link = summary.getByRole('link', { name: 'Concluzie', exact: true });
    await link.click();
    await expect(conclusion).toBeFocused();
    const box = (await conclusion.boundingBox())!;
    const actions = (await page.getByRole('button', { name: 'Trimiteți', exact: true }).boundingBox())!;
    expect(box.y + box.height, 'the question is above the action bar').toBeLessThanOrEqual(actions.y);
    const bar = (await page.getByRole('navigation', { name: 'Secțiunea', exact: true }).boundingBox())!;
    expect(box.y, 'the question is below the bar of sections').toBeGreaterThanOrEqual(bar.y + bar.height);
    await expect(page.locator('[data-field="conclusion"]').getByRole('alert')).toHaveText('Completați acest câmp.');
    await expect(page).toHaveURL((url) => url.pathname === formPath);
  });

  await test.step('with the conclusion it is submitted and read-only', async () => {
    await field(page, 'Concluzie').fill('Familia are nevoie de un plan de asistență.');
    await page.getByRole('button', { name: 'Trimiteți', exact: true }).click();
    await page.waitForURL((url) => url.pathname === formPath && url.searchParams.has('submitted'));
    await hydrated(page);
    await expect(page.getByTestId('form-status')).toHaveText('Trimis');
    await expect(page.getByText('Familia are nevoie de un plan de asistență.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Trimiteți', exact: true })).toHaveCount(0);
  });
});

test('the plan goes to the supervisor, who approves it on a desktop', async ({ page, openPage }, testInfo) => {
  test.slow();
  await signInAs(page, 'worker.chisinau');
  const casePath = await newCase(page, testInfo);
  await startForm(page, casePath, 'Evaluarea inițială');
  await fillAssessment(page);
  await field(page, 'Concluzie').fill('Plan necesar.');
  await page.getByRole('button', { name: 'Trimiteți', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.has('submitted'));
  await step(page, casePath, 'Elaborează planul de asistență');
  const planPath = await startForm(page, casePath, 'Planul individualizat de asistență');

  await test.step('the worker writes the plan with one action and submits it', async () => {
    const today = chisinauToday();
    await field(page, 'Data începerii').fill(today);
    await field(page, 'Data revizuirii').fill(today);
    await field(page, 'Scopul general').fill('Venit stabil pentru familie');
    const row = page.getByRole('group', { name: 'Rândul 1' });
    await row.getByLabel(/^\s*Obiectiv/).fill('Angajare');
    await row.getByLabel(/^\s*Acțiune/).fill('Înregistrare la agenția de ocupare');
    await row.getByLabel(/^\s*Responsabil/).fill('Asistentul social');
    await row.getByLabel(/^\s*Termen/).fill(today);
    await choose(page, 'Beneficiarul este de acord', 'Da');
    await page.getByRole('button', { name: 'Trimiteți', exact: true }).click();
    await page.waitForURL((url) => url.pathname === planPath && url.searchParams.has('submitted'));
    await open(page, casePath);
    await expect(page.getByTestId('case-status').first()).toHaveText('Plan spre aprobare');
  });

  await test.step('the supervisor approves it', async () => {
    const supervisor = await openPage({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false });
    await signInAs(supervisor, 'supervisor.chisinau');
    await open(supervisor, planPath);
    await expect(supervisor.getByText('Angajare')).toBeVisible();
    // The demo supervisors use Vatra in English.
    await supervisor.getByRole('button', { name: 'Approve', exact: true }).click();
    await supervisor.waitForURL((url) => url.pathname === planPath && url.searchParams.has('decided'));
    await hydrated(supervisor);
    await expect(supervisor.getByTestId('form-status')).toHaveText('Approved');
    await open(page, casePath);
    await expect(page.getByTestId('case-status').first()).toHaveText('Monitorizare');
  });
});

test.describe('without JavaScript', () => {
  test('the initial assessment is filled and submitted as a plain form', async ({ page, openPage }, testInfo) => {
    test.slow();
    // Set up with the app loaded, then fill the form in a browser with JavaScript off.
    await signInAs(page, 'worker.chisinau');
    const casePath = await newCase(page, testInfo);
      const formPath = await startForm(page, casePath, 'Evaluarea inițială');
    const plain = await signedInWithoutJavaScript(openPage, 'worker.chisinau');
    await plain.goto(formPath);
    await fillAssessment(plain);
    // Submitting without the conclusion comes back with the error at the field, and the answers kept.
    await plain.getByRole('button', { name: 'Trimiteți', exact: true }).click();
    await plain.waitForURL((url) => url.pathname === formPath && url.searchParams.has('check'));
    await expect(plain.locator('[data-field="conclusion"]').getByRole('alert')).toHaveText('Completați acest câmp.');
    await expect(field(plain, 'Data vizitei')).toHaveValue(chisinauToday());
    await field(plain, 'Concluzie').fill('Completat fără JavaScript.');
    await plain.getByRole('button', { name: 'Trimiteți', exact: true }).click();
    await plain.waitForURL((url) => url.pathname === formPath && !url.searchParams.has('check'));
    await expect(plain.getByTestId('form-status')).toHaveText('Trimis');
    await expect(plain.getByText('Completat fără JavaScript.')).toBeVisible();
  });
});
