-- Vatra support: the knowledge base. A saved reply can be offered to users writing a new ticket
-- (`offered`): as they type its subject, the answers whose words it shares are shown before they
-- send it. `search` is the folded title and text those words are matched in (see
-- `domain::ticket::answer_terms`); it is written when the reply is saved, so the replies saved
-- before this migration, not offered, start empty.
-- Twin of migrations/sqlite/0014_knowledge_base.sql: keep the two alike.
ALTER TABLE saved_replies ADD COLUMN offered BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE saved_replies ADD COLUMN search TEXT NOT NULL DEFAULT '';
