//! Line icons (24 × 24, drawn with the text colour), for the navigation and the header.

use leptos::prelude::*;

/// A line icon (24 × 24, drawn with the text colour) for the path `d`; hidden from screen readers.
pub fn icon(d: &'static str) -> impl IntoView {
    view! {
        <svg
            viewBox="0 0 24 24"
            class="h-5 w-5"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
        >
            <path d=d />
        </svg>
    }
}
