//! Opening a case for a person from a referral.

use crate::api::cases::{list_assignees, OpenCase};
use crate::api::persons::get_person;
use crate::api::MeView;
use crate::domain::case::{ReferralChannel, RiskLevel};
use crate::domain::Permission;
use crate::i18n::K;
use crate::ui::components::form::{action_error, field_error, ErrorBanner, Field, Select, TextArea};
use crate::ui::components::labels::{channel_label, risk_label};
use crate::ui::components::layout::Protected;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OpenCasePage() -> impl IntoView {
    view! {
        <Title text=tr(K::OpenCase) />
        <Protected children=|me: MeView| view! { <OpenCaseForm me /> } />
    }
}

#[component]
fn OpenCaseForm(me: MeView) -> impl IntoView {
    let query = use_query_map();
    let person_id = move || query.with(|q| q.get("person")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let action = ServerAction::<OpenCase>::new();
    let value = action.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let person = Resource::new(person_id, |id| get_person(id, None));
    let supervisor = me.roles.allows(Permission::SuperviseCases);
    let assignees = Resource::new(
        move || supervisor,
        |s| async move {
            if s {
                list_assignees(None).await
            } else {
                Ok(Vec::new())
            }
        },
    );
    let today = me.today.to_string();
    let channels: Vec<(String, String)> =
        ReferralChannel::ALL.iter().map(|c| (c.as_str().to_owned(), tr(channel_label(*c))().to_owned())).collect();
    let risks: Vec<(String, String)> =
        RiskLevel::ALL.iter().map(|r| (r.as_str().to_owned(), tr(risk_label(r.as_str()))().to_owned())).collect();
    view! {
        <h1 class="mb-4 text-2xl font-bold">{tr(K::OpenCase)}</h1>
        <section class="card max-w-3xl">
            <ErrorBanner error=Signal::derive(move || { action_error(value).get() }) />
            <Suspense fallback=|| {
                view! { <p>"…"</p> }
            }>
                {move || match (person.get(), assignees.get()) {
                    (Some(Ok(p)), Some(Ok(a))) => {
                        let managers: Vec<(String, String)> = a
                            .iter()
                            .map(|u| (u.id.to_string(), format!("{} · {}", u.name, u.territory_name)))
                            .collect();
                        let (channels, risks, today) = (channels.clone(), risks.clone(), today.clone());
                        view! {
                            <p class="mb-4">
                                <span class="text-stone-600">{tr(K::Beneficiary)}": "</span>
                                <a href=format!("/persons/{}", p.person.id) class="font-medium text-orange-900">
                                    {format!("{} {}", p.person.last_name, p.person.first_name)}
                                </a>
                            </p>
                            <ActionForm action=action attr:class="grid gap-4 md:grid-cols-2" attr:novalidate=true>
                                <input type="hidden" name="input[person_id]" value=p.person.id />
                                <Field
                                    label=K::ReporterName
                                    name="input[reporter_name]"
                                    required=true
                                    error=err("reporter_name")
                                />
                                <Field
                                    label=K::ReporterContact
                                    name="input[reporter_contact]"
                                    error=err("reporter_contact")
                                />
                                <Select
                                    label=K::Channel
                                    name="input[channel]"
                                    options=channels
                                    required=true
                                    error=err("channel")
                                />
                                <Field
                                    label=K::ReceivedOn
                                    name="input[received_on]"
                                    kind="date"
                                    value=today
                                    required=true
                                    error=err("received_on")
                                />
                                <Select
                                    label=K::RiskLevel
                                    name="input[risk_level]"
                                    options=risks
                                    selected="medium"
                                    required=true
                                    error=err("risk_level")
                                />
                                {supervisor
                                    .then(|| {
                                        view! {
                                            <Select
                                                label=K::CaseManager
                                                name="manager_id"
                                                options=managers
                                                empty=K::LeaveUnassigned
                                                error=err("manager_id")
                                            />
                                        }
                                    })}
                                <div class="md:col-span-2">
                                    <TextArea
                                        label=K::Concern
                                        name="input[concern]"
                                        rows=4
                                        required=true
                                        error=err("concern")
                                    />
                                </div>
                                <div class="md:col-span-2">
                                    <button type="submit" class="btn-primary">
                                        {tr(K::OpenCase)}
                                    </button>
                                </div>
                            </ActionForm>
                        }
                            .into_any()
                    }
                    (Some(Err(e)), _) | (_, Some(Err(e))) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                    _ => view! { <p>"…"</p> }.into_any(),
                }}
            </Suspense>
        </section>
    }
}
