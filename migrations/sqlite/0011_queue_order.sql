-- Vatra support queue: pages are read in the order of time to breach, tickets with no running
-- clock last (`ORDER BY breach_at IS NULL, breach_at, id`). These indexes hold that order, for
-- the work still to do and for all tickets, so a page is read off an index instead of sorting
-- every match first. `tickets_queue` (status, breach_at, id) goes: it cannot give that order for
-- several statuses at once, and SQLite took it over the ones that can, then sorted. An agent's
-- own queue (and the unassigned tickets) keep the same order under the assignee.
-- Twin of migrations/postgres/0011_queue_order.sql: keep the two alike.
CREATE INDEX tickets_work_order ON tickets ((breach_at IS NULL), breach_at, id)
    WHERE status IN ('new', 'open', 'reopened', 'waiting');
CREATE INDEX tickets_order ON tickets ((breach_at IS NULL), breach_at, id);
DROP INDEX tickets_queue;
DROP INDEX tickets_assignee;
CREATE INDEX tickets_assignee ON tickets (assignee_id, (breach_at IS NULL), breach_at, id);
