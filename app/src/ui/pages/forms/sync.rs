//! Keeping a draft safe on a weak signal: every change is written to the device at once, and
//! saved to the server a few seconds after typing stops, when a field is left, and when the
//! connection comes back. A draft changed on another device meanwhile is never overwritten: both
//! are shown and the user chooses.

use super::state::FormState;
use crate::api::forms::{get_form, save_draft};
use crate::domain::form::Answers;
use crate::domain::AppError;
use crate::ui::components::offline::{clear_local, read_local, write_local, LocalCopy};
use leptos::prelude::*;

/// Where the draft stands, for the indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncState {
    Saved,
    Pending,
    Saving,
    /// The last save could not reach the server; the device keeps the answers.
    Offline,
    /// Saved elsewhere meanwhile: the user must choose.
    Conflict,
}

/// The two versions of a draft the user chooses between.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub mine: Answers,
    pub theirs: Answers,
    /// The server's version, to save over once the user has chosen.
    pub version: i64,
}

/// How many unanswered sends are remembered.
const UNCONFIRMED: usize = 4;

/// What the autosave needs.
#[derive(Clone, Copy)]
pub struct Sync {
    pub id: i64,
    pub st: FormState,
    pub version: RwSignal<i64>,
    pub state: RwSignal<SyncState>,
    pub conflict: RwSignal<Option<Conflict>>,
    /// Bumped when answers are replaced wholesale, so the inputs are drawn again.
    pub generation: RwSignal<u32>,
    pub restored: RwSignal<bool>,
    pub error: RwSignal<Option<AppError>>,
    /// A save (or the submit) is on its way: no other starts until it answers.
    pub saving: RwSignal<bool>,
    /// Sends not answered yet, newest last (see [`LocalCopy::sent`]).
    pub unconfirmed: RwSignal<Vec<Answers>>,
}

impl Sync {
    pub fn new(id: i64, st: FormState, version: i64) -> Self {
        Sync {
            id,
            st,
            version: RwSignal::new(version),
            state: RwSignal::new(SyncState::Saved),
            conflict: RwSignal::new(None),
            generation: RwSignal::new(0),
            restored: RwSignal::new(false),
            error: RwSignal::new(None),
            saving: RwSignal::new(false),
            unconfirmed: RwSignal::new(Vec::new()),
        }
    }

    /// Writes the answers on screen to the device, based on the version last confirmed.
    fn keep_local(self) {
        let copy = LocalCopy {
            base: self.version.get_untracked(),
            answers: self.st.answers.get_untracked(),
            sent: self.unconfirmed.get_untracked(),
            files: self.st.waiting.get_untracked(),
        };
        write_local(self.id, &copy);
    }

    /// The server holds the answers on screen: the device's copy goes, unless files chosen here
    /// still wait to be sent (the copy names them).
    fn settle_local(self) {
        if self.st.waiting.with_untracked(Vec::is_empty) {
            clear_local(self.id);
        } else {
            self.keep_local();
        }
    }

    /// Whether the server's `answers` are one of this device's own unanswered sends.
    fn sent_by_me(self, answers: &Answers) -> bool {
        self.unconfirmed.with_untracked(|u| u.contains(answers))
    }

    /// Puts the device's answers on screen, to be saved.
    fn restore(self, answers: Answers) {
        self.st.answers.set(answers);
        self.generation.update(|g| *g += 1);
        self.restored.set(true);
        self.state.set(SyncState::Pending);
    }

