//! "My tickets": what the user asked support, newest first, a page at a time (`?offset=`).

use super::status_chip;
use crate::api::tickets::{my_tickets, TicketPageView, TicketSummaryView};
use crate::api::MeView;
use crate::i18n::K;
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MyTicketsPage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavMyTickets) />
        <Protected children=|_me: MeView| view! { <MyTickets /> } />
    }
}

#[component]
fn MyTickets() -> impl IntoView {
    let query = use_query_map();
    let offset = move || query.with(|q| q.get("offset")).and_then(|o| o.parse::<i64>().ok());
    let page = Resource::new(offset, my_tickets);
    view! {
        <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold">{tr(K::NavMyTickets)}</h1>
            <a href="/support/new?page=/support" class="btn-primary">
                {tr(K::TkNew)}
            </a>
        </div>
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                page.get()
                    .map(|r| match r {
                        Ok(p) => view! { <List p /> }.into_any(),
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn List(p: TicketPageView) -> impl IntoView {
    let empty = p.items.is_empty();
    let older = p.next_offset.map(|o| format!("/support?offset={o}"));
    let items = p.items.into_iter().map(|t| view! { <Item t /> }).collect_view();
    view! {
        {empty.then(|| view! { <p class="card text-stone-600">{tr(K::TkNoOwnTickets)}</p> })}
        <ul class="flex flex-col gap-2" data-testid="my-tickets">
            {items}
        </ul>
        {older
            .map(|href| {
                view! {
                    <a href=href class="btn-secondary mt-4 inline-flex">
                        {tr(K::Older)}
                    </a>
                }
            })}
    }
}

#[component]
fn Item(t: TicketSummaryView) -> impl IntoView {
    view! {
        <li>
            <a
                href=format!("/support/{}", t.id)
                class="card flex min-h-11 flex-col gap-1 hover:border-orange-800 focus-visible:border-orange-800"
                data-testid="ticket"
            >
                <span class="flex flex-wrap items-center justify-between gap-2">
                    <span class="font-mono text-sm">{t.number.clone()}</span>
                    {status_chip(&t.status)}
                </span>
                <span class="break-words font-semibold">{t.subject.clone()}</span>
                <span class="text-sm text-stone-600">
                    {t.category_name.clone()} " · " {tr(K::TkUpdated)} " " {t.updated_at.clone()}
                </span>
            </a>
        </li>
    }
}
