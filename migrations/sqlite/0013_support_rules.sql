-- Vatra support: what support leads set per ticket category, and the targets each ticket is
-- measured against.
-- Twin of migrations/postgres/0013_support_rules.sql: keep the two alike.

-- How support treats the tickets of one category. `category` '' is the general row: its
-- `targets` hold for every category without targets of its own. `targets` is the JSON of
-- `domain::sla::SlaTargets` (first response and resolution per priority, in business minutes),
-- NULL for "the general targets". `assignment` is manual or round_robin: round robin gives each
-- new ticket of the category to the next of `agent_ids` (support agents' ids, comma separated;
-- '' for every support agent) still active; `turn` counts the tickets it has given out. A rule
-- is never deleted: setting it back to the general targets and manual assignment is a change.
CREATE TABLE support_rules (
    id          INTEGER PRIMARY KEY,
    category    TEXT NOT NULL UNIQUE,
    targets     TEXT,
    assignment  TEXT NOT NULL,
    agent_ids   TEXT NOT NULL,
    turn        BIGINT NOT NULL,
    updated_at  DATETIME NOT NULL,
    updated_by  BIGINT NOT NULL REFERENCES users (id),
    version     BIGINT NOT NULL
);
CREATE TRIGGER support_rules_no_delete BEFORE DELETE ON support_rules
BEGIN
    SELECT RAISE(ABORT, 'support rules are never deleted');
END;

-- Each ticket keeps the targets it is measured against, in business minutes: those in force
-- when it was opened, or when its priority or category last changed. Targets changed later do
-- not move the clocks of tickets already open. The tickets before this migration had the
-- built-in targets of their priority.
ALTER TABLE tickets ADD COLUMN first_response_target BIGINT NOT NULL DEFAULT 540;
ALTER TABLE tickets ADD COLUMN resolution_target BIGINT NOT NULL DEFAULT 2700;
UPDATE tickets SET
    first_response_target = CASE priority WHEN 'low' THEN 1080 WHEN 'high' THEN 240 WHEN 'urgent' THEN 60 ELSE 540 END,
    resolution_target = CASE priority WHEN 'low' THEN 5400 WHEN 'high' THEN 1080 WHEN 'urgent' THEN 540 ELSE 2700 END
    WHERE priority <> 'normal';
