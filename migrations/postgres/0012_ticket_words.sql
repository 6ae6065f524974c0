-- Vatra support queue: a word index of the tickets' search text (the folded number, subject and
-- reporter), so that a search for words reads their matches off the index instead of walking
-- every ticket with `LIKE '%word%'`. The queue looks each word up as the beginning of a word
-- (`to_tsquery('simple', 'word:*')`); the text is already folded, so the `simple` configuration
-- (no stemming, no stop words) keeps every word as it is. The statement must spell the
-- expression as the index does: `to_tsvector('simple', search)`.
-- Twin of migrations/sqlite/0012_ticket_words.sql: keep the two alike.
CREATE INDEX tickets_words ON tickets USING gin (to_tsvector('simple', search));
