-- Vatra support: files (a screenshot, a photo, a document) sent with a ticket's messages.
-- Twin of migrations/postgres/0016_ticket_files.sql: keep the two alike.

-- One uploaded file, kept as the case forms' attachments are: its type is the one its content
-- shows; the content lives in this row (`stored_in` = 'database') or in the attachments
-- directory under its SHA-256 (`stored_in` = 'directory'); a photo's small JPEG thumbnail is
-- always here. A file is sent first and goes with a message when the message is sent; until
-- then only its sender reads it. Never changed, never deleted.
CREATE TABLE ticket_files (
    id            INTEGER PRIMARY KEY,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    stored_in     TEXT NOT NULL,
    content       BLOB,
    thumbnail     BLOB,
    created_by    BIGINT NOT NULL REFERENCES users (id),
    created_at    DATETIME NOT NULL
);
CREATE INDEX ticket_files_sender ON ticket_files (created_by, id);

-- The message a file went with: one message per file. Who may read the message may read its
-- files (an internal note's files are support's only).
CREATE TABLE ticket_message_files (
    file_id     BIGINT NOT NULL PRIMARY KEY REFERENCES ticket_files (id),
    message_id  BIGINT NOT NULL REFERENCES ticket_messages (id),
    ticket_id   BIGINT NOT NULL REFERENCES tickets (id)
);
CREATE INDEX ticket_message_files_ticket ON ticket_message_files (ticket_id, message_id);

CREATE TRIGGER ticket_files_no_update BEFORE UPDATE ON ticket_files
BEGIN
    SELECT RAISE(ABORT, 'ticket files are never changed');
END;
CREATE TRIGGER ticket_files_no_delete BEFORE DELETE ON ticket_files
BEGIN
    SELECT RAISE(ABORT, 'ticket files are never deleted');
END;
CREATE TRIGGER ticket_message_files_no_update BEFORE UPDATE ON ticket_message_files
BEGIN
    SELECT RAISE(ABORT, 'the files of a message are never changed');
END;
CREATE TRIGGER ticket_message_files_no_delete BEFORE DELETE ON ticket_message_files
BEGIN
    SELECT RAISE(ABORT, 'the files of a message are never deleted');
END;
