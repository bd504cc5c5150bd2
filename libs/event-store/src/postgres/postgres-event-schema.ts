import type { Migration } from './postgres-migrations.js';

/**
 * The log. `position` is the global order. Writers commit in parallel: a
 * transaction locks the streams it appends to (in one order, so two never
 * deadlock), then takes the draw lock only while it gets its transaction id and
 * draws its positions (released before its commit and WAL flush). Transaction
 * ids are therefore drawn in the order positions are, and a reader takes only
 * the events of transactions older than the oldest one still running
 * (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`, as Emmett's
 * store does): a position it reads never has a smaller one still in flight (the
 * sequence-gap problem), committing late or rolled back. Data stays JSON text
 * (`json`, not `jsonb`): the bytes read back are the bytes written.
 */
export const EVENT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'events, one row per event, unique per stream and revision',
    sql: `CREATE TABLE events (
      position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id text NOT NULL UNIQUE,
      stream_id text NOT NULL,
      category text NOT NULL,
      revision integer NOT NULL,
      type text NOT NULL,
      schema_version integer NOT NULL,
      data json NOT NULL,
      metadata json NOT NULL,
      recorded_at text NOT NULL,
      UNIQUE (stream_id, revision));
    CREATE INDEX events_by_category ON events (category, position);
    CREATE INDEX events_by_type ON events (type, position);`,
  },
  {
    version: 2,
    description: 'pi_append: one round trip per append (idempotency, revision check and insert)',
    sql: `CREATE FUNCTION pi_append(
        p_stream text, p_category text, p_expected integer, p_ids text[], p_types text[], p_versions integer[],
        p_data text[], p_metadata text[], p_recorded_at text)
      RETURNS TABLE (outcome text, revision integer, event_position bigint)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_current integer;
        v_stored integer;
        v_consistent boolean;
      BEGIN
        -- Already stored (a retried append): answer like the first time, or refuse a mix.
        SELECT count(*) INTO v_stored FROM events e WHERE e.id = ANY (p_ids);
        SELECT max(e.revision) INTO v_current FROM events e WHERE e.stream_id = p_stream;
        IF v_stored > 0 THEN
          SELECT bool_and(e.stream_id = p_stream AND e.revision = f.revision + ids.n::integer - 1)
            INTO v_consistent
            FROM unnest(p_ids) WITH ORDINALITY AS ids(id, n)
            JOIN events e ON e.id = ids.id
            CROSS JOIN (SELECT e1.revision FROM events e1 WHERE e1.id = p_ids[1]) f;
          IF v_stored = array_length(p_ids, 1) AND v_consistent THEN
            RETURN QUERY SELECT 'replay'::text, e.revision, e.position FROM events e WHERE e.id = p_ids[array_length(p_ids, 1)];
          ELSE
            RETURN QUERY SELECT 'mixed'::text, v_current, NULL::bigint;
          END IF;
          RETURN;
        END IF;
        -- p_expected: -1 the stream must not exist, -2 any, else the revision of its last event.
        IF (p_expected = -1 AND v_current IS NOT NULL) OR (p_expected >= 0 AND v_current IS DISTINCT FROM p_expected) THEN
          RETURN QUERY SELECT 'wrong'::text, v_current, NULL::bigint;
          RETURN;
        END IF;
        RETURN QUERY
          INSERT INTO events (id, stream_id, category, revision, type, schema_version, data, metadata, recorded_at)
          SELECT x.id, p_stream, p_category, COALESCE(v_current, -1) + x.n::integer, x.type, x.version, x.data::json,
                 x.metadata::json, p_recorded_at
            FROM unnest(p_ids, p_types, p_versions, p_data, p_metadata) WITH ORDINALITY AS x(id, type, version, data, metadata, n)
            ORDER BY x.n
          RETURNING 'ok'::text, events.revision, events.position;
      END $$;`,
  },
  {
    version: 3,
    description: 'writers in parallel: transaction ids drawn with positions, readers bounded by the oldest running one',
    sql: `ALTER TABLE events ADD COLUMN transaction_id xid8 NOT NULL DEFAULT '0';
    ALTER TABLE events ALTER COLUMN transaction_id SET DEFAULT pg_current_xact_id();
    CREATE FUNCTION pi_begin_append(p_streams text[], p_stream_class integer, p_draw bigint) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        v_key integer;
      BEGIN
        -- The streams first, in one order: appends to the same stream wait here, before drawing anything.
        FOR v_key IN SELECT DISTINCT hashtext(s) FROM unnest(p_streams) AS s ORDER BY 1 LOOP
          PERFORM pg_advisory_xact_lock(p_stream_class, v_key);
        END LOOP;
        -- Then the draw lock (the caller releases it once its positions are drawn), and the transaction id under it.
        PERFORM pg_advisory_lock(p_draw);
        PERFORM pg_current_xact_id();
      END $$;`,
  },
  {
    version: 4,
    description: "one practice's events by type, for its reports (the funnel), without reading the others'",
    sql: `CREATE INDEX events_by_practice ON events ((metadata->>'practiceId'), type, position);`,
  },
  {
    version: 5,
    description: "one command's appends to several streams in one round trip: all of them, or none",
    // Every part is checked before any is inserted (the caller holds every stream's lock: nothing can move in
    // between), so a refusal needs no subtransaction: a transaction with many of them (one per command of a
    // group) would overflow PostgreSQL's subtransaction cache and slow every reader down.
    sql: `CREATE FUNCTION pi_append_parts(
        p_streams text[], p_categories text[], p_expected integer[], p_counts integer[], p_ids text[], p_types text[],
        p_versions integer[], p_data text[], p_metadata text[], p_recorded_at text)
      RETURNS TABLE (part integer, outcome text, revision integer, event_position bigint)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_from integer := 1;
        v_to integer;
        v_current integer;
        v_stored integer;
        v_consistent boolean;
      BEGIN
        -- First every part's checks, as pi_append makes them: a retried part must be stored whole and in order.
        FOR i IN 1 .. array_length(p_streams, 1) LOOP
          v_to := v_from + p_counts[i] - 1;
          SELECT count(*) INTO v_stored FROM events e WHERE e.id = ANY (p_ids[v_from:v_to]);
          SELECT max(e.revision) INTO v_current FROM events e WHERE e.stream_id = p_streams[i];
          IF v_stored > 0 THEN
            SELECT bool_and(e.stream_id = p_streams[i] AND e.revision = f.revision + ids.n::integer - 1)
              INTO v_consistent
              FROM unnest(p_ids[v_from:v_to]) WITH ORDINALITY AS ids(id, n)
              JOIN events e ON e.id = ids.id
              CROSS JOIN (SELECT e1.revision FROM events e1 WHERE e1.id = p_ids[v_from]) f;
            IF NOT (v_stored = p_counts[i] AND v_consistent) THEN
              RETURN QUERY SELECT i, 'mixed'::text, v_current, NULL::bigint;
              RETURN;
            END IF;
          ELSIF (p_expected[i] = -1 AND v_current IS NOT NULL)
             OR (p_expected[i] >= 0 AND v_current IS DISTINCT FROM p_expected[i]) THEN
            RETURN QUERY SELECT i, 'wrong'::text, v_current, NULL::bigint;
            RETURN;
          END IF;
          v_from := v_to + 1;
        END LOOP;
        -- Then every part's insert (or its replay's answer).
        v_from := 1;
        FOR i IN 1 .. array_length(p_streams, 1) LOOP
          v_to := v_from + p_counts[i] - 1;
          RETURN QUERY SELECT i, a.outcome, a.revision, a.event_position
            FROM pi_append(p_streams[i], p_categories[i], p_expected[i], p_ids[v_from:v_to], p_types[v_from:v_to],
                           p_versions[v_from:v_to], p_data[v_from:v_to], p_metadata[v_from:v_to], p_recorded_at) a;
          v_from := v_to + 1;
        END LOOP;
      END $$;`,
  },
];
