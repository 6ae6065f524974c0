//! The inputs of the form editor: labels in three languages, a section, a question with the
//! settings of its type, options, conditions. Every input is named by its path in the
//! definition, so the whole editor also posts as one plain HTML form; with the app loaded, each
//! change goes into the definition in the page at once.

use crate::domain::form::definition::{Check, Choices, DateRef, Field, FieldKind, Label, Section, TextFormat};
use crate::domain::form::edit::{self, At, SimpleCondition, Step, CONDITION_OPS, KIND_CODES};
use crate::domain::form::FormDefinition;
use crate::domain::user::Language;
use crate::domain::FieldErrors;
use crate::i18n::{error_text, use_language, K};
use crate::ui::components::form::option_list;
use crate::ui::tr;
use leptos::prelude::*;

mod kind_settings;
use kind_settings::kind_settings;

/// The editor's state, shared by all its inputs.
#[derive(Clone, Copy)]
pub struct Ed {
    pub def: RwSignal<FormDefinition>,
    /// Bumped when the structure changes: the inputs are drawn again.
    pub shape: RwSignal<u64>,
    /// What `check_definition` finds now, by path.
    pub problems: Memo<FieldErrors>,
    /// Values typed that could not be taken (a number that is none), by path.
    pub local: RwSignal<FieldErrors>,
    /// Changed since the last save.
    pub dirty: RwSignal<bool>,
}

impl Ed {
    pub fn new(def: FormDefinition) -> Self {
        let def = RwSignal::new(def);
        Ed {
            def,
            shape: RwSignal::new(0),
            problems: Memo::new(move |_| def.with(crate::domain::form::check_definition)),
            local: RwSignal::new(FieldErrors::new()),
            dirty: RwSignal::new(false),
        }
    }

    /// The error shown at `path`: what could not be taken first, then what blocks publishing.
    pub fn error(&self, path: &str) -> Option<String> {
        self.local
            .with(|l| l.for_field(path).map(str::to_owned))
            .or_else(|| self.problems.with(|p| p.for_field(path).map(str::to_owned)))
    }

    /// Takes a typed value.
    pub fn set(&self, path: &str, raw: &str) {
        let mut result = Ok(());
        self.def.update(|d| result = edit::set(d, path, raw));
        self.local.update(|l| {
            l.0.retain(|e| e.field != path);
            if let Err(code) = result {
                l.push(path, code);
            }
        });
        self.dirty.set(true);
    }

    /// Takes a typed value that changes which inputs there are (a type, a list's source).
    pub fn set_shape(&self, path: &str, raw: &str) {
        self.set(path, raw);
        self.shape.update(|n| *n += 1);
    }

    pub fn step(&self, step: &Step) {
        self.def.update(|d| {
            let _ = edit::apply(d, step);
        });
        self.local.set(FieldErrors::new());
        self.dirty.set(true);
        self.shape.update(|n| *n += 1);
    }
}

/// The input id of a path.
pub fn id_of(path: &str) -> String {
    edit::anchor(path)
}

/// The words for a field type.
pub fn kind_label(code: &str) -> K {
    match code {
        "long_text" => K::KindLongText,
        "number" => K::KindNumber,
        "date" => K::KindDate,
        "yes_no" => K::KindYesNo,
        "choice" => K::KindChoice,
        "person" => K::KindPerson,
        "group" => K::KindGroup,
        "attachment" => K::KindAttachment,
        _ => K::KindText,
    }
}

/// The error under an input, when there is one.
fn error_line(ed: Ed, path: String) -> impl IntoView {
    let lang = use_language();
    let err_id = format!("{}-error", id_of(&path));
    move || {
        ed.error(&path).map(|c| {
            view! {
                <p id=err_id.clone() class="field-error" role="alert">
                    {error_text(lang.get(), &c)}
                </p>
            }
        })
    }
}

/// A labelled one-line input for `path`.
fn text_input(ed: Ed, path: String, label: String, value: String, inputmode: Option<&'static str>) -> impl IntoView {
    let id = id_of(&path);
    let err_id = format!("{id}-error");
    let (p1, p2, p3, p4) = (path.clone(), path.clone(), path.clone(), path.clone());
    view! {
        <div class="field">
            <label for=id.clone() class="field-label">
                {label}
            </label>
            <input
                id=id
                name=p4
                class="input"
                value=value
                inputmode=inputmode
                autocomplete="off"
                aria-invalid=move || ed.error(&p1).is_some().then_some("true")
                aria-describedby=move || ed.error(&p2).is_some().then(|| err_id.clone())
                on:input=move |ev| ed.set(&p3, &event_target_value(&ev))
            />
            {error_line(ed, path)}
        </div>
    }
}

