//! Editing a draft form definition, for the administrators' editor: one value set at a path
//! (`sections.0.fields.2.label.ro`), or one structural step (add, remove, move a section, a
//! field or an option). The same functions run in the browser, as the editor is typed in, and on
//! the server, for the editor's plain HTML post; paths are those [`super::check_definition`]
//! reports its problems at, so every problem shows at its input.

use super::definition::{
    ChoiceOption, Choices, Condition, Field, FieldKind, FormDefinition, Label, Section, TextFormat,
};
use crate::domain::FieldErrors;

/// The interface languages a label is edited in.
pub const LANGS: [&str; 3] = ["en", "ro", "ru"];

/// The field types an administrator picks from, by their codes.
pub const KIND_CODES: [&str; 9] =
    ["text", "long_text", "number", "date", "yes_no", "choice", "person", "group", "attachment"];

/// The id of a part's place in the editor page (`e-sections-0-fields-2`), which a post comes
/// back to.
pub fn anchor(path: &str) -> String {
    format!("e-{}", path.replace('.', "-"))
}

/// Where in a definition a part sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    Section(usize),
    /// A top-level field: section, field.
    Field(usize, usize),
    /// A field of a repeating group: section, group field, sub-field.
    Sub(usize, usize, usize),
    /// An option of the choice field at the first three numbers (`Sub` when the third is set).
    Option(usize, usize, Option<usize>, usize),
    Check(usize),
}

impl At {
    /// Reads the start of a path; returns the part and the rest of the path.
    pub fn parse(path: &str) -> Option<(At, Vec<&str>)> {
        let parts: Vec<&str> = path.split('.').collect();
        let n = |i: usize| parts.get(i).and_then(|p| p.parse::<usize>().ok());
        let word = |i: usize| parts.get(i).copied();
        match word(0)? {
            "checks" => Some((At::Check(n(1)?), parts[2..].to_vec())),
            "sections" => {
                let s = n(1)?;
                if word(2) != Some("fields") || n(3).is_none() {
                    return Some((At::Section(s), parts[2..].to_vec()));
                }
                let f = n(3)?;
                let (field, rest) = if word(4) == Some("kind") && word(5) == Some("fields") && n(6).is_some() {
                    ((s, f, n(6)), 7)
                } else {
                    ((s, f, None), 4)
                };
                if word(rest) == Some("kind") && word(rest + 1) == Some("options") {
                    if let Some(o) = n(rest + 2) {
                        return Some((At::Option(field.0, field.1, field.2, o), parts[rest + 3..].to_vec()));
                    }
                }
                let at = match field.2 {
                    Some(k) => At::Sub(s, f, k),
                    None => At::Field(s, f),
                };
                Some((at, parts[rest..].to_vec()))
            }
            _ => None,
        }
    }

    /// The path of the part, as inputs are named.
    pub fn path(self) -> String {
        match self {
            At::Section(s) => format!("sections.{s}"),
            At::Field(s, f) => format!("sections.{s}.fields.{f}"),
            At::Sub(s, f, k) => format!("sections.{s}.fields.{f}.kind.fields.{k}"),
            At::Option(s, f, k, o) => {
                let field = match k {
                    Some(k) => At::Sub(s, f, k),
                    None => At::Field(s, f),
                };
                format!("{}.kind.options.{o}", field.path())
            }
            At::Check(c) => format!("checks.{c}"),
        }
    }
}

/// One structural step of the editor, as its buttons name it (`add_field:sections.0`,
/// `up:sections.1.fields.3`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    AddSection,
    /// Adds a field at the end of a section, or a sub-field at the end of a group.
    AddField(At),
    AddOption(At),
    Remove(At),
    Up(At),
    Down(At),
}

impl Step {
    pub fn parse(raw: &str) -> Option<Step> {
        if raw == "add_section" {
            return Some(Step::AddSection);
        }
        let (verb, path) = raw.split_once(':')?;
        let (at, rest) = At::parse(path)?;
        if !rest.is_empty() {
            return None;
        }
        Some(match verb {
            "add_field" => Step::AddField(at),
            "add_option" => Step::AddOption(at),
            "remove" => Step::Remove(at),
            "up" => Step::Up(at),
            "down" => Step::Down(at),
            _ => return None,
        })
    }

