-- Issue 11 item 7: a process that only answers queries learns of version changes without asking
-- (src/store/version-feed.ts). At commit, the scopes whose versions moved are sent on the channel
-- 'pas_answer_versions' as a comma-separated list: PostgreSQL delivers a NOTIFY only if and when its transaction
-- commits, in commit order. A payload is kept under 8000 bytes (PostgreSQL's limit) by sending long lists in
-- several parts; identical payloads within one transaction are sent once.
CREATE OR REPLACE FUNCTION apply_answer_version_bumps() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved text[];
BEGIN
  WITH mine AS (DELETE FROM answer_version_bumps WHERE txid = NEW.txid RETURNING scope, source, txid),
  applied AS (
    INSERT INTO answer_versions AS v (scope, source, version)
    SELECT scope, source, txid FROM mine ORDER BY scope, source
    ON CONFLICT (scope, source) DO UPDATE SET version = excluded.version WHERE v.version <> excluded.version
    RETURNING scope
  )
  SELECT array_agg(DISTINCT scope) INTO moved FROM applied;
  DELETE FROM answer_version_commits WHERE txid = NEW.txid;
  PERFORM pg_notify('pas_answer_versions', string_agg(scope, ',' ORDER BY scope))
  FROM (SELECT scope, sum(octet_length(scope) + 1) OVER (ORDER BY scope) / 7000 AS part
        FROM unnest(moved) AS scope) AS parts
  GROUP BY part;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION bump_answer_anchor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO answer_versions AS v (scope, source, version) VALUES ('M', '*', txid_current())
  ON CONFLICT (scope, source) DO UPDATE SET version = excluded.version;
  PERFORM pg_notify('pas_answer_versions', 'M');
  RETURN NULL;
END $$;
