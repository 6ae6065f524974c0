import { expect, expectNoHorizontalScroll, mainNav, navigate, signInAs, test } from './helpers';

/** The smallest comfortable touch target, in CSS pixels. */
const MIN_TOUCH_TARGET = 44;

test('the navigation fits the screen: a bottom bar on phones, a sidebar on desktop', async ({ page, viewport }) => {
  const phone = (viewport?.width ?? 1280) < 768;
  await signInAs(page, 'admin.chisinau');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Welcome, /);

  // Exactly one main navigation is shown; the other one is hidden by CSS.
  const nav = mainNav(page);
  await expect(nav).toHaveCount(1);
  await expect(nav).toBeVisible();
  for (const name of ['Home', 'Users', 'Audit log', 'Profile']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }

  const inSidebar = page.locator('aside').getByRole('navigation', { name: 'Main navigation', exact: true });
  if (phone) {
    await expect(inSidebar).toHaveCount(0);
    const box = await nav.boundingBox();
    expect(box, 'the bottom navigation has a box').not.toBeNull();
    expect(box!.y + box!.height, 'the navigation sits at the bottom of the screen').toBeGreaterThanOrEqual(
      viewport!.height - 1,
    );
    expect(box!.width, 'the navigation spans the screen').toBeGreaterThanOrEqual(viewport!.width - 1);

    // The entries of the bar itself (those under More are hidden until it opens).
    const targets = nav.locator(':scope > a, :scope > details > summary');
    const count = await targets.count();
    expect(count, 'the navigation has links').toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const target = targets.nth(i);
      const targetBox = await target.boundingBox();
      const label = (await target.innerText()).replace(/\s+/g, ' ').trim();
      expect(targetBox, `"${label}" has a box`).not.toBeNull();
      expect(targetBox!.height, `"${label}" is at least ${MIN_TOUCH_TARGET}px tall`).toBeGreaterThanOrEqual(
        MIN_TOUCH_TARGET,
      );
    }
  } else {
    await expect(inSidebar).toBeVisible();
    const box = await nav.boundingBox();
    expect(box, 'the sidebar navigation has a box').not.toBeNull();
    expect(box!.x, 'the sidebar is at the left').toBeLessThan(300);
  }

  await expectNoHorizontalScroll(page);

  await navigate(page, 'Users', '/admin/users');
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expect(page.getByTestId('user-list')).toBeVisible();
  await expectNoHorizontalScroll(page);
});
