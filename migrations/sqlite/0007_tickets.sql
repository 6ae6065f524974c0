-- Vatra support tickets: tickets, their threads and the pauses of their SLA clocks.
-- Twin of migrations/postgres/0007_tickets.sql: keep the two alike.

-- A support ticket. `reporter_id` is the user who opened it (NULL for a caller registered by the
-- call center, who is named in `caller_name`). `status` is new, open, waiting, resolved, closed
-- or reopened; `priority` low, normal, high or urgent; `channel` in_app, call_center or email.
-- `search` holds the folded subject, number and reporter name the queue searches.
-- The SLA clocks run from `created_at` except while paused (see ticket_pauses); each running
-- clock's breach time is kept (`first_response_due_at`, `resolution_due_at`), and `breach_at`
-- is the earlier of the two running ones: the queue sorts by it. `soon_at` is when the first
-- running clock is breaching soon. `sla_notified` is the last of those the assignee was told of
-- (soon, breached), cleared when the clocks move past it.
CREATE TABLE tickets (
    id                     INTEGER PRIMARY KEY,
    number                 TEXT NOT NULL UNIQUE,
    reporter_id            BIGINT REFERENCES users (id),
    caller_name            TEXT,
    caller_phone           TEXT,
    caller_person_id       BIGINT REFERENCES persons (id),
    channel                TEXT NOT NULL,
    category               TEXT NOT NULL,
    priority               TEXT NOT NULL,
    status                 TEXT NOT NULL,
    assignee_id            BIGINT REFERENCES users (id),
    subject                TEXT NOT NULL,
    search                 TEXT NOT NULL,
    page                   TEXT,
    app_version            TEXT,
    case_id                BIGINT REFERENCES cases (id),
    created_at             DATETIME NOT NULL,
    created_by             BIGINT NOT NULL REFERENCES users (id),
    first_response_at      DATETIME,
    resolved_at            DATETIME,
    closed_at              DATETIME,
    first_response_due_at  DATETIME,
    resolution_due_at      DATETIME,
    breach_at              DATETIME,
    soon_at                DATETIME,
    sla_notified           TEXT,
    rating                 BIGINT,
    rated_at               DATETIME,
    updated_at             DATETIME NOT NULL,
    updated_by             BIGINT NOT NULL REFERENCES users (id),
    version                BIGINT NOT NULL
);
CREATE INDEX tickets_queue ON tickets (status, breach_at, id);
CREATE INDEX tickets_breach ON tickets (breach_at, id);
CREATE INDEX tickets_reporter ON tickets (reporter_id, id);
CREATE INDEX tickets_assignee ON tickets (assignee_id, breach_at);
CREATE INDEX tickets_soon ON tickets (soon_at);

-- A ticket's thread: `kind` reply (public), ask (public, asking the reporter for information),
-- note (internal, support only), event (a status change, public) or call (a follow-up call the
-- call center registered).
CREATE TABLE ticket_messages (
    id          INTEGER PRIMARY KEY,
    ticket_id   BIGINT NOT NULL REFERENCES tickets (id),
    author_id   BIGINT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  DATETIME NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);

-- A time the SLA clocks of a ticket stood still: waiting on the reporter, or resolved.
-- `resumed_at` is NULL while the pause lasts.
CREATE TABLE ticket_pauses (
    id          INTEGER PRIMARY KEY,
    ticket_id   BIGINT NOT NULL REFERENCES tickets (id),
    paused_at   DATETIME NOT NULL,
    resumed_at  DATETIME
);
CREATE INDEX ticket_pauses_ticket ON ticket_pauses (ticket_id, id);

-- Answers support agents insert into a reply and edit before sending. One taken out of use keeps
-- its row (`archived_at`).
CREATE TABLE saved_replies (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   DATETIME NOT NULL,
    created_by   BIGINT NOT NULL REFERENCES users (id),
    updated_at   DATETIME NOT NULL,
    updated_by   BIGINT NOT NULL REFERENCES users (id),
    archived_at  DATETIME,
    version      BIGINT NOT NULL
);
CREATE UNIQUE INDEX saved_replies_title ON saved_replies (title) WHERE archived_at IS NULL;

-- A notification may be about a ticket.
ALTER TABLE notifications ADD COLUMN ticket_id BIGINT REFERENCES tickets (id);

CREATE TRIGGER tickets_no_delete BEFORE DELETE ON tickets
BEGIN
    SELECT RAISE(ABORT, 'tickets are never deleted');
END;
CREATE TRIGGER ticket_messages_no_delete BEFORE DELETE ON ticket_messages
BEGIN
    SELECT RAISE(ABORT, 'ticket messages are never deleted');
END;
CREATE TRIGGER ticket_messages_no_update BEFORE UPDATE ON ticket_messages
BEGIN
    SELECT RAISE(ABORT, 'ticket messages are never changed');
END;
CREATE TRIGGER saved_replies_no_delete BEFORE DELETE ON saved_replies
BEGIN
    SELECT RAISE(ABORT, 'saved replies are never deleted');
END;
CREATE TRIGGER ticket_pauses_no_delete BEFORE DELETE ON ticket_pauses
BEGIN
    SELECT RAISE(ABORT, 'ticket pauses are never deleted');
END;
