-- Vatra support queue: a word index of the tickets' search text (the folded number, subject and
-- reporter), so that a search for words reads their matches off the index instead of walking
-- every ticket with `LIKE '%word%'`. The queue looks each word up as the beginning of a word.
-- FTS5 over the tickets table itself (external content): the text is kept once, in `tickets`,
-- and the triggers keep the index in step. Tickets are never deleted (0007), so no delete
-- trigger. The folded text is ASCII letters and digits only, hence the ascii tokenizer.
-- Twin of migrations/postgres/0012_ticket_words.sql: keep the two alike.
CREATE VIRTUAL TABLE tickets_words USING fts5 (
    search,
    content = 'tickets',
    content_rowid = 'id',
    tokenize = 'ascii',
    prefix = '2 3'
);
INSERT INTO tickets_words (tickets_words) VALUES ('rebuild');

CREATE TRIGGER tickets_words_insert AFTER INSERT ON tickets
BEGIN
    INSERT INTO tickets_words (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER tickets_words_update AFTER UPDATE OF search ON tickets
BEGIN
    INSERT INTO tickets_words (tickets_words, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO tickets_words (rowid, search) VALUES (new.id, new.search);
END;
