-- Vatra attachments: photos and documents added to a case form's attachment fields.
-- Twin of migrations/postgres/0005_attachments.sql: keep the two alike.

-- One uploaded file. Its type is the one its content shows (never its name's). The content
-- lives in this row (`stored_in` = 'database') or in the attachments directory under its
-- SHA-256 (`stored_in` = 'directory'); a small JPEG thumbnail of a photo is always here.
-- A file taken out of a form stays: the form's history may still name it. Never changed,
-- never deleted.
CREATE TABLE attachments (
    id             INTEGER PRIMARY KEY,
    case_id        BIGINT NOT NULL REFERENCES cases (id),
    submission_id  BIGINT NOT NULL REFERENCES form_submissions (id),
    field_path     TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size_bytes     BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    stored_in      TEXT NOT NULL,
    content        BLOB,
    thumbnail      BLOB,
    created_by     BIGINT NOT NULL REFERENCES users (id),
    created_at     DATETIME NOT NULL
);
CREATE INDEX attachments_case ON attachments (case_id, id);
CREATE INDEX attachments_submission ON attachments (submission_id);

CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments
BEGIN
    SELECT RAISE(ABORT, 'attachments are never changed');
END;
CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments
BEGIN
    SELECT RAISE(ABORT, 'attachments are never deleted');
END;
