-- Vatra support figures: the tickets opened in a period are read by the day they were opened.
-- Twin of migrations/sqlite/0009_support_figures.sql: keep the two alike.
CREATE INDEX tickets_created ON tickets (created_at, id);
