-- Vatra call-center intake: an agent finds a caller among the registered persons by IDNP (already
-- unique, so indexed) or by phone, as stored (digits, with a leading + when given).
-- Twin of migrations/sqlite/0008_call_center.sql: keep the two alike.
CREATE INDEX persons_phone ON persons (phone) WHERE phone IS NOT NULL;
