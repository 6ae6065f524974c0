-- Vatra indicators: what lets each panel of the dashboard read only the index entries it counts,
-- for the whole country as for a district (docs/figures.md, "Dashboard and registers").
-- Twin of migrations/postgres/0019_indicator_reads.sql: keep the two alike.
--
-- Panels read a territory's subtree as a range of paths (`>= '/1/12/' AND < '/1/120'`, see
-- TerritoryPath::end): a `LIKE '/1/12/%'` reads every case on SQLite,
-- and on PostgreSQL whenever the pattern is a parameter of a generic plan.

-- A step keeps the territory of its case, the day the case's referral was received, and the day
-- the case's last initial assessment was done before the step began (none yet: NULL), so the
-- panels over steps never read the cases, nor a case's other steps: the territory is the case's
-- when the step began, and follows the case (a transfer) while the step is open; an ended step
-- keeps the territory it ended in. The referral day of a case never changes.
-- The index of 0017 on (step, ended_on) goes first: finding each step's last assessment
-- along it would read every assessment once per step, instead of the case's few steps.
DROP INDEX case_steps_ended;
DROP TRIGGER case_steps_ended_kept;
ALTER TABLE case_steps ADD COLUMN territory_path TEXT NOT NULL DEFAULT '';
ALTER TABLE case_steps ADD COLUMN received_on DATE;
ALTER TABLE case_steps ADD COLUMN assessed_on DATE;
UPDATE case_steps SET
    territory_path = (SELECT k.territory_path FROM cases k WHERE k.id = case_steps.case_id),
    received_on = (SELECT k.received_on FROM cases k WHERE k.id = case_steps.case_id),
    assessed_on = (SELECT MAX(a.ended_on) FROM case_steps a WHERE a.case_id = case_steps.case_id
        AND a.step = 'initial_assessment' AND a.outcome = 'done' AND a.ended_on <= case_steps.started_on);
CREATE TRIGGER case_steps_ended_kept BEFORE UPDATE ON case_steps
WHEN OLD.ended_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'an ended case step is never changed');
END;

-- Steps ended in a period, one kind at a time, with all an ended-step panel reads (timeliness,
-- the intervals, closures by reason). It takes over the index of 0017 on (step, ended_on),
-- dropped above.
CREATE INDEX case_steps_ended ON case_steps
    (step, ended_on, territory_path, outcome, ended_action, manager_id, due_on, received_on, assessed_on, reason);
-- Open steps past their due day, one kind at a time.
CREATE INDEX case_steps_waiting ON case_steps (step, due_on, territory_path, manager_id) WHERE ended_on IS NULL;

-- Active cases by status and risk level, each pair a range of paths (also by territory).
CREATE INDEX cases_status_path ON cases (status, risk_level, territory_path, manager_id);
-- Referrals received in a period.
CREATE INDEX cases_received_path ON cases (received_on, territory_path, manager_id);
-- A case manager's active cases, for the caseload of each.
CREATE INDEX cases_manager_load ON cases (manager_id, status, territory_path, risk_level, next_due_on);
