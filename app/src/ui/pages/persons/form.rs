//! The person form (registration and editing) and the registration page,
//! with the IDNP checked as it is typed and near matches shown before a
//! duplicate is made.

use crate::api::persons::{check_person, list_classifier, CandidateView, ClassifierOptionView, RegisterPerson};
use crate::api::territories::{list_territories, TerritoryOptionView};
use crate::api::MeView;
use crate::domain::idnp::{idnp_hint, Idnp};
use crate::domain::person::{DisabilityDegree, PersonInput, Sex};
use crate::domain::AppError;
use crate::i18n::K;
use crate::ui::components::form::{action_error, field_error, posted_value, ErrorBanner, Field, Select, TextArea};
use crate::ui::components::labels::{birth_match_label, degree_label, name_match_label, sex_label};
use crate::ui::components::layout::Protected;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;

/// The classifiers and territories a person form offers.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Choices {
    pub territories: Vec<TerritoryOptionView>,
    pub vulnerabilities: Vec<ClassifierOptionView>,
    pub limitations: Vec<ClassifierOptionView>,
    pub documents: Vec<ClassifierOptionView>,
}

/// Loads everything a person form offers to choose from.
pub async fn load_choices() -> Result<Choices, AppError> {
    Ok(Choices {
        territories: list_territories().await?,
        vulnerabilities: list_classifier("vulnerability".into()).await?,
        limitations: list_classifier("disability_limitation".into()).await?,
        documents: list_classifier("document_type".into()).await?,
    })
}

pub fn territory_options(t: &[TerritoryOptionView]) -> Vec<(String, String)> {
    t.iter()
        .map(|t| (t.id.to_string(), format!("{}{}", "\u{a0}\u{a0}".repeat(t.depth.saturating_sub(1)), t.name)))
        .collect()
}

fn classifier_options(c: &[ClassifierOptionView]) -> Vec<(String, String)> {
    c.iter().map(|o| (o.code.clone(), o.name.clone())).collect()
}

fn idnp_check(v: &str) -> Result<(), crate::domain::FieldError> {
    Idnp::parse(v).map(|_| ())
}

/// The values the duplicate check looks at, as they are typed.
#[derive(Clone, Copy)]
pub struct Probe {
    pub idnp: RwSignal<String>,
    pub last_name: RwSignal<String>,
    pub first_name: RwSignal<String>,
    pub birth_date: RwSignal<String>,
}

impl Probe {
    pub fn new_for(i: &PersonInput) -> Self {
        Probe {
            idnp: RwSignal::new(i.idnp.clone()),
            last_name: RwSignal::new(i.last_name.clone()),
            first_name: RwSignal::new(i.first_name.clone()),
            birth_date: RwSignal::new(i.birth_date.clone()),
        }
    }
}

