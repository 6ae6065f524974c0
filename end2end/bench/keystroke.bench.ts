import type { Locator } from '@playwright/test';
import { expect, field, hydrated, newCase, open, signInAs, startForm, test } from '../tests/helpers';

// What a keystroke costs in the browser while an error is shown at the field: the input handler
// stores the answer, the WASM validator re-checks the whole form, and the page updates what
// shows. Timed inside the page around each synthetic input event (the handler runs synchronously
// within it), on the initial assessment, at phone size.

const SAMPLES = 300;

/** Mean milliseconds per input event on `el`, ten events per sample, `n` samples, sorted. */
async function time(el: Locator, kind: 'date' | 'text', n: number) {
  return el.evaluate(
    async (input: HTMLInputElement, [n, kind]: [number, string]) => {
      // Future dates (still an error), or plain text.
      const value = (k: number, i: number) => (kind === 'date' ? `20${90 + k}-0${1 + (i % 9)}-1${k}` : `Mama ${i} ${k}`);
      const out: number[] = [];
      // Ten keystrokes per sample: the page's clock is coarse (0.1 ms) next to one keystroke.
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        for (let k = 0; k < 10; k++) {
          input.value = value(k, i);
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
        out.push((performance.now() - t0) / 10);
        await new Promise((r) => setTimeout(r, 2));
      }
      return out.sort((a, b) => a - b);
    },
    [n, kind] as [number, string],
  );
}

function row(what: string, samples: number[]): string {
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)];
  const ms = (x: number) => x.toFixed(3);
  return `| ${what} | ${samples.length} | ${ms(at(50))} | ${ms(at(95))} | ${ms(at(99))} | ${ms(samples[samples.length - 1])} |`;
}

test('a keystroke in a field showing an error, validator included', async ({ page }, testInfo) => {
  await signInAs(page, 'worker.chisinau');
  const casePath = await newCase(page, testInfo);
  await open(page, casePath);
  await page.getByRole('button', { name: 'Începe evaluarea inițială', exact: true }).click();
  await page.waitForURL((url) => url.pathname === casePath && url.searchParams.has('saved'));
  await hydrated(page);
  await startForm(page, casePath, 'Evaluarea inițială');
  // A visit date in the future is an error the validator keeps finding while other future dates
  // are typed: every input event re-runs it.
  const date = field(page, 'Data vizitei');
  await date.fill('2099-01-01');
  await date.blur();
  await expect(page.locator('[data-field="visit_date"]').getByRole('alert')).toBeVisible();
  const checked = await time(date, 'date', SAMPLES);
  await expect(page.locator('[data-field="visit_date"]').getByRole('alert')).toBeVisible();
  // The same in a field with no error: storing the answer and what depends on it, no validator.
  const plain = await time(field(page, 'Persoane prezente'), 'text', SAMPLES);
  const lines = [
    row('keystroke in a field showing an error (validator re-runs on the whole form)', checked),
    row('keystroke in a field with no error (no validator)', plain),
  ].join('\n');
  console.log(lines);
  await testInfo.attach('keystroke', { body: lines, contentType: 'text/plain' });
});
