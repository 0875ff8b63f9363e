-- Issue 11 item 7: versions of what the portfolio-scoped answers read, so a process may keep an answer and serve
-- it again while nothing it was computed from has changed (src/app/response-cache.ts). Statement-level triggers
-- on every table such an answer reads bump a row here in the writing transaction: no write path can forget it.
--
-- scope 'P:<portfolio_id>': a write to that portfolio's rows; scope 'M': a write that can change any portfolio's
-- answers (instruments, prices, FX rates, business dates, benchmarks, or a TRUNCATE that names no portfolio).
-- source: the table written ('*' for the anchor row below). One row per (scope, table) rather than one per scope,
-- so the stages that write different tables (persist: facts; position: lots, history; series: daily rows) do not
-- queue on one row lock for the same portfolio. The bumps are applied when the writing transaction commits (below).
--
-- version: the writer's transaction id (txid_current(): unique, and never reused, also across a TRUNCATE), so a
-- portfolio's versions never come back to an earlier value: two reads that see the same versions saw the same
-- data. The anchor row ('M', '*') exists from this migration on and is rewritten whenever rows here are deleted or
-- truncated: a row that went missing can then not make a later state look like an earlier one.
CREATE TABLE answer_versions (
  scope   text NOT NULL,
  source  text NOT NULL,
  version bigint NOT NULL,
  PRIMARY KEY (scope, source)
);
INSERT INTO answer_versions (scope, source, version) VALUES ('M', '*', txid_current());

-- The bumps of a transaction are staged here by its statements and applied at its commit, all at once, sorted:
-- a transaction then takes its answer_versions row locks in one statement, in (scope, source) order, at the very
-- end, while it waits for nothing else. Taken statement by statement instead, two stage transactions writing the
-- same portfolios' tables in a different order deadlocked (test/positions/concurrency.test.ts), and every
-- transaction held the locks, queueing the others, from its first write to its commit. Staged rows carry the
-- transaction id in their key: writers never wait for each other here.
CREATE TABLE answer_version_bumps (
  txid   bigint NOT NULL,
  scope  text NOT NULL,
  source text NOT NULL,
  PRIMARY KEY (txid, scope, source)
);

-- One row per writing transaction: its deferred trigger fires once, at commit, however many bumps were staged.
CREATE TABLE answer_version_commits (
  txid bigint PRIMARY KEY
);

-- At commit: applies (and removes) every bump the transaction staged. A row it already wrote is left alone.
CREATE FUNCTION apply_answer_version_bumps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH mine AS (DELETE FROM answer_version_bumps WHERE txid = NEW.txid RETURNING scope, source, txid)
  INSERT INTO answer_versions AS v (scope, source, version)
  SELECT scope, source, txid FROM mine ORDER BY scope, source
  ON CONFLICT (scope, source) DO UPDATE SET version = excluded.version WHERE v.version <> excluded.version;
  DELETE FROM answer_version_commits WHERE txid = NEW.txid;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER answer_version_commits_apply AFTER INSERT ON answer_version_commits
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION apply_answer_version_bumps();

