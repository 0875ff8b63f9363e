-- Issue 10: a large ingest request appends its records in several short statements instead of one long
-- transaction (PGlite has one connection, and no read can pass a transaction). The offsets are reserved first;
-- records inside a reserved range stay invisible to consumers (and everything after them, so each topic is
-- still read as a prefix) until the transaction that creates the job deletes the reservation. A process that
-- dies between the two leaves its reservation behind; the next start drops it with its records.
CREATE TABLE log_reservations (
  id           bigserial PRIMARY KEY,
  topic        text NOT NULL,
  first_offset bigint NOT NULL,
  next_offset  bigint NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX log_reservations_topic_idx ON log_reservations (topic, first_offset);
