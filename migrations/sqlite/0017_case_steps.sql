-- Vatra indicators: the steps each case waited for, when each began, fell due and ended.
-- Twin of migrations/postgres/0017_case_steps.sql: keep the two alike.

-- One row per step a case waited for (the case's next step while it was in one status): the
-- manager it belonged to, the day it began, the day it was due, and how it ended: `done` (the
-- step was taken) or `stopped` (the case was suspended, closed or sent elsewhere instead), with the
-- workflow action that ended it. A closure approval keeps the reason code the closure form gave.
-- A case has at most one step not yet ended. Ended rows are never changed; no row is deleted. The
-- indicators read this table: time from referral to assessment and to an approved plan, steps done
-- on time, closures by reason.
CREATE TABLE case_steps (
    id          INTEGER PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    step        TEXT NOT NULL,
    risk_level  TEXT NOT NULL,
    manager_id  BIGINT REFERENCES users (id),
    started_on  DATE NOT NULL,
    due_on      DATE NOT NULL,
    ended_on    DATE,
    outcome     TEXT,
    ended_action TEXT,
    ended_by    BIGINT REFERENCES users (id),
    reason      TEXT
);
CREATE UNIQUE INDEX case_steps_open ON case_steps (case_id) WHERE ended_on IS NULL;
CREATE INDEX case_steps_case ON case_steps (case_id, id);
CREATE INDEX case_steps_ended ON case_steps (step, ended_on);
CREATE INDEX case_steps_due ON case_steps (due_on) WHERE ended_on IS NULL;

-- The register of referrals reads cases by the day their referral was received.
CREATE INDEX cases_received ON cases (received_on, id);

-- Cases open before this table existed wait for their step from the day they last changed.
INSERT INTO case_steps (case_id, step, risk_level, manager_id, started_on, due_on)
SELECT id, next_step, risk_level, manager_id, date(updated_at), next_due_on
FROM cases WHERE next_step IS NOT NULL AND next_due_on IS NOT NULL AND status <> 'closed';

CREATE TRIGGER case_steps_no_delete BEFORE DELETE ON case_steps
BEGIN
    SELECT RAISE(ABORT, 'case steps are never deleted');
END;
CREATE TRIGGER case_steps_ended_kept BEFORE UPDATE ON case_steps
WHEN OLD.ended_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'an ended case step is never changed');
END;
