-- Benchmarks (issue 6): definitions, daily levels or daily returns, and composition weights. Facts like the
-- others: current version here, superseded versions in fact_history. Levels, returns and weights are exact
-- numeric as ingested; returns and weights are decimals (0.01 = 1 %). No foreign keys: a series may arrive
-- before its definition.

CREATE TABLE benchmarks (
  benchmark_id       text PRIMARY KEY,
  benchmark_name     text NOT NULL,
  benchmark_currency char(3) NOT NULL,
  benchmark_type     text NOT NULL,
  return_convention  text,
  provider           text,
  description        text,
  version            integer NOT NULL DEFAULT 1,
  content_hash       text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- The index level at the close of series_date; daily returns are derived from consecutive levels.
CREATE TABLE benchmark_levels (
  benchmark_id text NOT NULL,
  series_date  date NOT NULL,
  level        numeric NOT NULL CHECK (level > 0),
  version      integer NOT NULL DEFAULT 1,
  content_hash text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (benchmark_id, series_date)
);

-- The return over series_date, for benchmarks given as returns rather than levels.
CREATE TABLE benchmark_returns (
  benchmark_id text NOT NULL,
  series_date  date NOT NULL,
  daily_return numeric NOT NULL CHECK (daily_return > -1),
  version      integer NOT NULL DEFAULT 1,
  content_hash text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (benchmark_id, series_date)
);

-- One component's weight from composition_date on, by security or by an instrument attribute's value. The key
-- leads with (benchmark, dimension) so "the latest composition on or before a date" is an index range.
CREATE TABLE benchmark_compositions (
  benchmark_id     text NOT NULL,
  dimension        text NOT NULL,
  component_id     text NOT NULL,
  composition_date date NOT NULL,
  weight           numeric NOT NULL CHECK (weight >= 0 AND weight <= 1),
  component_return numeric CHECK (component_return > -1),
  version          integer NOT NULL DEFAULT 1,
  content_hash     text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (benchmark_id, dimension, component_id, composition_date)
);
CREATE INDEX benchmark_compositions_date_idx ON benchmark_compositions (benchmark_id, dimension, composition_date);
