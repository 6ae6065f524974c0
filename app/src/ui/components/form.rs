//! Form fields with their label, hint and error, and the banner for errors
//! that concern a whole form. Errors show next to the field, in words.

use crate::domain::{AppError, FieldError, FieldErrors};
use crate::i18n::{error_text, use_language, K};
use crate::ui::tr;
use leptos::prelude::*;

/// The error code for `field` in an action's latest result, if any.
pub fn field_error<T>(value: &Option<Result<T, AppError>>, field: &str) -> Option<String> {
    match value {
        Some(Err(AppError::Invalid(errors))) => errors.for_field(field).map(str::to_owned),
        Some(Err(AppError::Conflict { field: f, code })) if f == field => Some(code.clone()),
        _ => None,
    }
}

pub use crate::api::PostedForm;

/// What was posted, if this page is the one a refused plain post came back to.
pub fn posted_form_here() -> Option<PostedForm> {
    let posted = use_context::<PostedForm>()?;
    let here = leptos_router::hooks::use_location().pathname.get_untracked();
    (!posted.path.is_empty() && posted.path == here).then_some(posted)
}

/// The value posted for `name` if this page is the one a refused plain post came back to.
pub fn posted_value(name: &str) -> Option<String> {
    posted_form_here()?.values.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

/// Makes the posted values of this request (if any) available to the inputs below, the same on
/// the server and while the browser hydrates.
pub fn provide_posted_form() {
    let posted = leptos::server::SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            use_context::<http::request::Parts>()
                .and_then(|p| p.extensions.get::<PostedForm>().cloned())
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        PostedForm::default()
    });
    provide_context(posted.into_inner());
}

/// A check run in the browser when the user leaves a field: the same rule
/// the server applies, for instant feedback.
pub type Check = fn(&str) -> Result<(), FieldError>;