/// The fields of a person, named `input[...]` for the server function.
#[component]
pub fn PersonFields<E>(input: PersonInput, choices: Choices, err: E, probe: Probe) -> impl IntoView
where
    E: Fn(&'static str) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
{
    let sexes: Vec<(String, String)> =
        Sex::ALL.iter().map(|s| (s.as_str().to_owned(), tr(sex_label(*s))().to_owned())).collect();
    let degrees: Vec<(String, String)> =
        DisabilityDegree::ALL.iter().map(|d| (d.as_str().to_owned(), tr(degree_label(*d))().to_owned())).collect();
    let posted = crate::ui::components::form::posted_form_here();
    let vulns = choices
        .vulnerabilities
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let id = format!("f-vuln-{}", v.code);
            let name = format!("input[vulnerabilities][{i}]");
            // After a refused plain post, the boxes as they were ticked.
            let checked = match &posted {
                Some(p) => p.values.iter().any(|(k, c)| *k == name && *c == v.code),
                None => input.vulnerabilities.contains(&v.code),
            };
            view! {
                <label for=id.clone() class="check">
                    <input id=id.clone() type="checkbox" name=name value=v.code.clone() checked=checked />
                    <span>{v.name.clone()}</span>
                </label>
            }
        })
        .collect_view();
    // A fold opens by itself where it holds an answer (as saved, or as posted and refused) or an
    // error: nothing entered or wrong is ever hidden.
    let filled = |name: &str| -> bool {
        let key = format!("input[{name}]");
        match &posted {
            Some(p) => p
                .values
                .iter()
                .any(|(k, v)| (*k == key || k.starts_with(&format!("{key}["))) && !v.is_empty() && v != "none"),
            None => match name {
                "id_doc_type" => !input.id_doc_type.is_empty(),
                "id_doc_number" => !input.id_doc_number.is_empty(),
                "residence_territory_id" => !input.residence_territory_id.is_empty(),
                "residence_address" => !input.residence_address.is_empty(),
                "phone" => !input.phone.is_empty(),
                "email" => !input.email.is_empty(),
                "disability_degree" => !matches!(input.disability_degree.as_str(), "" | "none"),
                "disability_limitation" => !input.disability_limitation.is_empty(),
                "vulnerabilities" => !input.vulnerabilities.is_empty(),
                _ => false,
            },
        }
    };
    let opened = move |names: &[&'static str]| -> Signal<bool> {
        let held = names.iter().any(|n| filled(n));
        let names = names.to_vec();
        Signal::derive(move || held || names.iter().any(|n| err(n).get().is_some()))
    };
    let (doc_open, res_open, contacts_open, dis_open, vuln_open) = (
        opened(&["id_doc_type", "id_doc_number"]),
        opened(&["residence_territory_id", "residence_address"]),
        opened(&["phone", "email"]),
        opened(&["disability_degree", "disability_limitation"]),
        opened(&["vulnerabilities"]),
    );
    let lang = crate::i18n::use_language();
    let no_idnp = move || probe.idnp.with(|v| v.trim().is_empty());
    view! {
        <fieldset class="grid gap-4 md:col-span-2 md:grid-cols-2">
            <legend class="mb-2 text-lg font-semibold">{tr(K::Idnp)}</legend>
            <Field
                label=K::Idnp
                name="input[idnp]"
                value=input.idnp.clone()
                inputmode="numeric"
                autocomplete="off"
                maxlength=13
                hint=K::IdnpHint
                error=err("idnp")
                check=idnp_check
                live=idnp_hint
                bind=probe.idnp
            />
            <div class:hidden=move || !no_idnp()>
                <Field
                    label=K::NoIdnpReason
                    name="input[no_idnp_reason]"
                    value=input.no_idnp_reason.clone()
                    error=err("no_idnp_reason")
                />
            </div>
        </fieldset>
        <Field
            label=K::LastName
            name="input[last_name]"
            value=input.last_name.clone()
            required=true
            autocomplete="off"
            error=err("last_name")
            bind=probe.last_name
        />
        <Field
            label=K::FirstName
            name="input[first_name]"
            value=input.first_name.clone()
            required=true
            autocomplete="off"
            error=err("first_name")
            bind=probe.first_name
        />
        <Field
            label=K::BirthDate
            name="input[birth_date]"
            kind="date"
            value=input.birth_date.clone()
            required=true
            error=err("birth_date")
            bind=probe.birth_date
        />
        <Select
            label=K::Sex
            name="input[sex]"
            options=sexes
            selected=input.sex.clone()
            required=true
            empty=K::Choose
            error=err("sex")
        />
        <Select
            label=K::Domicile
            name="input[domicile_territory_id]"
            options=territory_options(&choices.territories)
            selected=input.domicile_territory_id.clone()
            required=true
            empty=K::Choose
            error=err("domicile_territory_id")
        />
        <Field
            label=K::DomicileAddress
            name="input[domicile_address]"
            value=input.domicile_address.clone()
            autocomplete="off"
            error=err("domicile_address")
        />
        <Fold title=K::IdDocument open=doc_open>
            <Select
                label=K::IdDocType
                name="input[id_doc_type]"
                options=classifier_options(&choices.documents)
                selected=input.id_doc_type.clone()
                empty=K::DegreeNone
                error=err("id_doc_type")
            />
            <Field
                label=K::IdDocNumber
                name="input[id_doc_number]"
                value=input.id_doc_number.clone()
                autocomplete="off"
                error=err("id_doc_number")
            />
        </Fold>
        <Fold title=K::Residence open=res_open>
            <Select
                label=K::Residence
                name="input[residence_territory_id]"
                options=territory_options(&choices.territories)
                selected=input.residence_territory_id.clone()
                empty=K::DegreeNone
                error=err("residence_territory_id")
            />
            <Field
                label=K::ResidenceAddress
                name="input[residence_address]"
                value=input.residence_address.clone()
                autocomplete="off"
                error=err("residence_address")
            />
        </Fold>
        <Fold title=K::Contacts open=contacts_open>
            <Field
                label=K::Phone
                name="input[phone]"
                kind="tel"
                inputmode="tel"
                value=input.phone.clone()
                error=err("phone")
                check=|v| crate::domain::user::parse_phone("phone", v).map(|_| ())
            />
            <Field
                label=K::Email
                name="input[email]"
                kind="email"
                value=input.email.clone()
                error=err("email")
                check=|v| crate::domain::user::parse_email("email", v).map(|_| ())
            />
        </Fold>
        <Fold title=K::Disability open=dis_open>
            <Select
                label=K::DisabilityDegree
                name="input[disability_degree]"
                options=degrees
                selected=input.disability_degree.clone()
                error=err("disability_degree")
            />
            <Select
                label=K::MainLimitation
                name="input[disability_limitation]"
                options=classifier_options(&choices.limitations)
                selected=input.disability_limitation.clone()
                empty=K::DegreeNone
                error=err("disability_limitation")
            />
        </Fold>
        <Fold title=K::Vulnerabilities open=vuln_open>
            <fieldset class="field md:col-span-2">
                <legend class="sr-only">{tr(K::Vulnerabilities)}</legend>
                <div class="grid gap-1 sm:grid-cols-2 lg:grid-cols-3">{vulns}</div>
                {move || {
                    err("vulnerabilities")
                        .get()
                        .map(|c| {
                            view! {
                                <p class="field-error" role="alert">
                                    {crate::i18n::error_text(lang.get(), &c)}
                                </p>
                            }
                        })
                }}
            </fieldset>
        </Fold>
    }
}

