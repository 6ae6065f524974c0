-- Finer planner statistics for the name keys of persons.
-- Twin of migrations/sqlite/0003_search_statistics.sql.
--
-- A name search reads a range of search_key ('cojo' .. 'cojo{'). With the
-- default 100 histogram buckets over a million persons, a range inside one
-- frequent surname is estimated at a handful of rows when it holds
-- thousands; the planner then fetched them all by bitmap and sorted them
-- (25 ms and more) instead of walking the index in order and stopping after
-- one page (2 ms). 1000 buckets bound the error to about a thousand rows.
-- See docs/benchmarks.md.
ALTER TABLE persons ALTER COLUMN search_key SET STATISTICS 1000;
ALTER TABLE persons ALTER COLUMN name_key SET STATISTICS 1000;
