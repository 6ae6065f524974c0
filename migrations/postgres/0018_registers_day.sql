-- Vatra registers and the daily work report: the indexes they read along.
-- Twin of migrations/sqlite/0018_registers_day.sql: keep the two alike.

-- The register of assistance measures reads the approved plans, the latest first.
CREATE INDEX form_submissions_form ON form_submissions (form_code, status, id);

-- A user's daily work report reads what they changed on one day.
CREATE INDEX history_by ON history (changed_by, changed_at);
