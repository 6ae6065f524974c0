import { expect, field, hydrated, newCase, screenshot, signedInWithoutJavaScript, signInAs, startForm, test } from './helpers';

// Photos and documents on a case form: sent from the phone as soon as they are chosen, shown as
// thumbnails, refused by what they are (not by their name), and sent with the form's own post
// when JavaScript is off.

/** A small PNG, as a phone's camera app would hand over (the name says JPEG: the content decides). */
const photo = screenshot;

const ADD = 'Adăugați o fotografie sau un document';

test('a worker adds a photo to the social inquiry: it shows as a thumbnail, stays after a reload, and a text named .jpg is refused', async ({
  page,
  problems,
}, testInfo) => {
  test.slow();
  problems.allow({ text: /^Failed to load resource: the server responded with a status of 422/, url: '/files' });
  await signInAs(page, 'worker.chisinau');
  const casePath = await newCase(page, testInfo);
  const formPath = await startForm(page, casePath, 'Ancheta socială');
  const documents = page.locator('[data-field="documents"]');
  await expect(documents.getByText('Niciun fișier atașat.')).toBeVisible();

  await field(page, ADD).setInputFiles({ name: 'IMG_0042.jpg', mimeType: 'image/jpeg', buffer: photo() });
  const card = documents.locator('li[data-file]');
  await expect(card).toHaveCount(1);
  const thumb = card.getByRole('img', { name: 'IMG_0042.jpg' });
  await expect(thumb).toBeVisible();
  // The thumbnail was made and served (an image that failed to load has no width).
  await expect.poll(() => thumb.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByTestId('sync-state')).toHaveText('Salvat');
  // The box's whole label is the touch target.
  const box = await card.locator('label', { hasText: 'Păstrați în formular' }).boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);

  // Named like a photo, but text: refused at the field, nothing added.
  await field(page, ADD).setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('only words') });
  await expect(documents.getByRole('alert')).toContainText('Se pot atașa doar fotografii');
  await expect(card).toHaveCount(1);

  // The file is in the saved draft: a reload shows it again.
  await page.reload();
  await hydrated(page);
  await expect(documents.locator('li[data-file]')).toHaveCount(1);
  await expect(documents.getByRole('img', { name: 'IMG_0042.jpg' })).toBeVisible();

  // Unticking "keep" takes it out of the form (the card goes with the tap: a click, since
  // `uncheck()` would look for the box afterwards).
  await documents.getByLabel('Păstrați în formular').click();
  await expect(documents.locator('li[data-file]')).toHaveCount(0);
  await expect(page.getByTestId('sync-state')).toHaveText('Salvat');
  await page.reload();
  await expect(documents.getByText('Niciun fișier atașat.')).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(formPath);
});

test.describe('without JavaScript', () => {
  test('a photo goes with the form when it is saved', async ({ page, openPage }, testInfo) => {
    test.slow();
    await signInAs(page, 'worker.chisinau');
    const casePath = await newCase(page, testInfo);
    const formPath = await startForm(page, casePath, 'Ancheta socială');
    const plain = await signedInWithoutJavaScript(openPage, 'worker.chisinau');
    await plain.goto(formPath);
    await field(plain, ADD).setInputFiles({ name: 'kitchen.jpg', mimeType: 'image/jpeg', buffer: photo() });
    await plain.getByRole('button', { name: 'Salvați ciorna', exact: true }).click();
    await plain.waitForURL((url) => url.pathname === formPath);
    const documents = plain.locator('[data-field="documents"]');
    await expect(documents.getByRole('img', { name: 'kitchen.jpg' })).toBeVisible();
  });
});
