-- Vatra support by territory: a ticket belongs to the territory of whoever it is from (the
-- reporter's home territory, or the registered person a call was about, or the agent who took the
-- call), and support agents and leads work the tickets within their own territory; the central
-- team's (home territory: the country) work them all. Tickets of before this are given their
-- reporter's territory as it is now.
-- Twin of migrations/sqlite/0022_ticket_territory.sql: keep the two alike.
ALTER TABLE tickets ADD COLUMN territory_path TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE tickets SET territory_path = COALESCE(
    (SELECT u.territory_path FROM users u WHERE u.id = tickets.reporter_id),
    (SELECT p.territory_path FROM persons p WHERE p.id = tickets.caller_person_id),
    (SELECT u.territory_path FROM users u WHERE u.id = tickets.created_by),
    '');
CREATE INDEX tickets_territory ON tickets (territory_path, id);
