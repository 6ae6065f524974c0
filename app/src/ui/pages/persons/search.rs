//! Finding a person: by IDNP or provisional id, by name (any order, with or
//! without diacritics), by birth date; paginated.

use crate::api::persons::{search_persons, PersonPageView};
use crate::api::territories::list_territories;
use crate::api::MeView;
use crate::domain::url::query_value;
use crate::domain::Permission;
use crate::i18n::K;
use crate::ui::components::form::{ErrorBanner, Select};
use crate::ui::components::layout::Protected;
use crate::ui::pages::persons::form::territory_options;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PersonSearchPage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavPersons) />
        <Protected children=|me: MeView| view! { <PersonSearch me /> } />
    }
}

#[component]
fn PersonSearch(me: MeView) -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &'static str| query.with(|q| q.get(k)).filter(|s| !s.is_empty());
    let page = Resource::new(
        move || (param("q"), param("birth_date"), param("territory_id"), param("after")),
        |(q, b, t, a)| search_persons(q, b, t.and_then(|t| t.parse().ok()), a),
    );
    let territories = Resource::new(|| (), |_| list_territories());
    let may_register = me.roles.allows(Permission::RegisterPersons);
    view! {
        <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold">{tr(K::NavPersons)}</h1>
            {may_register
                .then(|| {
                    view! {
                        <a href="/persons/new" class="btn-primary">
                            {tr(K::RegisterPerson)}
                        </a>
                    }
                })}
        </div>
        <Form
            method="GET"
            action=""
            attr:class="card mb-4 grid gap-3 md:grid-cols-[2fr_1fr_1fr_auto] md:items-end"
            attr:role="search"
        >
            <div class="field">
                <label for="f-q" class="field-label">
                    {tr(K::SearchPersons)}
                </label>
                <input id="f-q" name="q" type="search" class="input" value=move || param("q") autocomplete="off" />
                <p class="field-hint">{tr(K::SearchHint)}</p>
            </div>
            <div class="field">
                <label for="f-birth" class="field-label">
                    {tr(K::BirthDate)}
                </label>
                <input id="f-birth" name="birth_date" type="date" class="input" value=move || param("birth_date") />
            </div>
            <Suspense fallback=|| ()>
                {move || {
                    territories
                        .get()
                        .map(|r| {
                            let opts = territory_options(&r.unwrap_or_default());
                            view! {
                                <Select
                                    label=K::Territory
                                    name="territory_id"
                                    options=opts
                                    selected=param("territory_id").unwrap_or_default()
                                    empty=K::Any
                                    error=Signal::stored(None::<String>)
                                />
                            }
                        })
                }}
            </Suspense>
            <button type="submit" class="btn-secondary md:mb-6">
                {tr(K::Search)}
            </button>
        </Form>
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                page.get()
                    .map(|r| match r {
                        Ok(p) => {
                            view! {
                                <PersonList
                                    page=p
                                    q=param("q")
                                    birth=param("birth_date")
                                    territory=param("territory_id")
                                />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn PersonList(
    page: PersonPageView,
    q: Option<String>,
    birth: Option<String>,
    territory: Option<String>,
) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="card text-stone-600">{tr(K::NoResults)}</p> }.into_any();
    }
    let next = page.next_after.map(|a| {
        let mut href = String::from("/persons?");
        if let Some(q) = &q {
            href.push_str(&format!("q={}&", query_value(q)));
        }
        if let Some(b) = &birth {
            href.push_str(&format!("birth_date={}&", query_value(b)));
        }
        if let Some(t) = &territory {
            href.push_str(&format!("territory_id={}&", query_value(t)));
        }
        href.push_str(&format!("after={}", query_value(&a)));
        href
    });
    let rows = page
        .items
        .into_iter()
        .map(|p| {
            let href = format!("/persons/{}", p.id);
            view! {
                <li class="card flex flex-col gap-1 md:grid md:grid-cols-[2fr_1fr_1fr_1.5fr] md:items-center md:gap-4 md:rounded-none md:border-0 md:border-b md:shadow-none">
                    <a
                        href=href
                        class="min-h-11 py-2 font-medium text-orange-900 underline-offset-2 hover:underline md:min-h-0 md:py-0"
                    >
                        {format!("{} {}", p.last_name, p.first_name)}
                    </a>
                    <span class="font-mono text-sm">{p.key}</span>
                    <span class="text-sm">{p.birth_date}</span>
                    <span class="text-sm text-stone-600">
                        {p.territory_name}
                        {p.archived.then(|| view! { <span class="chip ml-2">{tr(K::Archived)}</span> })}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul
            class="flex flex-col gap-2 md:gap-0 md:rounded-lg md:border md:border-stone-200 md:bg-white"
            data-testid="person-list"
        >
            {rows}
        </ul>
        {next
            .map(|href| {
                view! {
                    <a href=href class="btn-secondary mt-4">
                        {tr(K::NextPage)}
                    </a>
                }
            })}
    }
    .into_any()
}
