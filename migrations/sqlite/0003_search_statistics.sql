-- Twin of migrations/postgres/0003_search_statistics.sql, which gives
-- PostgreSQL's planner finer statistics for the name keys of persons.
-- SQLite keeps no such per-column setting (and Vatra does not run ANALYZE
-- on it), so there is nothing to change here; the file keeps the two
-- dialects numbered alike.
SELECT 1;
