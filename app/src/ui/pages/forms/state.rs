//! The state one form's inputs share: the answers, the errors shown, the files known, sent and
//! waiting, and the counters autosave watches; with the rules for setting an answer and checking
//! it as typed.

use crate::domain::form::{validate, Answers, FormContext, FormDefinition, Mode, Value};
use crate::domain::FieldErrors;
use leptos::prelude::*;

/// Everything the inputs of one form share.
#[derive(Clone, Copy)]
pub struct FormState {
    pub answers: RwSignal<Answers>,
    /// The errors shown now, by field path.
    pub errors: RwSignal<FieldErrors>,
    pub def: StoredValue<FormDefinition>,
    pub ctx: StoredValue<FormContext>,
    /// Bumped on every change the user makes (autosave watches it).
    pub changes: RwSignal<u64>,
    /// Bumped when a left field should be saved at once.
    pub blurred: RwSignal<u64>,
    /// What is known of the files the answers name (those sent meanwhile added).
    pub files: RwSignal<Vec<crate::api::forms::AttachmentView>>,
    /// Files on their way to the server.
    pub uploads: RwSignal<Vec<Upload>>,
    /// Files chosen here and kept on the device until they reach the server.
    pub waiting: RwSignal<Vec<crate::ui::components::device_files::WaitingFile>>,
    /// The submission files are sent to; `None` (a preview) sends none.
    pub upload_to: Option<i64>,
    /// The largest file the server takes, in bytes.
    pub max_bytes: u64,
}

impl FormState {
    /// Sets the answer at `path` (`key` or `group.N.key`), adding rows as needed.
    pub fn set(&self, path: &str, value: Value) {
        let mut parts = path.splitn(3, '.');
        let (first, index, key) = (parts.next().unwrap_or(""), parts.next(), parts.next());
        self.answers.update(|a| match (index.and_then(|i| i.parse::<usize>().ok()), key) {
            (Some(i), Some(key)) => {
                let mut rows = a.get(first).map(|v| v.rows().to_vec()).unwrap_or_default();
                while rows.len() <= i {
                    rows.push(Answers::default());
                }
                rows[i].set(key, value);
                a.set(first, Value::Rows(rows));
            }
            _ => a.set(first, value),
        });
        self.changes.update(|n| *n += 1);
        // An error shown at this field goes as soon as the answer is right, while typing: not on
        // leaving it, when the text below would move and a tap on the next button could miss.
        if self.errors.with_untracked(|e| e.for_field(path).is_some()) {
            self.recheck(path);
        }
    }

    /// Runs the validator (everything but `required`) and shows the result for `path`; errors
    /// shown elsewhere that are now fixed disappear.
    pub fn check(&self, path: &str) {
        self.recheck(path);
        self.blurred.update(|n| *n += 1);
    }

    /// Runs the validator and updates the errors shown, as [`Self::check`], without asking for
    /// a save.
    fn recheck(&self, path: &str) {
        let now = self
            .def
            .with_value(|d| self.ctx.with_value(|c| self.answers.with_untracked(|a| validate(d, a, c, Mode::Draft))));
        self.errors.update(|shown| {
            let mut next: Vec<_> = shown
                .0
                .iter()
                .filter(|e| e.field != path && now.0.iter().any(|n| n.field == e.field))
                .filter_map(|e| now.0.iter().find(|n| n.field == e.field).cloned())
                .collect();
            next.extend(now.0.iter().filter(|e| e.field == path).cloned());
            shown.0 = next;
        });
    }

    /// A form's state with nothing changed yet and no files: what a preview needs.
    pub fn new(answers: Answers, errors: FieldErrors, def: FormDefinition, ctx: FormContext) -> Self {
        FormState {
            answers: RwSignal::new(answers),
            errors: RwSignal::new(errors),
            def: StoredValue::new(def),
            ctx: StoredValue::new(ctx),
            changes: RwSignal::new(0),
            blurred: RwSignal::new(0),
            files: RwSignal::new(Vec::new()),
            uploads: RwSignal::new(Vec::new()),
            waiting: RwSignal::new(Vec::new()),
            upload_to: None,
            max_bytes: crate::domain::attachment::MAX_BYTES_DEFAULT,
        }
    }

    /// Shows `code` as the error at `path` (a refusal the validator cannot know of, such as a
    /// file the server would not take).
    pub fn show_error(&self, path: &str, code: &str) {
        self.errors.update(|e| {
            e.0.retain(|x| x.field != path);
            e.push(path, code);
        });
    }

    pub fn error(&self, path: &str) -> Option<String> {
        self.errors.with(|e| e.for_field(path).map(str::to_owned))
    }

    /// The answer at `path` now (read without tracking).
    pub fn answer(&self, path: &str) -> Option<Value> {
        self.answers.with_untracked(|a| {
            let mut parts = path.splitn(3, '.');
            match (parts.next(), parts.next().and_then(|i| i.parse::<usize>().ok()), parts.next()) {
                (Some(g), Some(i), Some(k)) => a.get(g).and_then(|v| v.rows().get(i)).and_then(|r| r.get(k)).cloned(),
                (Some(k), _, _) => a.get(k).cloned(),
                _ => None,
            }
        })
    }
}

/// A file on its way to the server.
#[derive(Clone, Debug, PartialEq)]
pub struct Upload {
    /// Tells uploads apart (the same name may be sent twice).
    pub n: u64,
    pub path: String,
    pub name: String,
    /// 0–100.
    pub percent: u32,
    /// Where the file's bytes are kept on the device, if they are.
    pub key: Option<String>,
}