/// A labelled select for `path`; `reshape` when the choice changes which inputs there are.
fn select_input(
    ed: Ed,
    path: String,
    label: String,
    options: Vec<(String, String)>,
    selected: String,
    reshape: bool,
) -> impl IntoView {
    let id = id_of(&path);
    let (p, p2) = (path.clone(), path.clone());
    let opts = option_list(options, &selected);
    view! {
        <div class="field">
            <label for=id.clone() class="field-label">
                {label}
            </label>
            <select
                id=id
                name=path
                class="input"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if reshape { ed.set_shape(&p, &v) } else { ed.set(&p, &v) }
                }
            >
                {opts}
            </select>
            {error_line(ed, p2)}
        </div>
    }
}

/// A yes/no setting: a hidden `false` followed by the box, so that an unticked box posts too.
fn check_input(ed: Ed, path: String, label: String, checked: bool) -> impl IntoView {
    let id = id_of(&path);
    let for_id = id.clone();
    let p = path.clone();
    view! {
        <div>
            <input type="hidden" name=path.clone() value="false" />
            <label class="check" for=for_id>
                <input
                    id=id
                    type="checkbox"
                    name=path
                    value="true"
                    checked=checked
                    on:change=move |ev| ed.set(&p, if event_target_checked(&ev) { "true" } else { "false" })
                />
                <span>{label}</span>
            </label>
        </div>
    }
}

/// A text in the three languages, Romanian first.
pub fn label_inputs(ed: Ed, path: String, what: K, label: &Label) -> impl IntoView {
    let lang = use_language();
    let l = lang.get_untracked();
    let inputs = [Language::Ro, Language::En, Language::Ru]
        .into_iter()
        .map(|language| {
            let code = language.code();
            let text = format!("{} · {}", what.text(l), language.native_name());
            text_input(ed, format!("{path}.{code}"), text, label.0.get(code).cloned().unwrap_or_default(), None)
        })
        .collect_view();
    view! { <div class="grid gap-3 md:grid-cols-3">{inputs}</div> }
}

/// A button that takes one step: a plain post without JavaScript, the step in the page with it.
pub fn step_button(ed: Ed, step: Step, text: K, class: &'static str, what: String) -> impl IntoView {
    let code = step.code();
    let l = use_language().get_untracked();
    let aria = format!("{} · {what}", text.text(l));
    view! {
        <button
            type="submit"
            name="_op"
            value=code
            class=class
            aria-label=aria
            on:click=move |ev| {
                ev.prevent_default();
                ed.step(&step);
            }
        >
            {tr(text)}
        </button>
    }
}

/// Up, down and remove for a part of a list.
fn move_buttons(ed: Ed, at: At, what: String) -> impl IntoView {
    view! {
        <div class="flex flex-wrap gap-2">
            {step_button(ed, Step::Up(at), K::MoveUp, "btn-secondary", what.clone())}
            {step_button(ed, Step::Down(at), K::MoveDown, "btn-secondary", what.clone())}
            {step_button(ed, Step::Remove(at), K::RemoveWord, "btn-secondary text-red-800", what)}
        </div>
    }
}

/// The name a part goes by in headings and button labels: its label, or its key until it has one.
pub fn name_of(label: &Label, key: &str, lang: Language) -> String {
    match label.get(lang.code()) {
        "" => key.to_owned(),
        t => t.to_owned(),
    }
}

