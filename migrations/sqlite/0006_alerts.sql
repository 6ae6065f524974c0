-- Vatra alerts and notifications: deadline rules, the holiday calendar, alerts, notifications
-- and the mail outbox. Twin of migrations/postgres/0006_alerts.sql: keep the two alike.

-- Days allowed for each workflow step at each risk level: defaults seeded at start, changed by
-- administrators. `day_count` is 'working' or 'calendar'.
CREATE TABLE deadline_rules (
    step        TEXT NOT NULL,
    risk_level  TEXT NOT NULL,
    days        BIGINT NOT NULL,
    day_count   TEXT NOT NULL,
    updated_at  DATETIME NOT NULL,
    updated_by  BIGINT REFERENCES users (id),
    version     BIGINT NOT NULL,
    PRIMARY KEY (step, risk_level)
);

-- Named settings with a value each (the alert windows), seeded at start.
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  DATETIME NOT NULL,
    updated_by  BIGINT REFERENCES users (id),
    version     BIGINT NOT NULL
);

-- Public holidays. A row without a year comes back every year on its month and day (Moldova's
-- fixed-date holidays are seeded so); a row with one is a single date (Easter, Memorial Day, a
-- one-off day off). A holiday taken out of the calendar keeps its row, with `removed_at`.
CREATE TABLE holidays (
    id          INTEGER PRIMARY KEY,
    year        BIGINT,
    month       BIGINT NOT NULL,
    day         BIGINT NOT NULL,
    name        TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    created_by  BIGINT REFERENCES users (id),
    removed_at  DATETIME,
    removed_by  BIGINT REFERENCES users (id)
);
CREATE INDEX holidays_year ON holidays (year, month, day);

-- An alert about a case: `kind` 'deadline' (owned by whoever must take the step) or 'escalation'
-- (an overdue step, owned by a supervisor). `level` is due_soon, due_today, overdue or escalated;
-- `state` open, acknowledged or resolved. At most one live alert per case, kind, step and owner.
-- `notified` is false until the owner has a notification of the alert's latest level.
CREATE TABLE alerts (
    id               INTEGER PRIMARY KEY,
    case_id          BIGINT NOT NULL REFERENCES cases (id),
    kind             TEXT NOT NULL,
    step             TEXT NOT NULL,
    owner_id         BIGINT NOT NULL REFERENCES users (id),
    due_on           DATE NOT NULL,
    level            TEXT NOT NULL,
    state            TEXT NOT NULL,
    notified         BOOLEAN NOT NULL,
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    acknowledged_at  DATETIME,
    resolved_at      DATETIME,
    version          BIGINT NOT NULL
);
CREATE UNIQUE INDEX alerts_live ON alerts (case_id, kind, step, owner_id) WHERE state <> 'resolved';
CREATE INDEX alerts_owner ON alerts (owner_id, state, due_on);
CREATE INDEX alerts_due ON alerts (state, due_on);
CREATE INDEX alerts_unnotified ON alerts (id) WHERE notified = FALSE;

-- A message to one user about an event: a case assigned or transferred to them, a transfer
-- decided, a form approved or returned, an approval waiting, an alert. Read or unread.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    case_id     BIGINT REFERENCES cases (id),
    alert_id    BIGINT REFERENCES alerts (id),
    actor_id    BIGINT REFERENCES users (id),
    detail      TEXT,
    created_at  DATETIME NOT NULL,
    read_at     DATETIME
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, id) WHERE read_at IS NULL;

-- Mail waiting to go out, and mail sent (`sent_at`). A digest is sent once per user and day:
-- `dedup` is unique where set.
CREATE TABLE mail_outbox (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    to_address  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    dedup       TEXT,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    attempts    BIGINT NOT NULL,
    last_error  TEXT,
    sent_at     DATETIME
);
CREATE UNIQUE INDEX mail_outbox_dedup ON mail_outbox (dedup);
CREATE INDEX mail_outbox_waiting ON mail_outbox (id) WHERE sent_at IS NULL;

CREATE TRIGGER alerts_no_delete BEFORE DELETE ON alerts
BEGIN
    SELECT RAISE(ABORT, 'alerts are never deleted');
END;
CREATE TRIGGER notifications_no_delete BEFORE DELETE ON notifications
BEGIN
    SELECT RAISE(ABORT, 'notifications are never deleted');
END;
CREATE TRIGGER holidays_no_delete BEFORE DELETE ON holidays
BEGIN
    SELECT RAISE(ABORT, 'holidays are never deleted');
END;
CREATE TRIGGER mail_outbox_no_delete BEFORE DELETE ON mail_outbox
BEGIN
    SELECT RAISE(ABORT, 'mail is never deleted');
END;

-- The alert rules look cases up by due date.
CREATE INDEX cases_due ON cases (next_due_on);
CREATE INDEX cases_manager_due ON cases (manager_id, next_due_on);
