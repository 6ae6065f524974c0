//! The settings of a field that depend on its kind: text format and length, number bounds, date
//! limits, choices, rows of a group, files.

use super::*;

pub(super) fn opt_text<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The settings that come with a question's type.
pub(super) fn kind_settings(ed: Ed, def: &FormDefinition, at: At, f: &Field) -> AnyView {
    let l = use_language().get_untracked();
    let path = at.path();
    let k = |s: &str| format!("{path}.kind.{s}");
    let t = |key: K| key.text(l).to_owned();
    match &f.kind {
        FieldKind::Text { format, max_len } => {
            let formats = [("plain", K::FormatPlain), ("phone", K::Phone), ("email", K::Email)]
                .into_iter()
                .map(|(c, key)| (c.to_owned(), key.text(l).to_owned()))
                .collect();
            let current = match format {
                TextFormat::Plain => "plain",
                TextFormat::Phone => "phone",
                TextFormat::Email => "email",
            };
            view! {
                <div class="grid gap-3 md:grid-cols-3">
                    {select_input(ed, k("format"), t(K::FormatWord), formats, current.to_owned(), false)}
                    {text_input(ed, k("max_len"), t(K::MaxLen), opt_text(*max_len), Some("numeric"))}
                </div>
            }
            .into_any()
        }
        FieldKind::LongText { max_len } => view! {
            <div class="grid gap-3 md:grid-cols-3">
                {text_input(ed, k("max_len"), t(K::MaxLen), opt_text(*max_len), Some("numeric"))}
            </div>
        }
        .into_any(),
        FieldKind::Number { min, max, decimals } => view! {
            <div class="grid gap-3 md:grid-cols-3">
                {text_input(ed, k("min"), t(K::MinWord), opt_text(*min), Some("decimal"))}
                {text_input(ed, k("max"), t(K::MaxWord), opt_text(*max), Some("decimal"))}
                {text_input(ed, k("decimals"), t(K::DecimalsWord), decimals.to_string(), Some("numeric"))}
            </div>
            {error_line(ed, format!("{path}.kind"))}
        }
        .into_any(),
        FieldKind::Choice { multiple, options } => {
            let sources = std::iter::once((String::new(), t(K::OptionsListed)))
                .chain(crate::domain::classifier::KINDS.iter().map(|c| {
                    (
                        (*c).to_owned(),
                        format!("{}: {}", t(K::Classifier), crate::ui::pages::admin_classifiers::kind_label(c).text(l)),
                    )
                }))
                .collect();
            let (source, list) = match options {
                Choices::Inline(o) => (String::new(), Some(o.clone())),
                Choices::Classifier(c) => (c.clone(), None),
            };
            let list = list.map(|o| {
                let rows = o
                    .iter()
                    .enumerate()
                    .map(|(oi, opt)| {
                        let (s, fi, sub) = match at {
                            At::Field(s, fi) => (s, fi, None),
                            At::Sub(s, fi, k) => (s, fi, Some(k)),
                            _ => (0, 0, None),
                        };
                        let oat = At::Option(s, fi, sub, oi);
                        let opath = oat.path();
                        let oname = name_of(&opt.label, &opt.code, l);
                        view! {
                            <li
                                id=id_of(&opath)
                                class="flex flex-col gap-2 rounded-md bg-stone-50 p-2"
                                data-testid="option-editor"
                            >
                                <div class="flex flex-wrap items-end justify-between gap-2">
                                    <div class="min-w-40 flex-1">
                                        {text_input(ed, format!("{opath}.code"), t(K::Code), opt.code.clone(), None)}
                                    </div>
                                    {move_buttons(ed, oat, oname)}
                                </div>
                                {label_inputs(ed, format!("{opath}.label"), K::OptionWord, &opt.label)}
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <fieldset class="flex flex-col gap-2">
                        <legend class="field-label">{tr(K::OptionsWord)}</legend>
                        <ol class="flex flex-col gap-2">{rows}</ol>
                        <div>
                            {step_button(
                                ed,
                                Step::AddOption(at),
                                K::AddOption,
                                "btn-secondary",
                                name_of(&f.label, &f.key, l),
                            )}
                        </div>
                    </fieldset>
                }
            });
            view! {
                <div class="grid gap-3 md:grid-cols-3">
                    {select_input(ed, k("classifier"), t(K::OptionsFrom), sources, source, true)}
                    {check_input(ed, k("multiple"), t(K::MultipleWord), *multiple)}
                </div>
                {error_line(ed, format!("{path}.kind.options"))}
                {list}
            }
            .into_any()
        }
        FieldKind::Group { fields, min_rows, max_rows } => {
            let (s, fi) = match at {
                At::Field(s, fi) => (s, fi),
                _ => (0, 0),
            };
            let subs = fields
                .iter()
                .enumerate()
                .map(|(gi, sub)| field_editor(ed, def, At::Sub(s, fi, gi), sub).into_any())
                .collect_view();
            view! {
                <div class="grid gap-3 md:grid-cols-3">
                    {text_input(ed, k("min_rows"), t(K::MinRows), min_rows.to_string(), Some("numeric"))}
                    {text_input(ed, k("max_rows"), t(K::MaxRows), opt_text(*max_rows), Some("numeric"))}
                </div>
                {error_line(ed, format!("{path}.kind"))}
                <fieldset class="flex flex-col gap-3 border-l-4 border-orange-200 pl-3">
                    <legend class="field-label">{tr(K::RowQuestions)}</legend>
                    <ol class="flex flex-col gap-3">{subs}</ol>
                    {error_line(ed, format!("{path}.kind.fields"))}
                    <div>
                        {step_button(
                            ed,
                            Step::AddField(at),
                            K::AddRowQuestion,
                            "btn-secondary",
                            name_of(&f.label, &f.key, l),
                        )}
                    </div>
                </fieldset>
            }
            .into_any()
        }
        FieldKind::Attachment { max_files } => view! {
            <div class="grid gap-3 md:grid-cols-3">
                {text_input(ed, k("max_files"), t(K::MaxFiles), opt_text(*max_files), Some("numeric"))}
            </div>
        }
        .into_any(),
        FieldKind::Date | FieldKind::YesNo | FieldKind::Person => ().into_any(),
    }
}
