-- Vatra role grants: a role that reads personal data (social worker, supervisor) is given only
-- when a second administrator approves what the first asked. The request waits here; the roles
-- are added to the user when it is approved. Rows are never deleted; a request is decided once.
-- Twin of migrations/postgres/0021_role_grants.sql: keep the two alike.
CREATE TABLE role_grants (
    id            INTEGER PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id),
    roles         TEXT NOT NULL,
    requested_by  BIGINT NOT NULL REFERENCES users (id),
    requested_at  DATETIME NOT NULL,
    status        TEXT NOT NULL,
    decided_by    BIGINT REFERENCES users (id),
    decided_at    DATETIME
);
-- At most one request waits per user.
CREATE UNIQUE INDEX role_grants_waiting ON role_grants (user_id) WHERE status = 'pending';
CREATE TRIGGER role_grants_no_delete BEFORE DELETE ON role_grants
BEGIN
    SELECT RAISE(ABORT, 'role grants are never deleted');
END;
CREATE TRIGGER role_grants_decided_once BEFORE UPDATE ON role_grants
WHEN OLD.status <> 'pending' OR NEW.roles <> OLD.roles OR NEW.user_id <> OLD.user_id OR NEW.requested_by <> OLD.requested_by
BEGIN
    SELECT RAISE(ABORT, 'a role grant is decided once');
END;
