/**
 * Answering a case form field by field, whatever its definition: every input the form shows
 * (text, long text, number, date, yes/no, single and multiple choice, a choice from a list, a
 * member of the household, the rows of a repeating group), and reading back what each shows.
 * The browser tests of the field use these to type in every field type of every standard form.
 */
import type { Page } from '@playwright/test';

/** What one field shows: its text, or the chosen option(s). Keyed by the field's path. */
export type Shown = Record<string, string>;

/** The kinds of input a field can have. Attachments are left out: a file needs a signal. */
type Kind = 'textarea' | 'text' | 'number' | 'date' | 'email' | 'tel' | 'radio' | 'checkbox' | 'select';

/** The fields shown now that hold one input (not a group's frame), with their kind. */
async function shownFields(page: Page): Promise<Array<{ path: string; kind: Kind; options: number }>> {
  return page.evaluate(() => {
    const out: Array<{ path: string; kind: string; options: number }> = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('form [data-field]'))) {
      if (el.querySelector('[data-field]')) continue; // a repeating group: its rows are fields
      if (el.offsetParent === null) continue; // hidden, by its condition or its section's
      const path = el.dataset.field!;
      const radios = el.querySelectorAll('input[type=radio]').length;
      const boxes = el.querySelectorAll('input[type=checkbox]:not([name$="_keep"])').length;
      let kind = '';
      let options = 0;
      if (el.querySelector('input[type=file]')) continue;
      else if (el.querySelector('textarea')) kind = 'textarea';
      else if (el.querySelector('select')) {
        kind = 'select';
        options = el.querySelectorAll('select option').length - 1;
      } else if (radios > 0) {
        kind = 'radio';
        options = radios;
      } else if (boxes > 0) {
        kind = 'checkbox';
        options = boxes;
      } else {
        const input = el.querySelector('input') as HTMLInputElement | null;
        if (!input) continue;
        if (input.type === 'date') kind = 'date';
        else if (input.type === 'email') kind = 'email';
        else if (input.type === 'tel') kind = 'tel';
        else if (input.inputMode === 'numeric' || input.inputMode === 'decimal') kind = 'number';
        else kind = 'text';
      }
      out.push({ path, kind, options });
    }
    return out;
  }) as Promise<Array<{ path: string; kind: Kind; options: number }>>;
}

/**
 * Answers every field the form shows, in round `round` (0, 1, …: each round gives every field
 * another answer), including the fields an answer brings into view. Returns what each shows.
 * The answers are set in the page as typing and tapping set them (the same input and change
 * events), all at once: a form has a hundred questions.
 */
export async function answerEveryField(page: Page, round: number): Promise<Shown> {
  await page.evaluate(async (round) => {
    const n = round + 1;
    const done = new Set<string>();
    const setText = (el: HTMLInputElement | HTMLTextAreaElement, text: string) => {
      el.focus();
      el.value = text;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.blur();
    };
    for (let pass = 0; pass < 6; pass++) {
      let answered = 0;
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('form [data-field]'))) {
        const path = el.dataset.field!;
        if (done.has(path) || el.querySelector('[data-field]') || el.offsetParent === null) continue;
        if (el.querySelector('input[type=file]')) continue;
        done.add(path);
        answered++;
        const area = el.querySelector('textarea');
        const select = el.querySelector('select');
        const radios = Array.from(el.querySelectorAll<HTMLInputElement>('input[type=radio]'));
        const boxes = Array.from(el.querySelectorAll<HTMLInputElement>('input[type=checkbox]'));
        const input = el.querySelector('input') as HTMLInputElement | null;
        if (area) {
          // Two lines, then a third: the text typed offline in the report that found the loss.
          const lines = ['Acoperișul curge.', 'Geamuri sparte.'];
          if (round > 0) lines.push(`Umezeală în dormitor (${path}, ${n}).`);
          setText(area, lines.join('\n'));
        } else if (select) {
          const count = select.options.length - 1;
          if (count > 0) {
            select.selectedIndex = round === 0 ? 1 : count;
            select.dispatchEvent(new Event('change', { bubbles: true }));
          }
        } else if (radios.length) {
          radios[round === 0 ? 0 : radios.length - 1].click();
        } else if (boxes.length) {
          boxes.forEach((b, i) => {
            const want = round === 0 ? i === 0 : i === boxes.length - 1 || i === 1;
            if (b.checked !== want) b.click();
          });
        } else if (input) {
          if (input.type === 'date') setText(input, `2026-11-0${n}`);
          else if (input.type === 'email') setText(input, `raspuns${n}@exemplu.md`);
          else if (input.type === 'tel') setText(input, `+3736900000${n}`);
          else if (input.inputMode === 'numeric' || input.inputMode === 'decimal') setText(input, String(n));
          else setText(input, `Răspuns ${n} la ${path}: „ăîșțâ"`);
        }
      }
      if (answered === 0) break;
      // The questions an answer brings into view are drawn a moment later.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, round);
  return shown(page);
}

/** What every field shows now. */
export async function shown(page: Page): Promise<Shown> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('form [data-field]'))) {
      if (el.querySelector('[data-field]') || el.offsetParent === null) continue;
      if (el.querySelector('input[type=file]')) continue;
      const path = el.dataset.field!;
      const area = el.querySelector('textarea');
      const select = el.querySelector('select');
      const radios = Array.from(el.querySelectorAll<HTMLInputElement>('input[type=radio]'));
      const boxes = Array.from(el.querySelectorAll<HTMLInputElement>('input[type=checkbox]'));
      if (area) out[path] = area.value;
      else if (select) out[path] = select.value;
      else if (radios.length) out[path] = radios.filter((r) => r.checked).map((r) => r.value).join(',');
      else if (boxes.length) out[path] = boxes.filter((r) => r.checked).map((r) => r.value).join(',');
      else out[path] = (el.querySelector('input') as HTMLInputElement | null)?.value ?? '';
    }
    return out;
  });
}

/** The kinds of field the form shows now, counted (to know every kind was met). */
export async function kindsShown(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const f of await shownFields(page)) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  return counts;
}
