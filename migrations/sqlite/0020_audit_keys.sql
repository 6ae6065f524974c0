-- Vatra audit keys: each event names the key its hash was computed with (an HMAC under a key
-- kept outside the database; see app/src/store/audit_seal.rs). Events of before keys keep a
-- plain SHA-256 and no key. The head of the chain is guarded like the events: it has one row,
-- which only ever moves forward to the newest event.
-- Twin of migrations/postgres/0020_audit_keys.sql: keep the two alike.
ALTER TABLE audit_events ADD COLUMN key_id TEXT;

CREATE TRIGGER audit_head_no_insert BEFORE INSERT ON audit_head
BEGIN
    SELECT RAISE(ABORT, 'audit_head has one row');
END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
    SELECT RAISE(ABORT, 'audit_head has one row');
END;
-- An append takes the next number (the hash unchanged), then names its event's hash.
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
WHEN NOT (NEW.id = OLD.id AND (
        (NEW.seq = OLD.seq + 1 AND NEW.hash = OLD.hash)
     OR (NEW.seq = OLD.seq AND NEW.hash = (SELECT hash FROM audit_events WHERE seq = NEW.seq))))
BEGIN
    SELECT RAISE(ABORT, 'audit_head only moves forward, to the newest event');
END;
