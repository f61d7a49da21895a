-- grain: one row per raw row of events/identifies*.csv, with its fate: kept,
-- rejected (with a reason) or superseded. Segment delivers at least once: of
-- the rows sharing an id, the one in the file whose name sorts last, then the
-- later row, is kept; the others are duplicate deliveries (superseded).
-- An event needs its id, an anonymous_id or a user_id (Segment sets one),
-- and a timestamp no later than the month of the latest activity of the
-- other sources (else future_timestamp: one event with a wrong clock must
-- not move the reporting window; macro segment_future_from).
-- Set-based: the only join is to that one-row limit; this is a large source.
-- Incremental (DuckDB, PostgreSQL): a run reads only the files it has not
-- read, when that gives a full rebuild's rows (macros/incremental_raw.sql).
{{ config(pre_hook=before_begin("{{ saas_metrics.reset_unless_append('segment', 'identifies', 'id', 'identify_id') }}")) }}
-- The columns after id, in file order (raw column, output column); the
-- rest of the SQL is macros/segment_base_model.sql.
{{ saas_metrics.segment_base_model('identifies', 'identify_id', [
    ('anonymous_id', 'anonymous_id'),
    ('user_id', 'user_id'),
    ('email', 'email'),
    ('timestamp', 'event_at')
]) }}
