-- Vatra case forms: versioned form definitions and the submissions of each case.
-- Twin of migrations/postgres/0004_forms.sql: keep the two alike.

-- One version of a standard form's definition (JSON in `body`). A draft is
-- edited until it is published; publishing retires the version before it.
-- Submissions keep the version they were started with. Never deleted.
CREATE TABLE form_definitions (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL,
    version       BIGINT NOT NULL,
    status        TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_by    BIGINT REFERENCES users (id),
    created_at    DATETIME NOT NULL,
    updated_by    BIGINT REFERENCES users (id),
    updated_at    DATETIME NOT NULL,
    published_by  BIGINT REFERENCES users (id),
    published_at  DATETIME,
    row_version   BIGINT NOT NULL,
    UNIQUE (code, version)
);

-- A form filled for a case, pinned to its definition version. A correction
-- is a new revision pointing at the one it corrects; the old one is kept,
-- superseded. Answers are JSON, as typed. Never deleted.
CREATE TABLE form_submissions (
    id                  INTEGER PRIMARY KEY,
    case_id             BIGINT NOT NULL REFERENCES cases (id),
    form_code           TEXT NOT NULL,
    definition_version  BIGINT NOT NULL,
    revision            BIGINT NOT NULL,
    previous_id         BIGINT REFERENCES form_submissions (id),
    status              TEXT NOT NULL,
    answers             TEXT NOT NULL,
    version             BIGINT NOT NULL,
    created_by          BIGINT NOT NULL REFERENCES users (id),
    created_at          DATETIME NOT NULL,
    updated_by          BIGINT NOT NULL REFERENCES users (id),
    updated_at          DATETIME NOT NULL,
    submitted_by        BIGINT REFERENCES users (id),
    submitted_at        DATETIME,
    decided_by          BIGINT REFERENCES users (id),
    decided_at          DATETIME,
    decision_comment    TEXT
);
CREATE INDEX form_submissions_case ON form_submissions (case_id, form_code, status);
CREATE INDEX form_submissions_previous ON form_submissions (previous_id);

CREATE TRIGGER form_definitions_no_delete BEFORE DELETE ON form_definitions
BEGIN
    SELECT RAISE(ABORT, 'form definitions are retired, never deleted');
END;
CREATE TRIGGER form_submissions_no_delete BEFORE DELETE ON form_submissions
BEGIN
    SELECT RAISE(ABORT, 'form submissions are superseded, never deleted');
END;
