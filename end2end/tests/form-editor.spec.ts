import { expect, hydrated, navigate, signedInWithoutJavaScript, signInAs, test } from './helpers';

// An administrator changes a standard form without a deploy: a new version of it, a question
// added in the structured editor and seen at once in the preview, publishing refused while the
// question has no English text, then published. Once with the app loaded, once without
// JavaScript (every button a plain post). Each run makes its own new version.

/** The button that opens a draft of `title`: a new version, or the draft a failed run left. */
const draftButton = (title: string) => new RegExp(`^(Edit a new version|Continue the draft) · ${title}$`);

test('an administrator adds a question, sees it in the preview at once, and publishes', async ({ page }, testInfo) => {
  const question = `Câte vizite au fost ratate? ${testInfo.project.name}`;
  const english = `How many visits were missed? ${testInfo.project.name}`;
  await signInAs(page, 'admin.national');
  await navigate(page, 'Forms', '/admin/forms');
  await hydrated(page);
  await page.getByRole('button', { name: draftButton('Monitoring visit') }).click();
  await page.waitForURL((url) => /^\/admin\/forms\/monitoring_visit\/\d+$/.test(url.pathname));
  await hydrated(page);
  await expect(page.getByTestId('definition-status')).toHaveText('Draft');

  const visit = page.getByTestId('section-editor').first();
  const preview = page.getByTestId('preview');
  await visit.getByRole('button', { name: 'Add a question · Visit' }).click();
  const added = visit.getByTestId('field-editor').last();
  await expect(added.getByRole('heading', { level: 3 })).toContainText(/field_\d+/);
  await expect(page.getByTestId('unsaved')).toBeVisible();

  // Typed in Romanian, the question shows in the preview as it is typed.
  await added.getByLabel('Question · Română').fill(question);
  await expect(preview.getByText(question)).toBeVisible();
  await added.getByLabel('Type').selectOption('number');
  await expect(preview.getByLabel(question)).toHaveAttribute('inputmode', /numeric|decimal/);

  // Without its English text the form cannot be published; the problem shows at the input.
  await expect(page.getByTestId('problems')).toContainText('problems to fix before publishing');
  await expect(added.getByText('Write this text in Romanian and English.').first()).toBeVisible();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByText('Cannot publish yet: fix the problems marked in the form.')).toBeVisible();
  await added.getByLabel('Question · English').fill(english);
  await expect(page.getByTestId('problems')).toHaveText('Nothing stops publishing.');

  // The preview at desktop width, then back to the phone.
  await page.getByRole('link', { name: 'Desktop', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Desktop', exact: true })).toHaveAttribute('aria-current', 'true');
  expect((await preview.boundingBox())!.width).toBeGreaterThan(testInfo.project.name === 'phone' ? 300 : 600);
  await page.getByRole('link', { name: 'Phone', exact: true }).click();
  expect((await preview.boundingBox())!.width).toBeLessThanOrEqual(390);

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.has('published'));
  await expect(page.getByTestId('definition-status')).toHaveText('Published');
  await expect(page.getByTestId('preview').getByText(english)).toBeVisible();
  // The editor's buttons are a phone's size.
  await expect(page.getByRole('button', { name: 'Edit a new version' })).toBeVisible();
  expect((await page.getByRole('button', { name: 'Edit a new version' }).boundingBox())!.height).toBeGreaterThanOrEqual(44);
});

test('the form editor works without JavaScript', async ({ openPage }, testInfo) => {
  const question = `Cine a participat? ${testInfo.project.name}`;
  const english = `Who took part? ${testInfo.project.name}`;
  const plain = await signedInWithoutJavaScript(openPage, 'admin.national');
  await plain.goto('/admin/forms');
  await plain.getByRole('button', { name: draftButton('Plan review') }).click();
  await plain.waitForURL((url) => /^\/admin\/forms\/plan_review\/\d+$/.test(url.pathname));

  const review = plain.getByTestId('section-editor').first();
  await review.getByRole('button', { name: 'Add a question · Review' }).click();
  await plain.waitForURL((url) => url.hash.startsWith('#e-sections-0-fields-'));
  const added = plain.getByTestId('section-editor').first().getByTestId('field-editor').last();
  await expect(added.getByRole('heading', { level: 3 })).toContainText(/field_\d+/);

  // A limit that is no number is refused at its input, and nothing is saved.
  await added.getByLabel('Longest answer (characters)').fill('lots');
  await plain.getByRole('button', { name: 'Save draft' }).click();
  await plain.waitForURL((url) => url.searchParams.get('bad') === 'number_invalid');
  const again = plain.getByTestId('section-editor').first().getByTestId('field-editor').last();
  await expect(again.getByText('Write a number here, or leave it empty.')).toBeVisible();

  await again.getByLabel('Question · Română').fill(question);
  await again.getByLabel('Question · English').fill(english);
  await plain.getByRole('button', { name: 'Publish', exact: true }).click();
  await plain.waitForURL((url) => url.searchParams.has('published'));
  await expect(plain.getByTestId('definition-status')).toHaveText('Published');
  await expect(plain.getByTestId('preview').getByText(english)).toBeVisible();
});
