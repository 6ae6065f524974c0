-- Vatra foundation: territories, users, the audit log.
-- Twin of migrations/postgres/0001_foundation.sql: keep the two alike.

CREATE TABLE territories (
    id          INTEGER PRIMARY KEY,
    parent_id   BIGINT REFERENCES territories (id),
    path        TEXT NOT NULL UNIQUE,
    code        TEXT UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    valid_from  DATETIME NOT NULL,
    valid_to    DATETIME
);
CREATE INDEX territories_parent ON territories (parent_id);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    full_name            TEXT NOT NULL,
    email                TEXT,
    phone                TEXT,
    institution          TEXT,
    position             TEXT,
    territory_id         BIGINT NOT NULL REFERENCES territories (id),
    territory_path       TEXT NOT NULL,
    roles                TEXT NOT NULL,
    language             TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL,
    active               BOOLEAN NOT NULL,
    session_epoch        BIGINT NOT NULL,
    failed_logins        BIGINT NOT NULL,
    first_failed_at      DATETIME,
    locked_until         DATETIME,
    created_at           DATETIME NOT NULL,
    created_by           BIGINT REFERENCES users (id),
    updated_at           DATETIME NOT NULL,
    updated_by           BIGINT REFERENCES users (id),
    version              BIGINT NOT NULL
);
CREATE INDEX users_territory_path ON users (territory_path, username);
CREATE INDEX users_full_name ON users (full_name);

-- Append-only: the store never updates or deletes a row here, and each row
-- carries the hash of the one before it.
CREATE TABLE audit_events (
    seq            BIGINT PRIMARY KEY,
    occurred_at    DATETIME NOT NULL,
    actor_id       BIGINT,
    actor_username TEXT,
    client_addr    TEXT,
    request_id     TEXT,
    action         TEXT NOT NULL,
    object_type    TEXT,
    object_id      TEXT,
    outcome        TEXT NOT NULL,
    details        TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX audit_events_actor ON audit_events (actor_id, seq);
CREATE INDEX audit_events_action ON audit_events (action, seq);
CREATE INDEX audit_events_occurred ON audit_events (occurred_at);

-- The head of the audit chain: one row, locked by every append.
CREATE TABLE audit_head (
    id   BIGINT PRIMARY KEY,
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Rows of the audit log can be added, never changed or removed.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
