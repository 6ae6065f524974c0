-- Vatra persons, relations, case files and their history.
-- Twin of migrations/postgres/0002_persons_cases.sql: keep the two alike.

-- Classifiers administrators maintain: vulnerabilities and risks, functional
-- limitations, identity document types. Never deleted: an entry ends (valid_to).
CREATE TABLE classifiers (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    code        TEXT NOT NULL,
    name_ro     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    name_ru     TEXT NOT NULL,
    valid_from  DATETIME NOT NULL,
    valid_to    DATETIME,
    updated_at  DATETIME NOT NULL,
    updated_by  BIGINT REFERENCES users (id),
    version     BIGINT NOT NULL,
    UNIQUE (kind, code)
);

-- A person is registered once. `idnp` is null for a person without one; the
-- provisional id stays with the record after the real IDNP replaces it.
CREATE TABLE persons (
    id                     INTEGER PRIMARY KEY,
    idnp                   TEXT UNIQUE,
    provisional_id         TEXT UNIQUE,
    no_idnp_reason         TEXT,
    last_name              TEXT NOT NULL,
    first_name             TEXT NOT NULL,
    name_key               TEXT NOT NULL,
    search_key             TEXT NOT NULL,
    birth_date             DATE NOT NULL,
    sex                    TEXT NOT NULL,
    id_doc_type            TEXT,
    id_doc_number          TEXT,
    disability_degree      TEXT NOT NULL,
    disability_limitation  TEXT,
    domicile_territory_id  BIGINT NOT NULL REFERENCES territories (id),
    territory_path         TEXT NOT NULL,
    domicile_address       TEXT,
    residence_territory_id BIGINT REFERENCES territories (id),
    residence_address      TEXT,
    phone                  TEXT,
    email                  TEXT,
    vulnerabilities        TEXT NOT NULL,
    distinct_note          TEXT,
    status                 TEXT NOT NULL,
    status_reason          TEXT,
    created_at             DATETIME NOT NULL,
    created_by             BIGINT NOT NULL REFERENCES users (id),
    updated_at             DATETIME NOT NULL,
    updated_by             BIGINT NOT NULL REFERENCES users (id),
    version                BIGINT NOT NULL
);
CREATE INDEX persons_search ON persons (search_key, id);
CREATE INDEX persons_name_key ON persons (name_key);
CREATE INDEX persons_birth ON persons (birth_date, id);
CREATE INDEX persons_path ON persons (territory_path, id);

-- Human-facing numbers (provisional ids, case numbers per territory and
-- year) come from counters that only ever go up: a number is never reused.
CREATE TABLE counters (
    scope TEXT PRIMARY KEY,
    last  BIGINT NOT NULL
);

-- A relation is stored once, as "person <kind> other"; the other side reads
-- it inverted. Ended relations stay, with who ended them and when.
CREATE TABLE relations (
    id         INTEGER PRIMARY KEY,
    person_id  BIGINT NOT NULL REFERENCES persons (id),
    kind       TEXT NOT NULL,
    other_id   BIGINT NOT NULL REFERENCES persons (id),
    note       TEXT,
    active     BOOLEAN NOT NULL,
    created_at DATETIME NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    ended_at   DATETIME,
    ended_by   BIGINT REFERENCES users (id)
);
CREATE INDEX relations_person ON relations (person_id);
CREATE INDEX relations_other ON relations (other_id);

CREATE TABLE cases (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    person_id           BIGINT NOT NULL REFERENCES persons (id),
    territory_id        BIGINT NOT NULL REFERENCES territories (id),
    territory_path      TEXT NOT NULL,
    manager_id          BIGINT REFERENCES users (id),
    status              TEXT NOT NULL,
    remembered_status   TEXT,
    status_reason       TEXT,
    risk_level          TEXT NOT NULL,
    channel             TEXT NOT NULL,
    reporter_name       TEXT NOT NULL,
    reporter_contact    TEXT,
    received_on         DATE NOT NULL,
    concern             TEXT NOT NULL,
    next_step           TEXT,
    next_due_on         DATE,
    transfer_id         BIGINT,
    opened_at           DATETIME NOT NULL,
    closed_at           DATETIME,
    created_by          BIGINT NOT NULL REFERENCES users (id),
    updated_at          DATETIME NOT NULL,
    updated_by          BIGINT NOT NULL REFERENCES users (id),
    version             BIGINT NOT NULL
);
CREATE INDEX cases_manager ON cases (manager_id, status, id);
CREATE INDEX cases_path ON cases (territory_path, id);
CREATE INDEX cases_person ON cases (person_id);

-- A transfer waits for the receiver; the sender keeps the case until then.
CREATE TABLE case_transfers (
    id                INTEGER PRIMARY KEY,
    case_id           BIGINT NOT NULL REFERENCES cases (id),
    from_user_id      BIGINT NOT NULL REFERENCES users (id),
    to_user_id        BIGINT NOT NULL REFERENCES users (id),
    to_territory_id   BIGINT NOT NULL REFERENCES territories (id),
    note              TEXT,
    status            TEXT NOT NULL,
    requested_at      DATETIME NOT NULL,
    decided_at        DATETIME,
    decision_reason   TEXT
);
CREATE INDEX case_transfers_to ON case_transfers (to_user_id, status);
CREATE INDEX case_transfers_case ON case_transfers (case_id);

-- Every version of every person and case, in order: who, when, what action,
-- which fields changed (old and new), and the whole record as it then was.
-- Append-only, like the audit log.
CREATE TABLE history (
    object_type  TEXT NOT NULL,
    object_id    BIGINT NOT NULL,
    version      BIGINT NOT NULL,
    changed_at   DATETIME NOT NULL,
    changed_by   BIGINT NOT NULL REFERENCES users (id),
    action       TEXT NOT NULL,
    reason       TEXT,
    changes      TEXT NOT NULL,
    snapshot     TEXT NOT NULL,
    PRIMARY KEY (object_type, object_id, version)
);
CREATE INDEX history_changed_at ON history (object_type, object_id, changed_at);

CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;
CREATE TRIGGER persons_no_delete BEFORE DELETE ON persons
BEGIN
    SELECT RAISE(ABORT, 'persons are archived, never deleted');
END;
CREATE TRIGGER cases_no_delete BEFORE DELETE ON cases
BEGIN
    SELECT RAISE(ABORT, 'cases are closed, never deleted');
END;
