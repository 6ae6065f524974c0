-- Vatra audit keys: each event names the key its hash was computed with (an HMAC under a key
-- kept outside the database; see app/src/store/audit_seal.rs). Events of before keys keep a
-- plain SHA-256 and no key. The head of the chain is guarded like the events: it has one row,
-- which only ever moves forward to the newest event.
-- Twin of migrations/sqlite/0020_audit_keys.sql: keep the two alike.
ALTER TABLE audit_events ADD COLUMN key_id TEXT;

CREATE FUNCTION audit_head_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'audit_head has one row';
    END IF;
    -- An append takes the next number (the hash unchanged), then names its event's hash.
    IF NEW.id = OLD.id AND (
           (NEW.seq = OLD.seq + 1 AND NEW.hash = OLD.hash)
        OR (NEW.seq = OLD.seq AND NEW.hash = (SELECT hash FROM audit_events WHERE seq = NEW.seq))) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_head only moves forward, to the newest event';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_head_guarded BEFORE INSERT OR UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_guard();
