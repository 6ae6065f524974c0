//! Editing a person. The save names the version it was based on; a stale
//! save is refused with who changed what, and what was typed stays on the page.

use super::form::{load_choices, PersonFields, Probe};
use crate::api::persons::{get_person, UpdatePerson};
use crate::api::MeView;
use crate::i18n::K;
use crate::ui::components::form::{action_error, field_error, ErrorBanner};
use crate::ui::components::layout::Protected;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn EditPersonPage() -> impl IntoView {
    view! {
        <Title text=tr(K::EditPerson) />
        <Protected children=|_me: MeView| view! { <EditPerson /> } />
    }
}

#[component]
fn EditPerson() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let action = ServerAction::<UpdatePerson>::new();
    let value = action.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let person = Resource::new(id, |id| get_person(id, None));
    let choices = Resource::new(|| (), |_| load_choices());
    view! {
        <h1 class="mb-4 text-2xl font-bold">{tr(K::EditPerson)}</h1>
        <section class="card max-w-4xl">
            <ErrorBanner error=Signal::derive(move || { action_error(value).get() }) />
            <Suspense fallback=|| {
                view! { <p>"…"</p> }
            }>
                {move || match (person.get(), choices.get()) {
                    (Some(Ok(p)), Some(Ok(c))) => {
                        let input = p.person.to_input();
                        let probe = Probe::new_for(&input);
                        view! {
                            <ActionForm action=action attr:class="grid gap-4 md:grid-cols-2" attr:novalidate=true>
                                <input type="hidden" name="id" value=p.person.id />
                                <input type="hidden" name="version" value=p.person.version />
                                <PersonFields input choices=c err probe />
                                <div class="flex gap-2 md:col-span-2">
                                    <button type="submit" class="btn-primary">
                                        {tr(K::Save)}
                                    </button>
                                    <a href=format!("/persons/{}", p.person.id) class="btn-secondary">
                                        {tr(K::Details)}
                                    </a>
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
