-- API keys: only the SHA-256 of a key is kept (the key itself is shown once, by `pas keys create`). A key is
-- 256 random bits, so a plain hash is as strong as a slow one. portfolios NULL: every portfolio.
CREATE TABLE api_keys (
  key_id      text PRIMARY KEY,
  name        text NOT NULL,
  secret_hash text NOT NULL UNIQUE,
  scopes      text[] NOT NULL,
  portfolios  text[],
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

-- Every write, attributable: who (key_id; NULL when auth is off or from the command line), what (action,
-- endpoint, entity type, record counts), which job and request (job_id, correlation_id), and when.
CREATE TABLE audit_events (
  id             bigserial PRIMARY KEY,
  at             timestamptz NOT NULL DEFAULT now(),
  action         text NOT NULL,
  key_id         text,
  endpoint       text,
  entity_type    text,
  job_id         text,
  correlation_id text,
  counts         jsonb NOT NULL DEFAULT '{}'::jsonb,
  detail         jsonb
);
CREATE INDEX audit_events_job_idx ON audit_events (job_id) WHERE job_id IS NOT NULL;
CREATE INDEX audit_events_key_idx ON audit_events (key_id, id);