    /// Starts watching: in the browser only (effects do not run on the server).
    pub fn start(self) {
        // On open: the device's copy wins when it is newer than the server's; when the server's
        // changed too, the user chooses.
        Effect::new(move |_| {
            let Some(local) = read_local(self.id) else { return };
            let server = self.st.answers.get_untracked();
            let page = self.version.get_untracked();
            self.unconfirmed.set(local.sent);
            // Files chosen here that have not reached the server are shown in their fields, and
            // sent as soon as they can be.
            if !local.files.is_empty() {
                self.st.waiting.set(local.files);
                super::files::send_waiting(self.st);
            }
            if local.base > page {
                // The page is an older copy (the one the device kept, opened without a signal):
                // the device's copy is based on what the server last confirmed.
                self.version.set(local.base);
                if local.answers != server {
                    self.restore(local.answers);
                }
            } else if local.answers == server {
                self.unconfirmed.set(Vec::new());
                self.settle_local();
            } else if local.base == page || self.sent_by_me(&server) {
                // Unchanged on the server since, or changed only by a send of this device whose
                // answer was lost: the device's copy goes on from the page's version.
                self.restore(local.answers);
            } else {
                self.conflict.set(Some(Conflict {
                    mine: local.answers,
                    theirs: server,
                    version: self.version.get_untracked(),
                }));
                self.state.set(SyncState::Conflict);
            }
        });
        // Every change goes to the device at once.
        Effect::new(move |prev: Option<u64>| {
            let n = self.st.changes.get();
            if prev.is_some() && n != prev.unwrap_or(0) {
                self.keep_local();
                if !matches!(self.state.get_untracked(), SyncState::Conflict | SyncState::Offline) {
                    self.state.set(SyncState::Pending);
                }
            }
            n
        });
        // Leaving a field saves at once.
        Effect::new(move |prev: Option<u64>| {
            let n = self.st.blurred.get();
            if prev.is_some() {
                self.save_if_needed();
            }
            n
        });
        #[cfg(feature = "hydrate")]
        {
            // A few seconds after typing, and whenever the connection comes back.
            let tick = move || {
                self.save_if_needed();
                super::files::send_waiting(self.st);
            };
            if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(3)) {
                on_cleanup(move || handle.clear());
            }
            let online = window_event_listener(leptos::ev::online, move |_| tick());
            on_cleanup(move || online.remove());
        }
    }

    fn save_if_needed(self) {
        if matches!(self.state.get_untracked(), SyncState::Pending | SyncState::Offline) {
            self.save();
        }
    }

    /// Saves the answers now (unless a save is already on its way).
    pub fn save(self) {
        if self.saving.get_untracked() || self.state.get_untracked() == SyncState::Conflict {
            return;
        }
        let answers = self.st.answers.get_untracked();
        let at = self.st.changes.get_untracked();
        let Ok(json) = serde_json::to_string(&answers) else { return };
        self.saving.set(true);
        self.state.set(SyncState::Saving);
        leptos::task::spawn_local(async move {
            let result = save_draft(self.id, self.version.get_untracked(), json).await;
            match result {
                Ok(saved) => {
                    self.version.set(saved.version);
                    self.unconfirmed.set(Vec::new());
                    self.error.set(None);
                    if self.st.changes.get_untracked() == at {
                        self.settle_local();
                        self.state.set(SyncState::Saved);
                    } else {
                        self.keep_local();
                        self.state.set(SyncState::Pending);
                    }
                }
                Err(AppError::StaleVersion { .. }) => self.fetch_conflict().await,
                Err(AppError::Transport(_) | AppError::Unavailable) => {
                    // The send may still have reached the server: remembered, so that finding
                    // these answers there later is not taken for another device's change.
                    self.unconfirmed.update(|u| {
                        if !u.contains(&answers) {
                            u.push(answers);
                        }
                        let extra = u.len().saturating_sub(UNCONFIRMED);
                        u.drain(..extra);
                    });
                    self.keep_local();
                    self.state.set(SyncState::Offline);
                }
                Err(e) => {
                    self.error.set(Some(e));
                    self.state.set(SyncState::Pending);
                }
            }
            self.saving.set(false);
        });
    }

    /// After a save was refused as based on an older version: the server's answers are loaded.
    /// When they are the device's own (the same answers, or a send whose answer was lost), the
    /// draft goes on from the server's version; otherwise both are shown and the user chooses.
    /// Called by the save or the submit while it still holds `saving`, so no other save starts
    /// before this is settled.
    pub async fn fetch_conflict(self) {
        self.state.set(SyncState::Conflict);
        match get_form(self.id).await {
            Ok(server) => {
                let mine = self.st.answers.get_untracked();
                if server.answers == mine {
                    self.version.set(server.version);
                    self.unconfirmed.set(Vec::new());
                    self.settle_local();
                    self.state.set(SyncState::Saved);
                } else if self.sent_by_me(&server.answers) {
                    self.version.set(server.version);
                    self.unconfirmed.set(Vec::new());
                    self.keep_local();
                    self.state.set(SyncState::Pending);
                } else {
                    self.conflict.set(Some(Conflict { mine, theirs: server.answers, version: server.version }));
                }
            }
            Err(AppError::Transport(_) | AppError::Unavailable) => self.state.set(SyncState::Offline),
            Err(e) => self.error.set(Some(e)),
        }
    }

    /// The user keeps one side of a conflict.
    pub fn resolve(self, keep_mine: bool) {
        let Some(c) = self.conflict.get_untracked() else { return };
        self.version.set(c.version);
        self.conflict.set(None);
        if keep_mine {
            self.st.answers.set(c.mine);
            self.state.set(SyncState::Pending);
            self.generation.update(|g| *g += 1);
            self.save();
        } else {
            self.st.answers.set(c.theirs);
            self.unconfirmed.set(Vec::new());
            self.settle_local();
            self.state.set(SyncState::Saved);
            self.generation.update(|g| *g += 1);
        }
    }
}