/// "Show when": the question, how it compares, and the value, for a section or a question.
fn condition_inputs(ed: Ed, at: At, c: SimpleCondition, choices: Vec<(String, String)>) -> impl IntoView {
    let l = use_language().get_untracked();
    let path = format!("{}.show_when", at.path());
    let op = RwSignal::new(c.op.clone());
    let field = RwSignal::new(c.field.clone());
    let value = RwSignal::new(c.value.clone());
    let write = move || {
        let c = SimpleCondition { op: op.get_untracked(), field: field.get_untracked(), value: value.get_untracked() };
        ed.def.update(|d| {
            let _ = edit::set_condition(d, at, &c);
        });
        ed.dirty.set(true);
    };
    let op_label = |code: &str| match code {
        "equals" => K::CondEquals,
        "not_equals" => K::CondNotEquals,
        "any_of" => K::CondAnyOf,
        "answered" => K::CondAnswered,
        "not_answered" => K::CondNotAnswered,
        "complex" => K::CondComplex,
        _ => K::CondAlways,
    };
    let mut ops: Vec<&str> = CONDITION_OPS.to_vec();
    if c.op == "complex" {
        ops.push("complex");
    }
    let ops = ops
        .into_iter()
        .map(|o| {
            let is = o == c.op;
            view! {
                <option value=o selected=is>
                    {op_label(o).text(l)}
                </option>
            }
        })
        .collect_view();
    let mut fields = choices;
    if !c.field.is_empty() && !fields.iter().any(|(k, _)| *k == c.field) {
        fields.insert(0, (c.field.clone(), c.field.clone()));
    }
    let fields = option_list(std::iter::once((String::new(), "—".to_owned())).chain(fields).collect(), &c.field);
    let (op_id, field_id, value_id) =
        (id_of(&format!("{path}.op")), id_of(&format!("{path}.field")), id_of(&format!("{path}.value")));
    let p = path.clone();
    view! {
        <fieldset class="grid gap-3 rounded-md border border-stone-200 p-3 md:grid-cols-3">
            <legend class="px-1 text-sm font-medium">{tr(K::ShowWhen)}</legend>
            <div class="field">
                <label for=field_id.clone() class="field-label">
                    {tr(K::CondField)}
                </label>
                <select
                    id=field_id
                    name=format!("{p}.field")
                    class="input"
                    on:change=move |ev| {
                        field.set(event_target_value(&ev));
                        write();
                    }
                >
                    {fields}
                </select>
            </div>
            <div class="field">
                <label for=op_id.clone() class="field-label">
                    {tr(K::CondHow)}
                </label>
                <select
                    id=op_id
                    name=format!("{p}.op")
                    class="input"
                    on:change=move |ev| {
                        op.set(event_target_value(&ev));
                        write();
                    }
                >
                    {ops}
                </select>
            </div>
            <div class="field">
                <label for=value_id.clone() class="field-label">
                    {tr(K::CondValue)}
                </label>
                <input
                    id=value_id
                    name=format!("{p}.value")
                    class="input"
                    value=c.value
                    autocomplete="off"
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        write();
                    }
                />
            </div>
            <div class="md:col-span-3">{error_line(ed, path)}</div>
        </fieldset>
    }
}

/// One section with its questions.
pub fn section_editor(ed: Ed, def: &FormDefinition, si: usize, s: &Section) -> impl IntoView {
    let l = use_language().get_untracked();
    let at = At::Section(si);
    let path = at.path();
    let name = name_of(&s.title, &s.key, l);
    let fields = s.fields.iter().enumerate().map(|(fi, f)| field_editor(ed, def, At::Field(si, fi), f)).collect_view();
    let choices = condition_choices(def, at, l);
    view! {
        <section id=id_of(&path) class="card scroll-mt-20 flex flex-col gap-4" data-testid="section-editor">
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 class="text-lg font-semibold">{tr(K::SectionWord)}" "{si + 1}" · "{name.clone()}</h2>
                {move_buttons(ed, at, name.clone())}
            </div>
            {text_input(ed, format!("{path}.key"), K::KeyWord.text(l).to_owned(), s.key.clone(), None)}
            {label_inputs(ed, format!("{path}.title"), K::SectionTitle, &s.title)}
            {condition_inputs(ed, at, SimpleCondition::of(s.show_when.as_ref()), choices)}
            {error_line(ed, format!("{path}.fields"))}
            <ol class="flex flex-col gap-4">{fields}</ol>
            <div>{step_button(ed, Step::AddField(at), K::AddField, "btn-secondary", name)}</div>
        </section>
    }
}

fn condition_choices(def: &FormDefinition, at: At, l: Language) -> Vec<(String, String)> {
    let at = if let At::Section(_) = at { At::Field(usize::MAX, 0) } else { at };
    edit::condition_fields(def, at)
        .into_iter()
        .map(|(k, label)| (k.clone(), format!("{} ({k})", name_of(&label, &k, l))))
        .collect()
}