    /// The button value that names this step.
    pub fn code(&self) -> String {
        match self {
            Step::AddSection => "add_section".to_owned(),
            Step::AddField(at) => format!("add_field:{}", at.path()),
            Step::AddOption(at) => format!("add_option:{}", at.path()),
            Step::Remove(at) => format!("remove:{}", at.path()),
            Step::Up(at) => format!("up:{}", at.path()),
            Step::Down(at) => format!("down:{}", at.path()),
        }
    }
}

/// The field a part names (`Field` or `Sub`).
pub fn field_mut(def: &mut FormDefinition, at: At) -> Option<&mut Field> {
    match at {
        At::Field(s, f) => def.sections.get_mut(s)?.fields.get_mut(f),
        At::Sub(s, f, k) => match &mut def.sections.get_mut(s)?.fields.get_mut(f)?.kind {
            FieldKind::Group { fields, .. } => fields.get_mut(k),
            _ => None,
        },
        At::Option(s, f, k, _) => field_mut(def, k.map_or(At::Field(s, f), |k| At::Sub(s, f, k))),
        _ => None,
    }
}

/// The field a part names, to read.
pub fn field_at(def: &FormDefinition, at: At) -> Option<&Field> {
    match at {
        At::Field(s, f) => def.sections.get(s)?.fields.get(f),
        At::Sub(s, f, k) => match &def.sections.get(s)?.fields.get(f)?.kind {
            FieldKind::Group { fields, .. } => fields.get(k),
            _ => None,
        },
        _ => None,
    }
}

/// A fresh key `prefix_N` not among `taken`.
fn fresh_key<'a>(prefix: &str, taken: impl Iterator<Item = &'a str>) -> String {
    let taken: Vec<&str> = taken.collect();
    (1..).map(|n| format!("{prefix}_{n}")).find(|k| !taken.contains(&k.as_str())).unwrap_or_else(|| prefix.to_owned())
}

/// A new question: short text, no label yet (publishing asks for one).
fn new_field(key: String) -> Field {
    Field {
        key,
        label: Label::default(),
        help: None,
        kind: FieldKind::Text { format: TextFormat::Plain, max_len: None },
        required: false,
        show_when: None,
    }
}

/// Moves item `i` of `list` one place up or down; false when it cannot move.
fn shift<T>(list: &mut [T], i: usize, up: bool) -> bool {
    let j = if up { i.checked_sub(1) } else { Some(i + 1) };
    match j {
        Some(j) if i < list.len() && j < list.len() => {
            list.swap(i, j);
            true
        }
        _ => false,
    }
}