/// A labelled input with its error.
#[component]
pub fn Field(
    label: K,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<K>,
    /// The server's error code for this field.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The shared rule to run on blur.
    #[prop(optional)]
    check: Option<Check>,
    /// A rule run on every keystroke: the error code once the value can no
    /// longer become valid (e.g. an IDNP with a wrong check digit).
    #[prop(optional)]
    live: Option<fn(&str) -> Option<&'static str>>,
    /// Receives the value whenever it changes.
    #[prop(optional)]
    bind: Option<RwSignal<String>>,
    #[prop(optional)] maxlength: Option<usize>,
) -> impl IntoView {
    let lang = use_language();
    let value = posted_value(name).or(value);
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let local = RwSignal::new(None::<String>);
    // Changed since the server's verdict: that verdict no longer holds (the live check, where
    // there is one, says what holds now).
    let edited = RwSignal::new(false);
    // The server's verdict replaces an earlier local one.
    Effect::new(move |_| {
        error.track();
        local.set(None);
        edited.set(false);
    });
    let shown = move || local.get().or_else(|| if edited.get() { None } else { error.get() });
    let on_blur = move |ev: leptos::ev::FocusEvent| {
        if let Some(check) = check {
            let v = event_target_value(&ev);
            local.set(if v.is_empty() { None } else { check(&v).err().map(|e| e.code) });
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        edited.set(true);
        if let Some(live) = live {
            local.set(live(&v).map(str::to_owned));
        }
        if let Some(b) = bind {
            b.set(v);
        }
    };
    let described = {
        let (err_id, hint_id) = (err_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if shown().is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id.clone() class="field-label">
                {tr(label)}
                {required
                    .then(|| {
                        view! {
                            <span class="text-red-700" aria-hidden="true">
                                " *"
                            </span>
                        }
                    })}
            </label>
            {hint
                .map(|h| {
                    view! {
                        <p id=hint_id.clone() class="field-hint">
                            {tr(h)}
                        </p>
                    }
                })}
            <input
                id=id
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                inputmode=inputmode
                required=required
                class="input"
                aria-invalid=move || shown().is_some().then_some("true")
                aria-describedby=described
                maxlength=maxlength
                on:blur=on_blur
                on:input=on_input
            />
            {move || {
                shown()
                    .map(|code| {
                        view! {
                            <p id=err_id.clone() class="field-error" role="alert">
                                {error_text(lang.get(), &code)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// The message for an error that is not about one field.
pub fn banner_text(error: &AppError) -> K {
    match error {
        AppError::Unauthenticated => K::ErrUnauthenticated,
        AppError::Forbidden => K::ErrForbidden,
        AppError::NotFound => K::ErrNotFound,
        AppError::Invalid(_) => K::ErrInvalid,
        AppError::Conflict { code, .. } if code == "read_only" => K::ErrReadOnly,
        AppError::Conflict { .. } => K::ErrConflict,
        AppError::StaleVersion { .. } => K::ErrStale,
        AppError::RateLimited { .. } => K::ErrRateLimited,
        AppError::Unavailable => K::ErrUnavailable,
        AppError::Internal { .. } => K::ErrInternal,
        AppError::Transport(_) => K::ErrTransport,
    }
}

/// A banner for a form's or page's error, with the details a user can quote.
#[component]
pub fn ErrorBanner(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            let extra = match &e {
                AppError::Internal { request_id } => Some(format!("{}: {request_id}", tr(K::RequestId)())),
                AppError::StaleVersion { changed_by, changed_at, fields } => {
                    let what = if fields.is_empty() { String::new() } else { format!(" · {}", fields.join(", ")) };
                    Some(format!("{} {changed_by} · {changed_at}{what}", tr(K::ChangedBy)()))
                }
                AppError::RateLimited { retry_after_secs } => {
                    Some(format!("{} {} min", tr(K::TryAgainIn)(), retry_after_secs.div_ceil(60)))
                }
                _ => None,
            };
            // A session that ended under a page: signing in comes back here, where what was typed
            // on this device waits.
            let sign_in = matches!(e, AppError::Unauthenticated).then(|| {
                let here = leptos_router::hooks::use_location();
                let (path, search) = (here.pathname.get_untracked(), here.search.get_untracked());
                let search = search.trim_start_matches('?');
                let back = if search.is_empty() { path } else { format!("{path}?{search}") };
                let href = format!("/sign-in?next={}", crate::domain::url::query_value(&back));
                view! {
                    <a href=href rel="external" class="btn-primary mt-2">
                        {tr(K::SignIn)}
                    </a>
                }
            });
            if let AppError::Invalid(errors) = &e {
                return view! { <ErrorSummary errors=errors.clone() /> }.into_any();
            }
            view! {
                <div role="alert" class="banner-error" data-testid="form-error">
                    <p class="font-medium">{tr(banner_text(&e))}</p>
                    {extra.map(|x| view! { <p class="mt-1 text-sm">{x}</p> })}
                    {sign_in}
                </div>
            }
            .into_any()
        })
    }
}

/// The names of a form's fields by path, where the shared names do not know them.
pub type FieldNames = std::sync::Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// What a refused form must correct, above the form: each error with its field's name, as a
/// link to the field. It takes the focus when it appears (with the script, and without it), so
/// that neither a sighted user nor a screen reader misses it. `href` gives a field's anchor.
#[component]
pub fn ErrorSummary(
    errors: FieldErrors,
    /// The anchor of a field path (`#f-…` for the shared inputs by default).
    #[prop(optional)]
    href: Option<fn(&str) -> String>,
    /// The name of a field path, when the shared names do not know it.
    #[prop(optional)]
    name: Option<FieldNames>,
) -> impl IntoView {
    let lang = use_language();
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            let _ = el.focus();
        }
    });
    let items = errors
        .0
        .iter()
        .map(|e| {
            let target = href.map_or_else(|| format!("#f-{}", e.field), |h| h(&e.field));
            let label =
                name.as_ref().and_then(|n| n(&e.field)).or_else(|| field_name(&e.field).map(|k| tr(k)().to_owned()));
            let code = e.code.clone();
            let id = target.trim_start_matches('#').to_owned();
            view! {
                <li>
                    <a
                        href=target
                        class="underline"
                        on:click=move |ev| {
                            focus_field(&id, ev);
                        }
                    >
                        // The field's name (its message is at the field); a message where the
                        // name is not known.
                        {match label {
                            Some(l) => l.into_any(),
                            None => (move || error_text(lang.get(), &code)).into_any(),
                        }}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <div
            node_ref=node
            role="alert"
            class="banner-error"
            data-testid="error-summary"
            tabindex="-1"
            autofocus=true
            aria-labelledby="error-summary-h"
        >
            <h2 id="error-summary-h" class="font-semibold">
                {tr(K::ErrInvalid)}
            </h2>
            <ul class="mt-1 list-disc pl-5 text-sm">{items}</ul>
        </div>
    }
}

/// Follows a summary's link: the field gets the focus (scrolled into view below the sticky bars
/// by its scroll margin), rather than only the address its anchor.
fn focus_field(id: &str, ev: leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(el) = document().get_element_by_id(id) {
            ev.prevent_default();
            // A group of choices: its first choice.
            let target = el
                .query_selector("input, select, textarea")
                .ok()
                .flatten()
                .filter(|_| el.tag_name() == "FIELDSET")
                .unwrap_or(el);
            target.scroll_into_view();
            if let Ok(h) = target.dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, ev);
}

/// The name of a field of the shared forms, by its path.
fn field_name(field: &str) -> Option<K> {
    if let Some(Some(k)) = super::labels::history_field(field) {
        return Some(k);
    }
    Some(match field {
        "username" => K::Username,
        "password" | "current" => K::Password,
        "new" => K::NewPassword,
        "full_name" => K::FullName,
        "roles" => K::Roles,
        "territory_id" | "territory" => K::Territory,
        "reason" => K::Reason,
        _ => return None,
    })
}

/// A notice after a successful action (from a `?saved=1`-style query flag).
#[component]
pub fn Notice(text: K) -> impl IntoView {
    view! {
        <div role="status" class="banner-ok">
            {tr(text)}
        </div>
    }
}

/// The error of an action's latest result, for an [`ErrorBanner`].
pub fn action_error<T, S>(value: S) -> Signal<Option<AppError>>
where
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || match value.get() {
        Some(Err(e)) => Some(e),
        _ => None,
    })
}

/// A field's error, in the reader's language, where there is one: under a control that is not a
/// [`Field`] (radio buttons, check boxes, a select of its own). `id` ties it to the control.
#[component]
pub fn ErrorText(#[prop(into)] error: Signal<Option<String>>, #[prop(optional)] id: Option<String>) -> impl IntoView {
    let lang = use_language();
    move || {
        error.get().map(|c| {
            view! {
                <p id=id.clone() class="field-error" role="alert">
                    {error_text(lang.get(), &c)}
                </p>
            }
        })
    }
}

/// A field's error from the server, hidden once the user changes the field (the verdict was
/// about the value before), and shown again when a new verdict comes.
#[derive(Clone, Copy)]
struct ServerError {
    error: Signal<Option<String>>,
    edited: RwSignal<bool>,
}

impl ServerError {
    fn get(&self) -> Option<String> {
        if self.edited.get() {
            None
        } else {
            self.error.get()
        }
    }
    fn changed(&self) {
        self.edited.set(true);
    }
}

fn changed_clears(error: Signal<Option<String>>) -> ServerError {
    let edited = RwSignal::new(false);
    Effect::new(move |_| {
        error.track();
        edited.set(false);
    });
    ServerError { error, edited }
}

/// A labelled drop-down list with its error. `options` are (value, text) pairs.
#[component]
pub fn Select(
    label: K,
    name: &'static str,
    options: Vec<(String, String)>,
    #[prop(optional, into)] selected: String,
    #[prop(optional)] required: bool,
    /// The text of an empty first option, when there is one.
    #[prop(optional)]
    empty: Option<K>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let lang = use_language();
    let selected = posted_value(name).unwrap_or(selected);
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    let opts = option_list(options, &selected);
    let error = changed_clears(error);
    view! {
        <div class="field">
            <label for=id.clone() class="field-label">
                {tr(label)}
                {required
                    .then(|| {
                        view! {
                            <span class="text-red-700" aria-hidden="true">
                                " *"
                            </span>
                        }
                    })}
            </label>
            <select
                id=id
                name=name
                class="input"
                required=required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().is_some().then(|| err_id.clone())
                on:change=move |_| error.changed()
            >
                {empty.map(|k| view! { <option value="">{tr(k)}</option> })}
                {opts}
            </select>
            {move || {
                error
                    .get()
                    .map(|c| {
                        view! {
                            <p id=format!("f-{name}-error") class="field-error" role="alert">
                                {error_text(lang.get(), &c)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// The `<option>`s of a select, `(value, text)`, the one equal to `selected` chosen. The
/// property is set as well as the attribute: a select the user changed ignores the attribute of
/// options drawn anew (a GET form's page drawn again after it was sent).
pub fn option_list(options: Vec<(String, String)>, selected: &str) -> impl IntoView {
    options
        .into_iter()
        .map(|(v, t)| {
            let is = v == selected;
            view! {
                <option value=v selected=is prop:selected=is>
                    {t}
                </option>
            }
        })
        .collect_view()
}

/// A labelled multi-line text with its error.
#[component]
pub fn TextArea(
    label: K,
    name: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<K>,
    #[prop(default = 3)] rows: u32,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let lang = use_language();
    let value = posted_value(name).unwrap_or(value);
    let id = format!("f-{name}");
    let error = changed_clears(error);
    view! {
        <div class="field">
            <label for=id.clone() class="field-label">
                {tr(label)}
                {required
                    .then(|| {
                        view! {
                            <span class="text-red-700" aria-hidden="true">
                                " *"
                            </span>
                        }
                    })}
            </label>
            {hint.map(|h| view! { <p class="field-hint">{tr(h)}</p> })}
            // An empty text child leaves no text node in the parsed page, and
            // hydration would then find nothing where it expects one.
            {if value.is_empty() {
                view! {
                    <textarea
                        id=id
                        name=name
                        rows=rows
                        class="input"
                        required=required
                        aria-invalid=move || error.get().is_some().then_some("true")
                        on:input=move |_| error.changed()
                    ></textarea>
                }
                    .into_any()
            } else {
                view! {
                    <textarea
                        id=id
                        name=name
                        rows=rows
                        class="input"
                        required=required
                        aria-invalid=move || error.get().is_some().then_some("true")
                        on:input=move |_| error.changed()
                    >
                        {crate::ui::components::text::textarea_text(value)}
                    </textarea>
                }
                    .into_any()
            }}
            {move || {
                error
                    .get()
                    .map(|c| {
                        view! {
                            <p class="field-error" role="alert">
                                {error_text(lang.get(), &c)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
