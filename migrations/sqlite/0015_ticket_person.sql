-- Vatra support: an in-app ticket may be about a registered person, attached by its reporter
-- from that person's page (as a case may be). Support sees that a person is attached and
-- nothing of them, unless another role of theirs may read the person.
-- Twin of migrations/postgres/0015_ticket_person.sql: keep the two alike.
ALTER TABLE tickets ADD COLUMN person_id BIGINT REFERENCES persons (id);