/// Applies one structural step; `Err(code)` when the step names nothing there is.
pub fn apply(def: &mut FormDefinition, step: &Step) -> Result<(), &'static str> {
    const GONE: &str = "not_found";
    match step {
        Step::AddSection => {
            let key = fresh_key("section", def.sections.iter().map(|s| s.key.as_str()));
            let field = fresh_key("field", def.fields().map(|f| f.key.as_str()));
            def.sections.push(Section {
                key,
                title: Label::default(),
                show_when: None,
                fields: vec![new_field(field)],
            });
        }
        Step::AddField(At::Section(s)) => {
            let key = fresh_key("field", def.fields().map(|f| f.key.as_str()));
            def.sections.get_mut(*s).ok_or(GONE)?.fields.push(new_field(key));
        }
        Step::AddField(at @ At::Field(..)) => match &mut field_mut(def, *at).ok_or(GONE)?.kind {
            FieldKind::Group { fields, .. } => {
                let key = fresh_key("field", fields.iter().map(|f| f.key.as_str()));
                fields.push(new_field(key));
            }
            _ => return Err(GONE),
        },
        Step::AddOption(at @ (At::Field(..) | At::Sub(..))) => match &mut field_mut(def, *at).ok_or(GONE)?.kind {
            FieldKind::Choice { options: Choices::Inline(options), .. } => {
                let code = fresh_key("option", options.iter().map(|o| o.code.as_str()));
                options.push(ChoiceOption { code, label: Label::default() });
            }
            _ => return Err(GONE),
        },
        Step::Remove(at) | Step::Up(at) | Step::Down(at) => {
            let up = matches!(step, Step::Up(_));
            let remove = matches!(step, Step::Remove(_));
            fn act<T>(list: &mut Vec<T>, i: usize, remove: bool, up: bool) -> bool {
                if remove {
                    (i < list.len()).then(|| list.remove(i)).is_some()
                } else {
                    shift(list, i, up)
                }
            }
            let done = match *at {
                At::Section(s) => act(&mut def.sections, s, remove, up),
                At::Field(s, f) => def.sections.get_mut(s).is_some_and(|sec| act(&mut sec.fields, f, remove, up)),
                At::Sub(s, f, k) => match field_mut(def, At::Field(s, f)).map(|g| &mut g.kind) {
                    Some(FieldKind::Group { fields, .. }) => act(fields, k, remove, up),
                    _ => false,
                },
                At::Option(_, _, _, o) => match field_mut(def, *at).map(|c| &mut c.kind) {
                    Some(FieldKind::Choice { options: Choices::Inline(options), .. }) => act(options, o, remove, up),
                    _ => false,
                },
                At::Check(c) => act(&mut def.checks, c, remove, up),
            };
            // Moving the first up or the last down changes nothing and is no error.
            if !done && (remove || !exists(def, *at)) {
                return Err(GONE);
            }
        }
        _ => return Err(GONE),
    }
    Ok(())
}

fn exists(def: &mut FormDefinition, at: At) -> bool {
    match at {
        At::Section(s) => s < def.sections.len(),
        At::Check(c) => c < def.checks.len(),
        At::Option(_, _, _, o) => match field_mut(def, at).map(|f| &f.kind) {
            Some(FieldKind::Choice { options: Choices::Inline(options), .. }) => o < options.len(),
            _ => false,
        },
        _ => field_mut(def, at).is_some(),
    }
}

/// A condition as the editor shows it: a field, how it is compared, and a value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleCondition {
    /// `""` (always shown), `equals`, `not_equals`, `any_of`, `answered`, `not_answered`, or
    /// `complex` (a combination the editor keeps as it is).
    pub op: String,
    pub field: String,
    /// For `any_of`, the values separated by commas.
    pub value: String,
}

/// The ways a condition compares, by their codes; `complex` is shown only when a condition is one.
pub const CONDITION_OPS: [&str; 6] = ["", "equals", "not_equals", "any_of", "answered", "not_answered"];

impl SimpleCondition {
    pub fn of(c: Option<&Condition>) -> SimpleCondition {
        let s = |op: &str, field: &str, value: String| SimpleCondition { op: op.into(), field: field.into(), value };
        match c {
            None => SimpleCondition::default(),
            Some(Condition::Equals { field, value }) => s("equals", field, value.clone()),
            Some(Condition::AnyOf { field, values }) => s("any_of", field, values.join(", ")),
            Some(Condition::Answered { field }) => s("answered", field, String::new()),
            Some(Condition::Not(inner)) => match inner.as_ref() {
                Condition::Equals { field, value } => s("not_equals", field, value.clone()),
                Condition::Answered { field } => s("not_answered", field, String::new()),
                _ => s("complex", "", String::new()),
            },
            Some(_) => s("complex", "", String::new()),
        }
    }

    /// The condition this stands for; `complex` keeps `before`.
    pub fn to_condition(&self, before: Option<&Condition>) -> Option<Condition> {
        let field = self.field.trim().to_owned();
        let value = self.value.trim().to_owned();
        match self.op.as_str() {
            "equals" => Some(Condition::Equals { field, value }),
            "not_equals" => Some(Condition::Not(Box::new(Condition::Equals { field, value }))),
            "any_of" => Some(Condition::AnyOf {
                field,
                values: value.split(',').map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).collect(),
            }),
            "answered" => Some(Condition::Answered { field }),
            "not_answered" => Some(Condition::Not(Box::new(Condition::Answered { field }))),
            "complex" => before.cloned(),
            _ => None,
        }
    }
}