/// A part of the record that is often left empty, folded under its title so that the form is
/// short on a phone. A `<details>`: it opens with a tap, before the script has loaded too.
#[component]
fn Fold(title: K, open: Signal<bool>, children: Children) -> impl IntoView {
    view! {
        <details class="rounded-lg border border-stone-200 md:col-span-2" open=move || open.get() data-testid="fold">
            <summary class="flex min-h-11 cursor-pointer items-center gap-2 px-3 font-medium">
                {tr(title)} <span class="text-sm font-normal text-stone-600">{tr(K::OptionalPart)}</span>
            </summary>
            <div class="grid gap-4 px-3 pb-3 md:grid-cols-2">{children()}</div>
        </details>
    }
}

/// The registered persons who look like the one being entered, with why.
#[component]
pub fn Candidates(found: Vec<CandidateView>) -> impl IntoView {
    if found.is_empty() {
        return ().into_any();
    }
    let items = found
        .into_iter()
        .map(|c| {
            if c.elsewhere {
                let text = if c.same_idnp { K::RegisteredElsewhere } else { K::SimilarElsewhere };
                return view! {
                    <li class="border-t border-amber-200 py-2 first:border-t-0" data-testid="elsewhere">
                        {tr(text)}
                    </li>
                }
                .into_any();
            }
            let mut reasons: Vec<K> = Vec::new();
            if c.same_idnp {
                reasons.push(K::MatchSameIdnp);
            }
            reasons.extend(c.name_match.map(name_match_label));
            reasons.extend(c.birth_match.map(birth_match_label));
            let reasons =
                reasons.into_iter().map(|k| view! { <span class="chip chip-warn">{tr(k)}</span> }).collect_view();
            view! {
                <li class="flex flex-col gap-1 border-t border-amber-200 py-2 first:border-t-0">
                    <span class="font-medium">{format!("{} {}", c.last_name, c.first_name)}</span>
                    <span class="text-sm">{format!("{} · {} · {}", c.birth_date, c.key_hint, c.territory_name)}</span>
                    <span class="flex flex-wrap gap-1">{reasons}</span>
                    {match c.id {
                        Some(id) => {
                            view! {
                                <a href=format!("/persons/{id}") class="btn-secondary self-start">
                                    {tr(K::Open)}
                                </a>
                            }
                                .into_any()
                        }
                        None => {
                            view! { <span class="text-sm text-stone-600">{tr(K::OutsideYourTerritory)}</span> }
                                .into_any()
                        }
                    }}
                </li>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <section
            class="rounded-lg border border-amber-300 bg-amber-50 p-4 md:col-span-2"
            role="status"
            data-testid="duplicates"
        >
            <h2 class="font-semibold">{tr(K::PossibleDuplicates)}</h2>
            <p class="mb-2 text-sm">{tr(K::PossibleDuplicatesText)}</p>
            <ul>{items}</ul>
        </section>
    }
    .into_any()
}

#[component]
pub fn RegisterPersonPage() -> impl IntoView {
    view! {
        <Title text=tr(K::RegisterPerson) />
        <Protected children=|_me: MeView| view! { <RegisterPersonForm /> } />
    }
}

#[component]
fn RegisterPersonForm() -> impl IntoView {
    let action = ServerAction::<RegisterPerson>::new();
    let value = action.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let choices = Resource::new(|| (), |_| load_choices());
    let input = PersonInput::default();
    let probe = Probe::new_for(&input);
    // Ask the server for near matches once the identifying fields are filled.
    let key = Memo::new(move |_| {
        let (i, l, f, b) = (probe.idnp.get(), probe.last_name.get(), probe.first_name.get(), probe.birth_date.get());
        let idnp_ok = Idnp::parse(&i).is_ok();
        let names_ok = !l.trim().is_empty() && !f.trim().is_empty() && b.len() == 10;
        (idnp_ok || names_ok).then_some((i, l, f, b))
    });
    // Only the browser asks, after hydration (an effect never runs on the
    // server): the server-rendered page and its hydration both show nothing.
    let found = RwSignal::new(Vec::<CandidateView>::new());
    Effect::new(move |_| {
        let k = key.get();
        leptos::task::spawn_local(async move {
            let asked = k.clone();
            let list = match k {
                None => Vec::new(),
                Some((idnp, last_name, first_name, birth_date)) => {
                    let probe = PersonInput { idnp, last_name, first_name, birth_date, ..Default::default() };
                    check_person(probe, None).await.unwrap_or_default()
                }
            };
            // A slower answer to an older question must not replace a newer one.
            if key.get_untracked() == asked {
                found.set(list);
            }
        });
    });
    view! {
        <h1 class="mb-4 text-2xl font-bold">{tr(K::RegisterPerson)}</h1>
        <section class="card max-w-4xl">
            // A refusal's summary (every wrong field, linked) or its reason, above the form.
            <ErrorBanner error=action_error(value) />
            <Suspense fallback=|| {
                view! { <p>"…"</p> }
            }>
                {move || {
                    choices
                        .get()
                        .map(|r| match r {
                            Ok(c) => {
                                let input = input.clone();
                                view! {
                                    <ActionForm
                                        action=action
                                        attr:class="grid gap-4 md:grid-cols-2"
                                        attr:novalidate=true
                                    >
                                        <PersonFields input choices=c err probe />
                                        {move || view! { <Candidates found=found.get() /> }}
                                        // Asked only when the person looks like one registered.
                                        <div
                                            class="md:col-span-2"
                                            class:hidden=move || {
                                                found.with(Vec::is_empty) && err("distinct_note").get().is_none()
                                                    && posted_value("distinct_note").is_none_or(|v| v.is_empty())
                                            }
                                        >
                                            <TextArea
                                                label=K::DistinctNote
                                                name="distinct_note"
                                                rows=2
                                                error=err("distinct_note")
                                            />
                                        </div>
                                        <div class="md:col-span-2">
                                            <button type="submit" class="btn-primary">
                                                {tr(K::RegisterPerson)}
                                            </button>
                                        </div>
                                    </ActionForm>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}