/// One question with the settings of its type.
fn field_editor(ed: Ed, def: &FormDefinition, at: At, f: &Field) -> impl IntoView {
    let l = use_language().get_untracked();
    let path = at.path();
    let name = name_of(&f.label, &f.key, l);
    let top = matches!(at, At::Field(..));
    let number = match at {
        At::Field(_, fi) | At::Sub(_, _, fi) => fi + 1,
        _ => 0,
    };
    let kinds = KIND_CODES
        .iter()
        .filter(|k| top || **k != "group")
        .map(|k| ((*k).to_owned(), kind_label(k).text(l).to_owned()))
        .collect();
    let choices = condition_choices(def, at, l);
    view! {
        <li id=id_of(&path) class="scroll-mt-20 rounded-md border border-stone-300 p-3" data-testid="field-editor">
            <div class="mb-3 flex flex-wrap items-center justify-between gap-2">
                <h3 class="font-semibold">
                    {number}". "{name.clone()}" "<span class="chip">{kind_label(f.kind.code()).text(l)}</span>
                </h3>
                {move_buttons(ed, at, name.clone())}
            </div>
            <div class="flex flex-col gap-3">
                <div class="grid gap-3 md:grid-cols-3">
                    {text_input(ed, format!("{path}.key"), K::KeyWord.text(l).to_owned(), f.key.clone(), None)}
                    {select_input(
                        ed,
                        format!("{path}.type"),
                        K::TypeWord.text(l).to_owned(),
                        kinds,
                        f.kind.code().to_owned(),
                        true,
                    )} {check_input(ed, format!("{path}.required"), K::RequiredWord.text(l).to_owned(), f.required)}
                </div>
                {label_inputs(ed, format!("{path}.label"), K::QuestionWord, &f.label)}
                {label_inputs(ed, format!("{path}.help"), K::HelpWord, &f.help.clone().unwrap_or_default())}
                {kind_settings(ed, def, at, f)}
                {condition_inputs(ed, at, SimpleCondition::of(f.show_when.as_ref()), choices)}
            </div>
        </li>
    }
}

/// The checks across questions, as words, each with its remove button.
pub fn checks_editor(ed: Ed, def: &FormDefinition) -> impl IntoView {
    let l = use_language().get_untracked();
    let bound = |b: &DateRef| match b {
        DateRef::Today => K::BoundToday.text(l).to_owned(),
        DateRef::Referral => K::BoundReferral.text(l).to_owned(),
        DateRef::BirthDate => K::BoundBirth.text(l).to_owned(),
        DateRef::Field(f) => f.clone(),
    };
    let rows = def
        .checks
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let text = match c {
                Check::NotBefore { field, bound: b } => {
                    format!("{field} · {} · {}", K::CheckNotBefore.text(l), bound(b))
                }
                Check::NotAfter { field, bound: b } => format!("{field} · {} · {}", K::CheckNotAfter.text(l), bound(b)),
                Check::AgeBelow { field, years } => format!("{field} · {} {years}", K::CheckAgeBelow.text(l)),
                Check::AgeAtLeast { field, years } => format!("{field} · {} {years}", K::CheckAgeAtLeast.text(l)),
            };
            let at = At::Check(ci);
            view! {
                <li id=id_of(&at.path()) class="flex flex-col gap-1 rounded-md border border-stone-200 p-2">
                    <div class="flex flex-wrap items-center justify-between gap-2">
                        <span class="font-mono text-sm">{text.clone()}</span>
                        {step_button(ed, Step::Remove(at), K::RemoveWord, "btn-secondary text-red-800", text)}
                    </div>
                    {error_line(ed, at.path())}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card flex flex-col gap-3" aria-labelledby="checks-h">
            <h2 id="checks-h" class="text-lg font-semibold">
                {tr(K::ChecksWord)}
            </h2>
            <p class="field-hint">{tr(K::ChecksText)}</p>
            <ul class="flex flex-col gap-2">{rows}</ul>
        </section>
    }
}

/// The definition as a preview draws it: a part with no label yet shows its key.
pub fn with_fallback_labels(def: &FormDefinition) -> FormDefinition {
    fn fill(label: &mut Label, key: &str) {
        if label.0.values().all(|t| t.trim().is_empty()) {
            label.0.insert("ro".into(), key.to_owned());
        }
    }
    fn field(f: &mut Field) {
        fill(&mut f.label, &f.key);
        match &mut f.kind {
            FieldKind::Choice { options: Choices::Inline(o), .. } => {
                o.iter_mut().for_each(|o| fill(&mut o.label, &o.code))
            }
            FieldKind::Group { fields, .. } => fields.iter_mut().for_each(field),
            _ => {}
        }
    }
    let mut d = def.clone();
    fill(&mut d.title, &d.code.clone());
    for s in &mut d.sections {
        fill(&mut s.title, &s.key.clone());
        s.fields.iter_mut().for_each(field);
    }
    d
}