/// Sets the condition of a section or field.
pub fn set_condition(def: &mut FormDefinition, at: At, c: &SimpleCondition) -> Result<(), &'static str> {
    let slot = match at {
        At::Section(s) => &mut def.sections.get_mut(s).ok_or("not_found")?.show_when,
        _ => &mut field_mut(def, at).ok_or("not_found")?.show_when,
    };
    *slot = c.to_condition(slot.as_ref());
    Ok(())
}

/// A field of a new type, keeping what the old one had that still fits.
pub fn retype(kind: &FieldKind, code: &str) -> Option<FieldKind> {
    if kind.code() == code {
        return Some(kind.clone());
    }
    let max_len = match kind {
        FieldKind::Text { max_len, .. } | FieldKind::LongText { max_len } => *max_len,
        _ => None,
    };
    Some(match code {
        "text" => FieldKind::Text { format: TextFormat::Plain, max_len },
        "long_text" => FieldKind::LongText { max_len },
        "number" => FieldKind::Number { min: None, max: None, decimals: 0 },
        "date" => FieldKind::Date,
        "yes_no" => FieldKind::YesNo,
        "choice" => FieldKind::Choice {
            multiple: false,
            options: Choices::Inline(vec![
                ChoiceOption { code: "option_1".into(), label: Label::default() },
                ChoiceOption { code: "option_2".into(), label: Label::default() },
            ]),
        },
        "person" => FieldKind::Person,
        "group" => FieldKind::Group { fields: vec![new_field("field_1".into())], min_rows: 0, max_rows: None },
        "attachment" => FieldKind::Attachment { max_files: None },
        _ => return None,
    })
}

fn set_label(label: &mut Label, lang: &str, raw: &str) -> Result<(), &'static str> {
    if !LANGS.contains(&lang) {
        return Err("not_found");
    }
    match raw.trim() {
        "" => label.0.remove(lang),
        t => label.0.insert(lang.to_owned(), t.to_owned()),
    };
    Ok(())
}

fn flag(raw: &str) -> bool {
    matches!(raw, "true" | "on" | "yes" | "1")
}

/// An optional whole number, or `number_invalid`.
fn count(raw: &str) -> Result<Option<usize>, &'static str> {
    match raw.trim() {
        "" => Ok(None),
        t => t.parse().map(Some).map_err(|_| "number_invalid"),
    }
}

/// An optional number, or `number_invalid`.
fn real(raw: &str) -> Result<Option<f64>, &'static str> {
    match raw.trim().replace(',', ".").as_str() {
        "" => Ok(None),
        t => t.parse::<f64>().ok().filter(|v| v.is_finite()).map(Some).ok_or("number_invalid"),
    }
}

