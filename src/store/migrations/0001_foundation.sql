-- Foundation schema: facts, their version history, the local log, consumer offsets, the outbox and jobs.
-- PostgreSQL 15 dialect (PGlite accepts it too). Money, quantities, prices and rates are unbounded numeric.

-- ─── Facts (current version) ─────────────────────────────────────────────────────────────────────────────
-- Each fact carries the hash of its canonical content and a version that grows by one per correction;
-- superseded versions move to fact_history.

CREATE TABLE portfolios (
  portfolio_id            text PRIMARY KEY,
  base_currency           char(3) NOT NULL,
  open_date               date NOT NULL,
  close_date              date,
  risk_exposure           text NOT NULL,
  investment_time_horizon text NOT NULL,
  portfolio_type          text NOT NULL,
  objective               text,
  booking_center_code     text NOT NULL,
  client_id               text NOT NULL,
  is_leverage_allowed     boolean NOT NULL DEFAULT false,
  advisor_id              text,
  status                  text NOT NULL,
  cost_basis_method       text NOT NULL DEFAULT 'FIFO',
  version                 integer NOT NULL DEFAULT 1,
  content_hash            text NOT NULL,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX portfolios_client_idx ON portfolios (client_id);
CREATE INDEX portfolios_booking_center_idx ON portfolios (booking_center_code);

CREATE TABLE instruments (
  security_id                 text PRIMARY KEY,
  name                        text NOT NULL,
  isin                        text NOT NULL,
  currency                    char(3) NOT NULL,
  product_type                text NOT NULL,
  asset_class                 text,
  sector                      text,
  country_of_risk             text,
  rating                      text,
  maturity_date               date,
  issuer_id                   text,
  issuer_name                 text,
  ultimate_parent_issuer_id   text,
  ultimate_parent_issuer_name text,
  version                     integer NOT NULL DEFAULT 1,
  content_hash                text NOT NULL,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX instruments_isin_idx ON instruments (isin);
CREATE INDEX instruments_product_type_idx ON instruments (product_type);

-- No foreign key to portfolios or instruments: a transaction may arrive before them and waits (nothing dropped).
CREATE TABLE transactions (
  transaction_id              text PRIMARY KEY,
  portfolio_id                text NOT NULL,
  instrument_id               text NOT NULL,
  security_id                 text NOT NULL,
  transaction_date            timestamptz NOT NULL,
  transaction_type            text NOT NULL,
  quantity                    numeric NOT NULL,
  price                       numeric NOT NULL,
  gross_transaction_amount    numeric NOT NULL,
  trade_currency              char(3) NOT NULL,
  currency                    char(3) NOT NULL,
  trade_fee                   numeric NOT NULL DEFAULT 0,
  settlement_date             date,
  transaction_fx_rate         numeric,
  economic_event_id           text,
  linked_transaction_group_id text,
  calculation_policy_id       text,
  calculation_policy_version  text,
  source_system               text,
  version                     integer NOT NULL DEFAULT 1,
  content_hash                text NOT NULL,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX transactions_portfolio_security_date_idx ON transactions (portfolio_id, security_id, transaction_date);
CREATE INDEX transactions_portfolio_date_idx ON transactions (portfolio_id, transaction_date);

CREATE TABLE market_prices (
  security_id  text NOT NULL,
  price_date   date NOT NULL,
  price        numeric NOT NULL,
  currency     char(3) NOT NULL,
  version      integer NOT NULL DEFAULT 1,
  content_hash text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (security_id, price_date)
);

CREATE TABLE fx_rates (
  from_currency char(3) NOT NULL,
  to_currency   char(3) NOT NULL,
  rate_date     date NOT NULL,
  rate          numeric NOT NULL,
  version       integer NOT NULL DEFAULT 1,
  content_hash  text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (from_currency, to_currency, rate_date)
);

CREATE TABLE business_dates (
  calendar_code   text NOT NULL DEFAULT 'GLOBAL',
  business_date   date NOT NULL,
  market_code     text,
  source_system   text,
  source_batch_id text,
  version         integer NOT NULL DEFAULT 1,
  content_hash    text NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (calendar_code, business_date)
);

-- Every version a fact ever had that is no longer current, with the job that brought it.
CREATE TABLE fact_history (
  entity_type   text NOT NULL,
  business_key  text NOT NULL,
  version       integer NOT NULL,
  content_hash  text NOT NULL,
  payload       jsonb NOT NULL,
  job_id        text,
  superseded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entity_type, business_key, version)
);

-- ─── Local log ───────────────────────────────────────────────────────────────────────────────────────────
-- Append-only, one offset sequence per topic. An appender takes the topic's row lock in log_topics to draw
-- its offsets and holds it until commit, so offsets become visible in order and a reader never skips one.
CREATE TABLE log_topics (
  topic       text PRIMARY KEY,
  next_offset bigint NOT NULL DEFAULT 0
);

CREATE TABLE log_records (
  topic      text NOT NULL,
  "offset"   bigint NOT NULL,
  key        text NOT NULL,
  value      jsonb NOT NULL,
  headers    jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, "offset")
);

-- The next offset each consumer group will read, per topic partition (partition 0 on the local log).
-- Written in the same transaction as the group's work, in every mode.
CREATE TABLE consumer_offsets (
  group_id    text NOT NULL,
  topic       text NOT NULL,
  partition   integer NOT NULL DEFAULT 0,
  next_offset bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, topic, partition)
);

-- Outbox for the distributed mode: stages write here in their transaction; the dispatcher relays to Kafka.
CREATE TABLE outbox (
  id            bigserial PRIMARY KEY,
  topic         text NOT NULL,
  key           text NOT NULL,
  value         jsonb NOT NULL,
  headers       jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE dispatched_at IS NULL;

-- ─── Ingestion jobs ──────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE ingestion_jobs (
  job_id          text PRIMARY KEY,
  endpoint        text NOT NULL,
  entity_type     text NOT NULL,
  status          text NOT NULL,
  accepted_count  integer NOT NULL,
  idempotency_key text,
  request_hash    text NOT NULL,
  correlation_id  text NOT NULL,
  submitted_at    timestamptz NOT NULL DEFAULT now(),
  completed_at    timestamptz,
  failure_reason  text
);
CREATE UNIQUE INDEX ingestion_jobs_idempotency_idx ON ingestion_jobs (endpoint, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX ingestion_jobs_submitted_idx ON ingestion_jobs (submitted_at);

-- Records of a job not yet processed, per consumer group. A job is complete when every count is zero:
-- emitting on its behalf adds to the groups subscribed to the topic, consuming subtracts in the same
-- transaction as the work.
CREATE TABLE job_pending (
  job_id   text NOT NULL,
  group_id text NOT NULL,
  pending  bigint NOT NULL,
  PRIMARY KEY (job_id, group_id)
);
