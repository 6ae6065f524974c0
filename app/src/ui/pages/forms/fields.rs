//! The inputs of a form, one per field type, drawn from its definition. Each input carries the
//! field's path as its `name`, so the whole form also posts as a plain HTML form; with the app
//! loaded, answers live in one signal, are checked when a field is left, and are saved as typed.

use crate::domain::form::definition::{Choices, Field, FieldKind, TextFormat};
use crate::domain::form::validate::holds;
use crate::domain::form::{Answers, Value};
use crate::i18n::{error_text, use_language, K};
use crate::ui::tr;
use leptos::prelude::*;

pub use super::state::FormState;

/// The id of the input for a field path.
pub fn input_id(path: &str) -> String {
    format!("q-{}", path.replace('.', "-"))
}

/// The mark of a required field.
fn required_star(required: bool) -> impl IntoView {
    required.then(|| {
        view! {
            <span class="text-red-700" aria-hidden="true">
                " *"
            </span>
        }
    })
}

/// One field, shown or hidden by its condition. `row` is the group and row index for a field
/// inside a repeating group.
pub fn field_view(st: FormState, field: Field, path: String, row: Option<(String, usize)>) -> impl IntoView {
    let lang = use_language();
    let cond = field.show_when.clone();
    let row_at = row.clone();
    let visible = move || {
        cond.as_ref().is_none_or(|c| {
            st.answers.with(|a| {
                let r = row_at.as_ref().and_then(|(g, i)| a.get(g).and_then(|v| v.rows().get(*i)));
                holds(c, a, r)
            })
        })
    };
    let id = input_id(&path);
    let err_id = format!("{id}-error");
    let help_id = format!("{id}-help");
    let label = field.label.clone();
    let help = field.help.clone();
    let required = field.required;
    let p = path.clone();
    let shown = move || st.error(&p);
    let described = {
        let (err_id, help_id, shown) = (err_id.clone(), help_id.clone(), shown.clone());
        let has_help = help.is_some();
        move || {
            let mut ids = Vec::new();
            if has_help {
                ids.push(help_id.clone());
            }
            if shown().is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let label_text = {
        let label = label.clone();
        move || label.get(lang.get().code()).to_owned()
    };
    let help_view = help.clone().map(|h| {
        let help_id = help_id.clone();
        view! {
            <p id=help_id class="field-hint">
                {move || h.get(lang.get().code()).to_owned()}
            </p>
        }
    });
    let error_view = {
        let shown = shown.clone();
        move || {
            shown().map(|code| {
                view! {
                    <p id=err_id.clone() class="field-error" role="alert">
                        {error_text(lang.get(), &code)}
                    </p>
                }
            })
        }
    };
    let wide = matches!(
        field.kind,
        FieldKind::LongText { .. } | FieldKind::Group { .. } | FieldKind::Choice { multiple: true, .. }
    );
    let class = if wide { "field @2xl:col-span-2" } else { "field" };
    let input = input_view(st, &field, &path, &id, described, shown.clone(), label_text.clone(), required);
    let labelled_by_legend = matches!(
        field.kind,
        FieldKind::YesNo
            | FieldKind::Choice { multiple: true, .. }
            | FieldKind::Group { .. }
            | FieldKind::Attachment { .. }
    ) || matches!(&field.kind, FieldKind::Choice { options: Choices::Inline(o), multiple: false } if o.len() <= 4);
    view! {
        <div class=class class:hidden=move || !visible() data-field=path.clone()>
            {(!labelled_by_legend)
                .then(|| {
                    view! {
                        <label for=id.clone() class="field-label">
                            {label_text.clone()}
                            {required_star(required)}
                        </label>
                    }
                })}
            {help_view}
            {input}
            {error_view}
        </div>
    }
}

fn input_view<D, S, L>(
    st: FormState,
    field: &Field,
    path: &str,
    id: &str,
    described: D,
    shown: S,
    label_text: L,
    required: bool,
) -> AnyView
where
    D: Fn() -> Option<String> + Clone + Send + Sync + 'static,
    S: Fn() -> Option<String> + Clone + Send + Sync + 'static,
    L: Fn() -> String + Clone + Send + Sync + 'static,
{
    let lang = use_language();
    let initial = st.answer(path);
    let text = initial.as_ref().map(|v| v.text().to_owned()).unwrap_or_default();
    let items: Vec<String> =
        initial.as_ref().map(|v| v.items().iter().map(|s| (*s).to_owned()).collect()).unwrap_or_default();
    let invalid = move || shown().is_some().then_some("true");
    let path_s = path.to_owned();
    let on_blur = {
        let p = path_s.clone();
        move |_| st.check(&p)
    };
    let on_text = {
        let p = path_s.clone();
        move |ev: leptos::ev::Event| st.set(&p, Value::One(event_target_value(&ev)))
    };
    let legend =
        move || view! { <legend class="field-label">{label_text.clone()}{required_star(required)}</legend> }.into_any();
    match &field.kind {
        FieldKind::Text { format, max_len } => {
            let (ty, mode, auto) = match format {
                TextFormat::Plain => ("text", None, None),
                TextFormat::Phone => ("tel", Some("tel"), Some("tel")),
                TextFormat::Email => ("email", Some("email"), Some("email")),
            };
            view! {
                <input
                    id=id.to_owned()
                    name=path_s
                    type=ty
                    inputmode=mode
                    autocomplete=auto
                    value=text
                    class="input"
                    maxlength=max_len.map(|m| m.to_string())
                    aria-invalid=invalid
                    aria-describedby=described
                    on:input=on_text
                    on:blur=on_blur
                />
            }
            .into_any()
        }
        FieldKind::Number { decimals, min, .. } => {
            let mode = if *decimals > 0 || min.is_some_and(|m| m < 0.0) { "decimal" } else { "numeric" };
            view! {
                <input
                    id=id.to_owned()
                    name=path_s
                    type="text"
                    inputmode=mode
                    value=text
                    class="input"
                    aria-invalid=invalid
                    aria-describedby=described
                    on:input=on_text
                    on:blur=on_blur
                />
            }
            .into_any()
        }
        FieldKind::Date => view! {
            <input
                id=id.to_owned()
                name=path_s
                type="date"
                value=text
                class="input"
                aria-invalid=invalid
                aria-describedby=described
                on:input=on_text
                on:blur=on_blur
            />
        }
        .into_any(),
        FieldKind::LongText { max_len } => {
            let max = max_len.map(|m| m.to_string());
            // An empty text child leaves no text node in the parsed page, so hydration would not
            // find one: an empty textarea is written without a child.
            if text.is_empty() {
                view! {
                    <textarea
                        id=id.to_owned()
                        name=path_s
                        rows="4"
                        class="input"
                        maxlength=max
                        aria-invalid=invalid
                        aria-describedby=described
                        on:input=on_text
                        on:blur=on_blur
                    ></textarea>
                }
                .into_any()
            } else {
                view! {
                    <textarea
                        id=id.to_owned()
                        name=path_s
                        rows="4"
                        class="input"
                        maxlength=max
                        aria-invalid=invalid
                        aria-describedby=described
                        on:input=on_text
                        on:blur=on_blur
                    >
                        {crate::ui::components::text::textarea_text(text)}
                    </textarea>
                }
                .into_any()
            }
        }
        FieldKind::YesNo => {
            let opts = [("yes", K::Yes), ("no", K::No)];
            radios(
                st,
                &path_s,
                id,
                &text,
                opts.iter().map(|(c, k)| ((*c).to_owned(), tr(*k)().to_owned())).collect(),
                legend,
                described,
                required,
            )
        }
        FieldKind::Choice { multiple, options } => {
            let opts: Vec<(String, String)> = match options {
                Choices::Inline(o) => {
                    o.iter().map(|o| (o.code.clone(), o.label.get(lang.get_untracked().code()).to_owned())).collect()
                }
                Choices::Classifier(c) => st.ctx.with_value(|ctx| {
                    ctx.classifiers
                        .get(c)
                        .map(|o| {
                            o.iter()
                                .map(|o| (o.code.clone(), o.label.get(lang.get_untracked().code()).to_owned()))
                                .collect()
                        })
                        .unwrap_or_default()
                }),
            };
            if *multiple {
                checkboxes(st, &path_s, id, items, opts, legend, described)
            } else if matches!(options, Choices::Inline(o) if o.len() <= 4) {
                radios(st, &path_s, id, &text, opts, legend, described, required)
            } else {
                select(st, &path_s, id, &text, opts, invalid, described)
            }
        }
        FieldKind::Person => {
            let opts = st.ctx.with_value(|c| c.household.iter().map(|m| (m.id.to_string(), m.name.clone())).collect());
            select(st, &path_s, id, &text, opts, invalid, described)
        }
        FieldKind::Attachment { .. } => super::files::attachment_input(st, path_s, id.to_owned(), legend, described),
        FieldKind::Group { fields, max_rows, .. } => {
            group(st, field.key.clone(), fields.clone(), max_rows.unwrap_or(50), legend)
        }
    }
}

fn radios<L, D>(
    st: FormState,
    path: &str,
    id: &str,
    current: &str,
    opts: Vec<(String, String)>,
    legend: L,
    described: D,
    required: bool,
) -> AnyView
where
    L: Fn() -> AnyView + 'static,
    D: Fn() -> Option<String> + Clone + Send + Sync + 'static,
{
    let buttons = opts
        .into_iter()
        .enumerate()
        .map(|(i, (code, text))| {
            let checked = code == current;
            let p = path.to_owned();
            let c = code.clone();
            let rid = format!("{id}-{i}");
            let for_id = rid.clone();
            view! {
                <label for=for_id class="check">
                    <input
                        id=rid
                        type="radio"
                        name=path.to_owned()
                        value=code
                        checked=checked
                        on:change=move |_| {
                            st.set(&p, Value::One(c.clone()));
                            st.check(&p);
                        }
                    />
                    <span>{text}</span>
                </label>
            }
        })
        .collect_view();
    // A group of radio buttons is announced as one question, required when it is.
    view! {
        <fieldset
            id=id.to_owned()
            role="radiogroup"
            aria-required=required.then_some("true")
            aria-describedby=described
        >
            {legend()}
            <div class="flex flex-wrap gap-2">{buttons}</div>
        </fieldset>
    }
    .into_any()
}

fn checkboxes<L, D>(
    st: FormState,
    path: &str,
    id: &str,
    current: Vec<String>,
    opts: Vec<(String, String)>,
    legend: L,
    described: D,
) -> AnyView
where
    L: Fn() -> AnyView + 'static,
    D: Fn() -> Option<String> + Clone + Send + Sync + 'static,
{
    let boxes = opts
        .into_iter()
        .enumerate()
        .map(|(i, (code, text))| {
            let checked = current.contains(&code);
            let p = path.to_owned();
            let c = code.clone();
            let rid = format!("{id}-{i}");
            let for_id = rid.clone();
            view! {
                <label for=for_id class="check">
                    <input
                        id=rid
                        type="checkbox"
                        name=path.to_owned()
                        value=code
                        checked=checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let mut now: Vec<String> = st
                                .answer(&p)
                                .map(|v| v.items().iter().map(|s| (*s).to_owned()).collect())
                                .unwrap_or_default();
                            now.retain(|x| x != &c);
                            if on {
                                now.push(c.clone());
                            }
                            st.set(&p, Value::Many(now));
                            st.check(&p);
                        }
                    />
                    <span>{text}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset id=id.to_owned() aria-describedby=described>
            {legend()}
            <div class="grid gap-1 sm:grid-cols-2">{boxes}</div>
        </fieldset>
    }
    .into_any()
}

fn select<I, D>(
    st: FormState,
    path: &str,
    id: &str,
    current: &str,
    opts: Vec<(String, String)>,
    invalid: I,
    described: D,
) -> AnyView
where
    I: Fn() -> Option<&'static str> + Send + Sync + 'static,
    D: Fn() -> Option<String> + Clone + Send + Sync + 'static,
{
    let p = path.to_owned();
    let options = opts
        .into_iter()
        .map(|(code, text)| {
            let selected = code == current;
            view! {
                <option value=code selected=selected>
                    {text}
                </option>
            }
        })
        .collect_view();
    view! {
        <select
            id=id.to_owned()
            name=path.to_owned()
            class="input"
            aria-invalid=invalid
            aria-describedby=described
            on:change=move |ev| {
                st.set(&p, Value::One(event_target_value(&ev)));
                st.check(&p);
            }
        >
            <option value="">{tr(K::Choose)}</option>
            {options}
        </select>
    }
    .into_any()
}

/// A repeating group: its rows, each a small card, and a button for another row. Rows are drawn
/// again only when their number changes, so typing never loses the cursor.
fn group<L>(st: FormState, key: String, fields: Vec<Field>, max_rows: usize, legend: L) -> AnyView
where
    L: Fn() -> AnyView + 'static,
{
    let k = key.clone();
    let spare = st.answers.with_untracked(|a| a.get(&key).map_or(0, |v| v.rows().len())) == 0;
    let count = Memo::new(move |_| {
        let n = st.answers.with(|a| a.get(&k).map_or(0, |v| v.rows().len()));
        // A group with no rows still shows one to fill.
        if n == 0 && spare {
            1
        } else {
            n
        }
    });
    let k2 = key.clone();
    let rows = move || {
        let n = count.get();
        (0..n)
            .map(|i| {
                let cells = fields
                    .iter()
                    .map(|f| field_view(st, f.clone(), format!("{k2}.{i}.{}", f.key), Some((k2.clone(), i))))
                    .collect_view();
                let g = k2.clone();
                view! {
                    <fieldset class="rounded-lg border border-stone-200 p-3">
                        <legend class="px-1 text-sm font-semibold">{tr(K::RowWord)}" "{i + 1}</legend>
                        <div class="grid gap-3 @2xl:grid-cols-2">{cells}</div>
                        <button
                            type="button"
                            class="btn-secondary mt-2"
                            on:click=move |_| {
                                st.answers
                                    .update(|a| {
                                        let mut rows = a.get(&g).map(|v| v.rows().to_vec()).unwrap_or_default();
                                        if i < rows.len() {
                                            rows.remove(i);
                                        }
                                        a.set(&g, Value::Rows(rows));
                                    });
                                st.changes.update(|n| *n += 1);
                            }
                        >
                            {tr(K::RemoveRow)}
                        </button>
                    </fieldset>
                }
            })
            .collect_view()
    };
    let k3 = key.clone();
    view! {
        <fieldset class="flex flex-col gap-3">
            {legend()} {rows}
            <button
                type="submit"
                name="_intent"
                value=format!("add_row:{key}")
                formnovalidate=true
                class="btn-secondary self-start"
                disabled=move || { count.get() >= max_rows }
                on:click=move |ev| {
                    ev.prevent_default();
                    st.answers
                        .update(|a| {
                            let mut rows = a.get(&k3).map(|v| v.rows().to_vec()).unwrap_or_default();
                            let shown = count.get_untracked();
                            while rows.len() < shown {
                                rows.push(Answers::default());
                            }
                            rows.push(Answers::default());
                            a.set(&k3, Value::Rows(rows));
                        });
                }
            >
                {tr(K::AddRow)}
            </button>
        </fieldset>
    }
    .into_any()
}

/// True when a section is shown for these answers.
pub fn section_visible(st: FormState, index: usize) -> bool {
    st.def
        .with_value(|d| d.sections.get(index).and_then(|s| s.show_when.clone()))
        .is_none_or(|c| st.answers.with(|a| holds(&c, a, None)))
}