/// Sets one value at `path`, as typed in the editor. A path that the definition no longer has
/// (a setting of another field type) is `not_found`; a number that is not one, `number_invalid`.
/// A field's type is set at `….type`, a condition by [`set_condition`].
pub fn set(def: &mut FormDefinition, path: &str, raw: &str) -> Result<(), &'static str> {
    const GONE: &str = "not_found";
    if let Some(lang) = path.strip_prefix("title.") {
        return set_label(&mut def.title, lang, raw);
    }
    let (at, rest) = At::parse(path).ok_or(GONE)?;
    match (at, rest.as_slice()) {
        (At::Section(s), ["key"]) => def.sections.get_mut(s).ok_or(GONE)?.key = raw.trim().to_owned(),
        (At::Section(s), ["title", lang]) => set_label(&mut def.sections.get_mut(s).ok_or(GONE)?.title, lang, raw)?,
        (At::Option(..), ["code"]) => option_mut(def, at)?.code = raw.trim().to_owned(),
        (At::Option(..), ["label", lang]) => set_label(&mut option_mut(def, at)?.label, lang, raw)?,
        (At::Field(..) | At::Sub(..), rest) => {
            let top = matches!(at, At::Field(..));
            let field = field_mut(def, at).ok_or(GONE)?;
            match rest {
                ["key"] => field.key = raw.trim().to_owned(),
                ["label", lang] => set_label(&mut field.label, lang, raw)?,
                ["help", lang] => {
                    let mut help = field.help.take().unwrap_or_default();
                    let r = set_label(&mut help, lang, raw);
                    field.help = (!help.0.is_empty()).then_some(help);
                    r?
                }
                ["required"] => field.required = flag(raw),
                ["type"] => {
                    // Groups do not nest.
                    if !top && raw == "group" {
                        return Err("group_nested");
                    }
                    field.kind = retype(&field.kind, raw.trim()).ok_or("invalid_choice")?;
                }
                ["kind", setting] => set_kind(&mut field.kind, setting, raw)?,
                _ => return Err(GONE),
            }
        }
        _ => return Err(GONE),
    }
    Ok(())
}

fn option_mut(def: &mut FormDefinition, at: At) -> Result<&mut ChoiceOption, &'static str> {
    let At::Option(_, _, _, o) = at else { return Err("not_found") };
    match field_mut(def, at).map(|f| &mut f.kind) {
        Some(FieldKind::Choice { options: Choices::Inline(options), .. }) => options.get_mut(o).ok_or("not_found"),
        _ => Err("not_found"),
    }
}

fn set_kind(kind: &mut FieldKind, setting: &str, raw: &str) -> Result<(), &'static str> {
    match (kind, setting) {
        (FieldKind::Text { format, .. }, "format") => {
            *format = match raw {
                "phone" => TextFormat::Phone,
                "email" => TextFormat::Email,
                _ => TextFormat::Plain,
            }
        }
        (FieldKind::Text { max_len, .. } | FieldKind::LongText { max_len }, "max_len") => *max_len = count(raw)?,
        (FieldKind::Number { min, .. }, "min") => *min = real(raw)?,
        (FieldKind::Number { max, .. }, "max") => *max = real(raw)?,
        (FieldKind::Number { decimals, .. }, "decimals") => {
            *decimals = u8::try_from(count(raw)?.unwrap_or(0)).map_err(|_| "number_invalid")?
        }
        (FieldKind::Choice { multiple, .. }, "multiple") => *multiple = flag(raw),
        (FieldKind::Choice { options, .. }, "classifier") => {
            *options = match (raw.trim(), &*options) {
                ("", Choices::Inline(_)) => return Ok(()),
                ("", Choices::Classifier(_)) => Choices::Inline(Vec::new()),
                (code, _) => Choices::Classifier(code.to_owned()),
            }
        }
        (FieldKind::Group { min_rows, .. }, "min_rows") => *min_rows = count(raw)?.unwrap_or(0),
        (FieldKind::Group { max_rows, .. }, "max_rows") => *max_rows = count(raw)?,
        (FieldKind::Attachment { max_files }, "max_files") => *max_files = count(raw)?,
        _ => return Err("not_found"),
    }
    Ok(())
}

