-- Poison-record isolation (issue 10): a record a stage could not process after bounded retries is kept here,
-- its offset committed past it, so every other record keeps flowing. Nothing is dropped: the row holds the
-- record itself and goes back on the log when a correcting fact for its subject arrives or a client retries.
CREATE TABLE quarantined_records (
  id              bigserial PRIMARY KEY,
  stage           text NOT NULL,
  topic           text NOT NULL,
  "partition"     integer NOT NULL,
  "offset"        bigint NOT NULL,
  record_key      text NOT NULL,
  -- What the record is about in its stage (a fact's business key, a position key, a portfolio): a later
  -- record of the stage with the same subject releases it.
  subject         text NOT NULL,
  portfolio_id    text,
  security_id     text,
  -- Whether the position keys of portfolio_id / security_id (whichever are set) show BLOCKED while it waits: a
  -- transaction or a change of a key does; a price or an FX rate, which many keys read, does not.
  blocks_keys     boolean NOT NULL,
  value           jsonb NOT NULL,
  headers         jsonb NOT NULL,
  error           text NOT NULL,
  attempts        integer NOT NULL,
  first_failed_at timestamptz NOT NULL,
  last_failed_at  timestamptz NOT NULL,
  -- QUARANTINED: waiting; RETRYING: back on the log; RESOLVED: processed after all, or superseded.
  status          text NOT NULL CHECK (status IN ('QUARANTINED', 'RETRYING', 'RESOLVED')),
  resolution      text,
  resolved_at     timestamptz
);
CREATE INDEX quarantined_records_waiting_idx ON quarantined_records (stage, subject) WHERE status = 'QUARANTINED';
CREATE INDEX quarantined_records_portfolio_idx ON quarantined_records (portfolio_id, id);

-- What a job's records left behind that a client must know: a key BLOCKED (missing FX, oversold, …) or a
-- record quarantined. Written when it happens; a problem whose key is CURRENT again when the job ends is dropped.
CREATE TABLE job_problems (
  job_id       text NOT NULL,
  portfolio_id text,
  security_id  text,
  reason       text NOT NULL
);
CREATE UNIQUE INDEX job_problems_idx
  ON job_problems (job_id, coalesce(portfolio_id, ''), coalesce(security_id, ''), reason);
