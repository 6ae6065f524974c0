-- Vatra alerts: the pass finds the alerts not yet notified by case, one part of case ids at a
-- time. Indexed by alert id, each part read past every entry the parts before it had left behind
-- (rows already notified wait in the index until the table is vacuumed), so the pass slowed
-- with each part. Indexed by case, a part reads its own.
-- Twin of migrations/sqlite/0010_alerts_unnotified.sql: keep the two alike.
DROP INDEX alerts_unnotified;
CREATE INDEX alerts_unnotified ON alerts (case_id) WHERE notified = FALSE;