/// Applies what an editor's plain HTML post carries: `path=value` pairs in the order the page
/// has its inputs (a checkbox follows its hidden `false`), conditions as `….show_when.op`,
/// `.field` and `.value`. Type changes go first, so the settings posted with the new type
/// apply to it; settings of a type the field no longer has are skipped. Returns the values
/// that could not be taken (numbers that are not numbers), by path.
pub fn apply_pairs(def: &mut FormDefinition, pairs: &[(String, String)]) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let editable = |k: &str| k.starts_with("title.") || k.starts_with("sections.") || k.starts_with("checks.");
    for (k, v) in pairs.iter().filter(|(k, _)| editable(k) && k.ends_with(".type")) {
        if let Err(code) = set(def, k, v) {
            errors.push(k, code);
        }
    }
    let mut conditions: Vec<(String, SimpleCondition)> = Vec::new();
    for (k, v) in pairs.iter().filter(|(k, _)| editable(k) && !k.ends_with(".type")) {
        if let Some((at, part)) = k.rsplit_once(".show_when.") {
            let i = match conditions.iter().position(|(a, _)| a == at) {
                Some(i) => i,
                None => {
                    conditions.push((at.to_owned(), SimpleCondition::default()));
                    conditions.len() - 1
                }
            };
            let c = &mut conditions[i].1;
            match part {
                "op" => c.op = v.clone(),
                "field" => c.field = v.clone(),
                "value" => c.value = v.clone(),
                _ => {}
            }
            continue;
        }
        match set(def, k, v) {
            Ok(()) | Err("not_found") => {}
            Err(code) => errors.push(k, code),
        }
    }
    for (path, c) in conditions {
        if let Some((at, rest)) = At::parse(&path) {
            if rest.is_empty() {
                let _ = set_condition(def, at, &c);
            }
        }
    }
    errors
}

