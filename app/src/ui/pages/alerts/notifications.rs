//! A user's notifications, newest first: unread only or all, of one kind, a page at a time.
//! Opening one marks it read and leads to its case or ticket; "mark all read" clears the bell.

use super::kind_label;
use crate::api::alerts::{list_notifications, NotificationPageView, NotificationView, ReadAllNotifications};
use crate::api::MeView;
use crate::domain::deadlines::NotificationKind;
use crate::i18n::K;
use crate::ui::components::form::{action_error, ErrorBanner, Notice};
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The text of a notification kind, the ticket kinds included.
fn label(kind: &str) -> K {
    match kind {
        "ticket_replied" => K::NkTicketReplied,
        "ticket_waiting" => K::NkTicketWaiting,
        "ticket_resolved" => K::NkTicketResolved,
        "ticket_message" => K::NkTicketMessage,
        "ticket_assigned" => K::NkTicketAssigned,
        "ticket_soon" => K::NkTicketSoon,
        "ticket_breached" => K::NkTicketBreached,
        _ => kind_label(kind),
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavNotifications) />
        <Protected children=|_me: MeView| view! { <Notifications /> } />
    }
}

#[component]
fn Notifications() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &'static str| query.with(|q| q.get(k)).filter(|s| !s.is_empty());
    let page = Resource::new(
        move || (param("show"), param("kind"), param("before")),
        |(show, kind, before)| {
            list_notifications(Some(show.as_deref() != Some("all")), kind, before.and_then(|b| b.parse().ok()))
        },
    );
    let read_all = ServerAction::<ReadAllNotifications>::new();
    let kinds = NotificationKind::ALL
        .iter()
        .filter(|k| {
            !matches!(
                k,
                NotificationKind::DueSoon
                    | NotificationKind::DueToday
                    | NotificationKind::Overdue
                    | NotificationKind::Escalated
            )
        })
        .map(|k| {
            let code = k.as_str();
            view! {
                <option value=code selected=move || param("kind").as_deref() == Some(code)>
                    {tr(label(code))}
                </option>
            }
        })
        .collect_view();
    view! {
        <h1 class="mb-4 text-2xl font-bold">{tr(K::NavNotifications)}</h1>
        {move || query.with(|q| q.get("read").is_some()).then(|| view! { <Notice text=K::AllMarkedRead /> })}
        <ErrorBanner error=action_error(read_all.value()) />
        <form method="get" action="/notifications" class="mb-4 flex flex-wrap items-end gap-3">
            <label class="flex flex-col gap-1">
                <span class="text-sm font-medium">{tr(K::Show)}</span>
                <select name="show" class="input min-h-11">
                    <option value="unread" selected=move || param("show").as_deref() != Some("all")>
                        {tr(K::UnreadOnly)}
                    </option>
                    <option value="all" selected=move || param("show").as_deref() == Some("all")>
                        {tr(K::AllNotifications)}
                    </option>
                </select>
            </label>
            <label class="flex flex-col gap-1">
                <span class="text-sm font-medium">{tr(K::Kind)}</span>
                <select name="kind" class="input min-h-11">
                    <option value="">{tr(K::AnyKind)}</option>
                    <option value="alerts" selected=move || param("kind").as_deref() == Some("alerts")>
                        {tr(K::KindAlerts)}
                    </option>
                    {kinds}
                </select>
            </label>
            <button type="submit" class="btn-secondary">
                {tr(K::Filter)}
            </button>
        </form>
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                page.get()
                    .map(|r| match r {
                        Ok(p) => view! { <List p read_all /> }.into_any(),
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn List(p: NotificationPageView, read_all: ServerAction<ReadAllNotifications>) -> impl IntoView {
    let query = use_query_map();
    let newest = p.items.first().map(|n| n.id);
    let older = p.next_before.map(|b| {
        let q = query.get();
        let mut parts: Vec<String> = ["show", "kind"]
            .iter()
            .filter_map(|k| q.get(k).filter(|v| !v.is_empty()).map(|v| format!("{k}={v}")))
            .collect();
        parts.push(format!("before={b}"));
        format!("/notifications?{}", parts.join("&"))
    });
    let empty = p.items.is_empty();
    let items = p.items.into_iter().map(|n| view! { <Item n /> }).collect_view();
    view! {
        <div class="mb-3 flex flex-wrap items-center justify-between gap-2">
            <p class="text-stone-700" data-testid="unread-total">
                {tr(K::NotificationsUnread)}
                ": "
                {p.unread}
            </p>
            {(p.unread > 0)
                .then(|| {
                    newest
                        .map(|up_to| {
                            view! {
                                <ActionForm action=read_all>
                                    <input type="hidden" name="up_to" value=up_to />
                                    <button type="submit" class="btn-secondary">
                                        {tr(K::MarkAllRead)}
                                    </button>
                                </ActionForm>
                            }
                        })
                })}
        </div>
        {empty.then(|| view! { <p class="text-stone-600">{tr(K::NoNotifications)}</p> })}
        <ul class="flex flex-col gap-2" data-testid="notifications">
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
fn Item(n: NotificationView) -> impl IntoView {
    let unread = !n.read;
    let what = label(&n.kind);
    let step = n.detail.clone().and_then(|d| crate::ui::components::labels::step_label(&d));
    // A ticket's notification names the ticket; the others, their case.
    let about = n.ticket_number.clone().or_else(|| n.case_number.clone());
    view! {
        // A link (it leads somewhere): the server marks it read on the way.
        <li>
            <a
                href=format!("/notifications/{}", n.id)
                rel="external"
                class="card flex min-h-11 w-full flex-col items-start gap-1 text-left hover:bg-orange-50"
                class:border-l-4=unread
                class:border-l-orange-700=unread
                data-testid="notification"
            >
                <span class="flex w-full flex-wrap items-baseline justify-between gap-2">
                    <span class="font-semibold" class:font-normal=!unread>
                        {tr(what)}
                    </span>
                    <span class="text-sm text-stone-600">{n.created_at.clone()}</span>
                </span>
                <span class="text-sm text-stone-700">
                    {about}
                    {step
                        .map(|k| {
                            view! {
                                " · "
                                {tr(k)}
                            }
                        })}
                    {n
                        .actor_name
                        .clone()
                        .map(|a| {
                            view! {
                                " · "
                                {a}
                            }
                        })} {unread.then(|| view! { <span class="sr-only">" · "{tr(K::Unread)}</span> })}
                </span>
            </a>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_text() {
        let texts: std::collections::HashSet<K> = NotificationKind::ALL.iter().map(|k| label(k.as_str())).collect();
        assert_eq!(texts.len(), NotificationKind::ALL.len());
    }
}