-- Stages a bump for the portfolios in a statement's transition table(s), one per portfolio, or for the market.
-- TG_ARGV[0]: 'portfolio' (the rows carry portfolio_id) or 'market'.
CREATE FUNCTION bump_answer_versions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  me bigint := txid_current();
  changed boolean;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    -- Which portfolios lost rows is not known: every answer is invalid.
    INSERT INTO answer_version_bumps VALUES (me, 'M', TG_TABLE_NAME) ON CONFLICT DO NOTHING;
  ELSIF TG_ARGV[0] = 'market' THEN
    -- A statement that changed no row (an upsert of what was there) changes no answer. Each transition table is
    -- named in its own statement: PL/pgSQL plans a statement whole, and a trigger has only its event's tables.
    IF TG_OP = 'DELETE' THEN
      changed := EXISTS (SELECT 1 FROM old_rows);
    ELSE
      changed := EXISTS (SELECT 1 FROM new_rows);
    END IF;
    IF changed THEN
      INSERT INTO answer_version_bumps VALUES (me, 'M', TG_TABLE_NAME) ON CONFLICT DO NOTHING;
    END IF;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO answer_version_bumps
    SELECT DISTINCT me, 'P:' || portfolio_id, TG_TABLE_NAME FROM new_rows ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO answer_version_bumps
    SELECT DISTINCT me, 'P:' || portfolio_id, TG_TABLE_NAME FROM old_rows ON CONFLICT DO NOTHING;
  ELSE
    -- An UPDATE: the portfolios of the rows before and after (an update could move a row between portfolios).
    INSERT INTO answer_version_bumps
    SELECT DISTINCT me, 'P:' || p, TG_TABLE_NAME
    FROM (SELECT portfolio_id FROM new_rows UNION SELECT portfolio_id FROM old_rows) AS changed_rows (p)
    ON CONFLICT DO NOTHING;
  END IF;
  INSERT INTO answer_version_commits VALUES (me) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

-- With no GLOBAL business date the default as-of date of every portfolio is the latest fact date, the latest
-- transaction's among them (src/store/calendar.ts): a transaction of one portfolio then moves every answer.
CREATE FUNCTION bump_default_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM business_dates WHERE calendar_code = 'GLOBAL') THEN
    INSERT INTO answer_version_bumps VALUES (txid_current(), 'M', 'default_calendar') ON CONFLICT DO NOTHING;
    INSERT INTO answer_version_commits VALUES (txid_current()) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

-- Rows deleted here (by hand, or a TRUNCATE of every table): the anchor moves, so no earlier state comes back.
CREATE FUNCTION bump_answer_anchor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO answer_versions AS v (scope, source, version) VALUES ('M', '*', txid_current())
  ON CONFLICT (scope, source) DO UPDATE SET version = excluded.version;
  RETURN NULL;
END $$;
CREATE TRIGGER answer_versions_anchor_delete AFTER DELETE ON answer_versions
  FOR EACH STATEMENT EXECUTE FUNCTION bump_answer_anchor();
CREATE TRIGGER answer_versions_anchor_truncate AFTER TRUNCATE ON answer_versions
  FOR EACH STATEMENT EXECUTE FUNCTION bump_answer_anchor();

-- The triggers of one table: a transition table may belong to a trigger of one event only, hence four.
CREATE FUNCTION add_answer_version_triggers(tbl text, kind text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION bump_answer_versions(%L)', tbl || '_answer_insert', tbl, kind);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION bump_answer_versions(%L)', tbl || '_answer_update', tbl, kind);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION bump_answer_versions(%L)', tbl || '_answer_delete', tbl, kind);
  EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
                  FOR EACH STATEMENT EXECUTE FUNCTION bump_answer_versions(%L)', tbl || '_answer_truncate', tbl, kind);
END $$;

-- Portfolio-owned rows: the facts of a portfolio and everything the stages derive from them.
SELECT add_answer_version_triggers(t, 'portfolio') FROM unnest(ARRAY[
  'portfolios', 'transactions', 'position_keys', 'position_history', 'transaction_costs', 'cashflows', 'lots',
  'disposals', 'position_daily', 'portfolio_daily', 'holdings', 'series_versions']) AS t;
-- Rows any portfolio's answers may read.
SELECT add_answer_version_triggers(t, 'market') FROM unnest(ARRAY[
  'instruments', 'market_prices', 'fx_rates', 'business_dates', 'benchmarks', 'benchmark_levels',
  'benchmark_returns', 'benchmark_compositions']) AS t;
CREATE TRIGGER transactions_default_calendar AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON transactions
  FOR EACH STATEMENT EXECUTE FUNCTION bump_default_calendar();
DROP FUNCTION add_answer_version_triggers(text, text);