/// The choices an editor offers for "show when": every field of the form a condition can read
/// from this place (top-level fields, and the same group's sub-fields), with its key.
pub fn condition_fields(def: &FormDefinition, at: At) -> Vec<(String, Label)> {
    let mut out: Vec<(String, Label)> = Vec::new();
    if let At::Sub(s, f, _) = at {
        if let Some(FieldKind::Group { fields, .. }) = field_at(def, At::Field(s, f)).map(|g| &g.kind) {
            out.extend(fields.iter().map(|f| (f.key.clone(), f.label.clone())));
        }
    }
    out.extend(
        def.fields().filter(|f| !matches!(f.kind, FieldKind::Group { .. })).map(|f| (f.key.clone(), f.label.clone())),
    );
    let own = field_at(def, at).map(|f| f.key.clone());
    out.retain(|(k, _)| Some(k) != own.as_ref());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::check_definition;
    use crate::domain::form::standard;

    fn def() -> FormDefinition {
        standard::definition(crate::domain::form::StandardForm::SocialInquiry)
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn paths_read_and_write_back() {
        for path in [
            "sections.2",
            "sections.0.fields.3",
            "sections.1.fields.0.kind.fields.4",
            "sections.1.fields.0.kind.options.2",
            "sections.1.fields.0.kind.fields.4.kind.options.0",
            "checks.3",
        ] {
            let (at, rest) = At::parse(path).unwrap();
            assert!(rest.is_empty(), "{path}");
            assert_eq!(at.path(), path);
        }
        let (at, rest) = At::parse("sections.0.fields.3.label.ro").unwrap();
        assert_eq!((at, rest), (At::Field(0, 3), vec!["label", "ro"]));
        assert_eq!(At::parse("sections.0.title.en").unwrap(), (At::Section(0), vec!["title", "en"]));
        assert!(At::parse("answers.0").is_none());
        assert!(At::parse("sections.x").is_none());
        for raw in ["add_section", "add_field:sections.1", "remove:sections.0.fields.2", "down:checks.0"] {
            assert_eq!(Step::parse(raw).unwrap().code(), raw);
        }
        for raw in ["delete:sections.0", "remove:sections.0.key", "up:", "remove:../x"] {
            assert_eq!(Step::parse(raw), None, "{raw}");
        }
    }

    #[test]
    fn steps_add_remove_and_move() {
        let mut d = def();
        let before = d.sections.len();
        apply(&mut d, &Step::AddSection).unwrap();
        assert_eq!(d.sections.len(), before + 1);
        let new = d.sections.last().unwrap();
        assert!(new.key.starts_with("section_") && new.fields.len() == 1);
        // A new part has fresh keys and no labels: it can be saved, not published, until labelled.
        let errors = check_definition(&d);
        assert_eq!(errors.for_field(&format!("sections.{before}.title.en")), Some("label_missing"));
        assert_eq!(errors.for_field(&format!("sections.{before}.fields.0.label.ro")), Some("label_missing"));
        assert!(!errors.0.iter().any(|e| e.code == "key_duplicate"));

        let first = d.sections[0].fields[0].key.clone();
        let second = d.sections[0].fields[1].key.clone();
        apply(&mut d, &Step::Down(At::Field(0, 0))).unwrap();
        assert_eq!((d.sections[0].fields[0].key.as_str(), d.sections[0].fields[1].key.as_str()), (&*second, &*first));
        // The first up is no move and no error; a part that is not there is.
        apply(&mut d, &Step::Up(At::Field(0, 1))).unwrap();
        apply(&mut d, &Step::Up(At::Field(0, 0))).unwrap();
        assert_eq!(d.sections[0].fields[0].key, first);
        assert_eq!(apply(&mut d, &Step::Remove(At::Field(0, 99))), Err("not_found"));
        assert_eq!(apply(&mut d, &Step::Up(At::Section(99))), Err("not_found"));
        let n = d.sections[0].fields.len();
        apply(&mut d, &Step::Remove(At::Field(0, 0))).unwrap();
        assert_eq!(d.sections[0].fields.len(), n - 1);
        assert!(d.field(&first).is_none());
        apply(&mut d, &Step::AddField(At::Section(0))).unwrap();
        assert_eq!(d.sections[0].fields.len(), n);
    }

    #[test]
    fn types_options_and_groups() {
        let mut d = def();
        apply(&mut d, &Step::AddField(At::Section(0))).unwrap();
        let f = d.sections[0].fields.len() - 1;
        let at = format!("sections.0.fields.{f}");
        set(&mut d, &format!("{at}.type"), "choice").unwrap();
        apply(&mut d, &Step::AddOption(At::Field(0, f))).unwrap();
        set(&mut d, &format!("{at}.kind.options.2.code"), "often").unwrap();
        set(&mut d, &format!("{at}.kind.options.2.label.ro"), " Des ").unwrap();
        let FieldKind::Choice { options: Choices::Inline(o), .. } = &d.sections[0].fields[f].kind else { panic!() };
        assert_eq!((o.len(), o[2].code.as_str(), o[2].label.get("ro")), (3, "often", "Des"));
        apply(&mut d, &Step::Up(At::Option(0, f, None, 2))).unwrap();
        apply(&mut d, &Step::Remove(At::Option(0, f, None, 0))).unwrap();
        let FieldKind::Choice { options: Choices::Inline(o), .. } = &d.sections[0].fields[f].kind else { panic!() };
        assert_eq!(o.iter().map(|o| o.code.as_str()).collect::<Vec<_>>(), ["often", "option_2"]);
        // A classifier replaces the options; back to a list starts an empty one.
        set(&mut d, &format!("{at}.kind.classifier"), "vulnerability").unwrap();
        assert!(
            matches!(&d.sections[0].fields[f].kind, FieldKind::Choice { options: Choices::Classifier(c), .. } if c == "vulnerability")
        );
        // Settings of another type are not there; a number that is none is refused.
        assert_eq!(set(&mut d, &format!("{at}.kind.min"), "3"), Err("not_found"));
        set(&mut d, &format!("{at}.type"), "number").unwrap();
        assert_eq!(set(&mut d, &format!("{at}.kind.min"), "tre"), Err("number_invalid"));
        set(&mut d, &format!("{at}.kind.min"), "1,5").unwrap();
        assert!(matches!(d.sections[0].fields[f].kind, FieldKind::Number { min: Some(m), .. } if m == 1.5));
        // A group gets a first sub-field; groups inside groups are refused.
        set(&mut d, &format!("{at}.type"), "group").unwrap();
        apply(&mut d, &Step::AddField(At::Field(0, f))).unwrap();
        assert_eq!(set(&mut d, &format!("{at}.kind.fields.1.type"), "group"), Err("group_nested"));
        set(&mut d, &format!("{at}.kind.fields.1.type"), "date").unwrap();
        let FieldKind::Group { fields, .. } = &d.sections[0].fields[f].kind else { panic!() };
        assert_eq!(fields.iter().map(|f| f.kind.code()).collect::<Vec<_>>(), ["text", "date"]);
        assert_eq!(set(&mut d, &format!("{at}.type"), "slider"), Err("invalid_choice"));
    }

    #[test]
    fn conditions_round_trip() {
        let cases = [
            SimpleCondition { op: "equals".into(), field: "a".into(), value: "yes".into() },
            SimpleCondition { op: "not_equals".into(), field: "a".into(), value: "no".into() },
            SimpleCondition { op: "any_of".into(), field: "a".into(), value: "x, y".into() },
            SimpleCondition { op: "answered".into(), field: "a".into(), value: String::new() },
            SimpleCondition { op: "not_answered".into(), field: "a".into(), value: String::new() },
        ];
        for c in cases {
            let cond = c.to_condition(None);
            assert_eq!(SimpleCondition::of(cond.as_ref()), c);
        }
        assert_eq!(SimpleCondition::default().to_condition(None), None);
        // A combination the editor cannot show is kept while its op stays `complex`.
        let all = Condition::All(vec![Condition::Answered { field: "a".into() }]);
        let shown = SimpleCondition::of(Some(&all));
        assert_eq!(shown.op, "complex");
        assert_eq!(shown.to_condition(Some(&all)), Some(all));
    }

    #[test]
    fn a_plain_post_applies_in_order() {
        let mut d = def();
        apply(&mut d, &Step::AddField(At::Section(0))).unwrap();
        let f = d.sections[0].fields.len() - 1;
        let at = |s: &str| format!("sections.0.fields.{f}.{s}");
        let list = [
            (at("label.en"), "Pets".to_owned()),
            (at("required"), "false".to_owned()),
            (at("required"), "true".to_owned()),
            (at("kind.max_len"), "40".to_owned()),
            (at("kind.min"), "7".to_owned()),
            // The type is applied first, so the number's setting above takes.
            (at("type"), "number".to_owned()),
            (at("show_when.op"), "equals".to_owned()),
            (at("show_when.field"), d.sections[0].fields[0].key.clone()),
            (at("show_when.value"), "yes".to_owned()),
            ("title.ro".to_owned(), "Ancheta".to_owned()),
            (at("kind.max"), "many".to_owned()),
            ("answers.x".to_owned(), "ignored".to_owned()),
        ];
        let errors = apply_pairs(&mut d, &list);
        assert_eq!(errors.0.len(), 1);
        assert_eq!(errors.for_field(&at("kind.max")), Some("number_invalid"));
        let field = &d.sections[0].fields[f];
        assert_eq!((field.label.get("en"), field.required), ("Pets", true));
        assert!(matches!(field.kind, FieldKind::Number { min: Some(m), max: None, .. } if m == 7.0));
        assert!(matches!(&field.show_when, Some(Condition::Equals { value, .. }) if value == "yes"));
        assert_eq!(d.title.get("ro"), "Ancheta");
        let unchecked = pairs(&[(&at("required"), "false")]);
        apply_pairs(&mut d, &unchecked);
        assert!(!d.sections[0].fields[f].required);
    }

    #[test]
    fn condition_choices_leave_out_the_field_itself_and_groups() {
        let d = standard::definition(crate::domain::form::StandardForm::AssistancePlan);
        let (s, f) = d
            .sections
            .iter()
            .enumerate()
            .find_map(|(s, sec)| {
                sec.fields.iter().position(|x| matches!(x.kind, FieldKind::Group { .. })).map(|f| (s, f))
            })
            .expect("the plan has a group");
        let sub = condition_fields(&d, At::Sub(s, f, 0));
        let FieldKind::Group { fields, .. } = &d.sections[s].fields[f].kind else { panic!() };
        assert!(!sub.iter().any(|(k, _)| *k == fields[0].key));
        assert!(sub.iter().any(|(k, _)| fields.get(1).is_some_and(|g| *k == g.key)));
        assert!(!sub.iter().any(|(k, _)| *k == d.sections[s].fields[f].key));
    }
}
