//! Saved replies on a ticket's page, for support agents: a choice and an "Insert" button next
//! to the message box. In the browser the reply's text joins the draft in place, to be adapted
//! before sending. Before the WASM has loaded (or without JavaScript) the choice is a GET form to
//! the same page, `?reply=<id>&at=<version>`, and the server draws the box already holding it.

use crate::api::tickets::{SavedReplyView, TicketView};
use crate::i18n::K;
use crate::ui::tr;
use leptos::html::Textarea;
use leptos::prelude::*;

/// The id of the empty form the choice and its button belong to (through their `form`
/// attribute): it cannot sit inside the message form, the controls do.
const PICK_FORM: &str = "reply-pick";

/// The text a saved reply chosen through the address (`reply`) puts in the message box. Not when
/// the ticket has changed since the choice (`at`, its version then): that is the page a message
/// sent without JavaScript comes back to, and the reply went out with it.
pub(super) fn chosen_reply(t: &TicketView, reply: Option<&str>, at: Option<&str>) -> Option<String> {
    let replies: &[SavedReplyView] = if t.as_agent { &t.saved_replies } else { &[] };
    chosen(replies, t.version, reply, at)
}

fn chosen(replies: &[SavedReplyView], version: i64, reply: Option<&str>, at: Option<&str>) -> Option<String> {
    let id = reply?.trim().parse::<i64>().ok()?;
    if at.and_then(|v| v.trim().parse::<i64>().ok()).is_some_and(|v| v != version) {
        return None;
    }
    replies.iter().find(|r| r.id == id).map(|r| r.body.clone())
}

/// The draft with a saved reply's text added: after a blank line when something is written
/// already.
pub(super) fn with_reply(draft: &str, body: &str) -> String {
    let kept = draft.trim_end();
    if kept.trim().is_empty() {
        body.to_owned()
    } else {
        format!("{kept}\n\n{body}")
    }
}

/// The choice of saved replies for an agent: the empty form it submits (outside the message
/// form) and the controls (inside it, next to the message box). `None` for a reporter.
pub(super) fn picker(
    data: RwSignal<TicketView>,
    draft: RwSignal<String>,
    area: NodeRef<Textarea>,
    picked: Option<String>,
) -> Option<(AnyView, AnyView)> {
    let (id, replies) = data.with_untracked(|t| (t.id, t.saved_replies.clone()));
    if !data.with_untracked(|t| t.as_agent) {
        return None;
    }
    let manage = view! {
        <a
            href="/support/replies"
            class="inline-flex min-h-11 items-center self-start text-sm font-medium text-orange-900 underline underline-offset-2"
        >
            {tr(K::SrManage)}
        </a>
    };
    if replies.is_empty() {
        return Some((().into_any(), manage.into_any()));
    }
    let first = replies[0].id.to_string();
    let picked = picked.filter(|p| replies.iter().any(|r| r.id.to_string() == *p)).unwrap_or(first);
    let chosen = RwSignal::new(picked.clone());
    let inserted = RwSignal::new(false);
    let insert = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = chosen.get_untracked();
        let body =
            data.with_untracked(|t| t.saved_replies.iter().find(|r| r.id.to_string() == id).map(|r| r.body.clone()));
        if let Some(body) = body {
            draft.update(|d| *d = with_reply(d, &body));
            inserted.set(true);
            if let Some(el) = area.get_untracked() {
                let _ = el.focus();
            }
        }
    };
    let options = replies
        .into_iter()
        .map(|r| {
            let id = r.id.to_string();
            let selected = id == picked;
            view! {
                <option value=id selected=selected>
                    {r.title}
                </option>
            }
        })
        .collect_view();
    let form = view! {
        <form id=PICK_FORM method="get" action=format!("/support/{id}") on:submit=insert>
            <input type="hidden" name="at" value=move || data.with(|t| t.version) />
        </form>
    };
    // Said once the text is in the box, and gone once the box is empty again (sent).
    let said = move || (inserted.get() && !draft.with(String::is_empty)).then(tr(K::SrInserted));
    let controls = view! {
        <div class="flex flex-col gap-1" data-testid="saved-reply-picker">
            <div class="flex flex-col gap-2 sm:flex-row sm:items-end">
                <div class="field min-w-0 sm:flex-1">
                    <label for="f-reply" class="field-label">
                        {tr(K::SrReply)}
                    </label>
                    <select
                        id="f-reply"
                        name="reply"
                        form=PICK_FORM
                        class="input"
                        on:change=move |ev| chosen.set(event_target_value(&ev))
                    >
                        {options}
                    </select>
                </div>
                <button type="submit" form=PICK_FORM class="btn-secondary">
                    {tr(K::SrInsert)}
                </button>
            </div>
            {manage}
            <p role="status" class="text-sm text-stone-700">
                {said}
            </p>
        </div>
    };
    Some((form.into_any(), controls.into_any()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_joins_the_draft_after_a_blank_line() {
        assert_eq!(with_reply("", "Hello."), "Hello.");
        assert_eq!(with_reply("  \n", "Hello."), "Hello.");
        assert_eq!(with_reply("Dear Ana,\n", "Hello."), "Dear Ana,\n\nHello.");
        assert_eq!(with_reply("Dear Ana,", "Hello."), "Dear Ana,\n\nHello.");
    }

    #[test]
    fn the_address_fills_the_box_only_while_the_ticket_is_unchanged() {
        let replies =
            [SavedReplyView { id: 7, title: "Reset".into(), body: "Try again.".into(), offered: false, version: 1 }];
        assert_eq!(chosen(&replies, 4, Some("7"), None).as_deref(), Some("Try again."));
        assert_eq!(chosen(&replies, 4, Some(" 7 "), Some("4")).as_deref(), Some("Try again."));
        // The ticket moved on since the choice: the reply went out with a message.
        assert_eq!(chosen(&replies, 4, Some("7"), Some("3")), None);
        assert_eq!(chosen(&replies, 4, Some("8"), None), None);
        assert_eq!(chosen(&replies, 4, Some("x"), None), None);
        assert_eq!(chosen(&replies, 4, None, None), None);
        // A reporter has no saved replies.
        assert_eq!(chosen(&[], 4, Some("7"), None), None);
    }
}
