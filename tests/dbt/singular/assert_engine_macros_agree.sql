-- The engine-specific SQL of the project (adapter-dispatched macros and the
-- dbt cross-database macros it relies on) gives the same answers on every
-- engine: string-to-timestamp parsing (impossible dates, epoch seconds and
-- milliseconds, offsets and local time zones included), regular expressions, decimal rounding, division (never
-- integer division), date arithmetic, hashing and string splitting.
-- One row per check whose result is not the expected value; runs with
-- `dbt build` on DuckDB, PostgreSQL and Spark alike.
{%- set ts = dbt.type_timestamp() %}
{%- set checks = [
    ('timestamp_iso_utc', saas_metrics.parse_timestamp("'2024-03-01T10:00:00Z'"), "cast('2024-03-01 10:00:00' as " ~ ts ~ ")"),
    ('timestamp_space', saas_metrics.parse_timestamp("' 2024-03-01 10:00:00 '"), "cast('2024-03-01 10:00:00' as " ~ ts ~ ")"),
    ('timestamp_date_only', saas_metrics.parse_timestamp("'2024-03-01'"), "cast('2024-03-01 00:00:00' as " ~ ts ~ ")"),
    ('timestamp_fraction', saas_metrics.parse_timestamp("'2024-03-01T10:00:00.250Z'"), "cast('2024-03-01 10:00:00.25' as " ~ ts ~ ")"),
    ('timestamp_zero_offset', saas_metrics.parse_timestamp("'2024-03-01T10:00:00+00:00'"), "cast('2024-03-01 10:00:00' as " ~ ts ~ ")"),
    ('timestamp_epoch_seconds', saas_metrics.parse_timestamp("'1709287200'"), "cast('2024-03-01 10:00:00' as " ~ ts ~ ")"),
    ('timestamp_impossible_day', saas_metrics.parse_timestamp("'2024-02-30'"), "cast(null as " ~ ts ~ ")"),
    ('timestamp_impossible_month', saas_metrics.parse_timestamp("'2023-13-01'"), "cast(null as " ~ ts ~ ")"),
    ('timestamp_other_offset', saas_metrics.parse_timestamp("'2024-03-01T10:00:00+02:00'"), "cast('2024-03-01 08:00:00' as " ~ ts ~ ")"),
    ('timestamp_offset_no_colon', saas_metrics.parse_timestamp("'2024-03-01T10:00:00+0530'"), "cast('2024-03-01 04:30:00' as " ~ ts ~ ")"),
    ('timestamp_negative_offset_across_midnight', saas_metrics.parse_timestamp("'2024-02-29 22:15:00 -05:00'"), "cast('2024-03-01 03:15:00' as " ~ ts ~ ")"),
    ('timestamp_offset_hours_only', saas_metrics.parse_timestamp("'2024-03-01T10:00:00+02'"), "cast('2024-03-01 08:00:00' as " ~ ts ~ ")"),
    ('timestamp_space_utc', saas_metrics.parse_timestamp("'2024-03-01 10:00:00 UTC'"), "cast('2024-03-01 10:00:00' as " ~ ts ~ ")"),
    ('timestamp_fraction_and_offset', saas_metrics.parse_timestamp("'2024-03-01T10:00:00.5+01:00'"), "cast('2024-03-01 09:00:00.5' as " ~ ts ~ ")"),
    ('timestamp_impossible_with_offset', saas_metrics.parse_timestamp("'2024-02-30T10:00:00+02:00'"), "cast(null as " ~ ts ~ ")"),
    ('timestamp_epoch_milliseconds', saas_metrics.parse_timestamp("'1709287200250'"), "cast('2024-03-01 10:00:00.25' as " ~ ts ~ ")"),
    ('timestamp_local_berlin_winter', saas_metrics.parse_timestamp("'2024-03-01 10:00:00'", timezone='Europe/Berlin'), "cast('2024-03-01 09:00:00' as " ~ ts ~ ")"),
    ('timestamp_local_berlin_summer', saas_metrics.parse_timestamp("'2024-07-01 10:00:00'", timezone='Europe/Berlin'), "cast('2024-07-01 08:00:00' as " ~ ts ~ ")"),
    ('timestamp_offset_wins_over_local_zone', saas_metrics.parse_timestamp("'2024-07-01T10:00:00Z'", timezone='Europe/Berlin'), "cast('2024-07-01 10:00:00' as " ~ ts ~ ")"),
    ('timestamp_fourteen_digits_not_epoch', saas_metrics.parse_timestamp("'17092872002500'"), "cast(null as " ~ ts ~ ")"),
    ('timestamp_text', saas_metrics.parse_timestamp("'yesterday'"), "cast(null as " ~ ts ~ ")"),
    ('month_text', saas_metrics.parse_month("'2024-02'"), "cast('2024-02-01' as date)"),
    ('month_impossible', saas_metrics.parse_month("'2024-13'"), "cast(null as date)"),
    ('regex_full_match_only', saas_metrics.matches_regex("'12a'", '[0-9]+'), 'false'),
    ('regex_trimmed', saas_metrics.matches_regex("' 12 '", '[0-9]+'), 'true'),
    ('integer_signed', saas_metrics.parse_integer("'-42'"), 'cast(-42 as ' ~ dbt.type_bigint() ~ ')'),
    ('integer_not_a_number', saas_metrics.parse_integer("'4.2'"), 'cast(null as ' ~ dbt.type_bigint() ~ ')'),
    ('decimal_major_units', saas_metrics.parse_decimal("'-0.75'"), 'cast(-0.75 as ' ~ saas_metrics.type_money() ~ ')'),
    ('money_rounds_half_up_at_scale', saas_metrics.to_money('cast(2 as ' ~ saas_metrics.type_double() ~ ') / 3'), 'cast(0.66666667 as ' ~ saas_metrics.type_money() ~ ')'),
    ('division_is_not_integer', saas_metrics.safe_divide('1', '4'), 'cast(0.25 as ' ~ saas_metrics.type_double() ~ ')'),
    ('division_by_zero_is_null', saas_metrics.safe_divide('1', '0'), 'cast(null as ' ~ saas_metrics.type_double() ~ ')'),
    ('month_of_last_instant', saas_metrics.month_of("cast('2024-03-31 23:59:59' as " ~ ts ~ ")"), "cast('2024-03-01' as date)"),
    ('add_months_across_year', saas_metrics.add_months("cast('2024-12-01' as date)", 2), "cast('2025-02-01' as date)"),
    ('datediff_days_leap_year', dbt.datediff("cast('2024-02-01' as date)", "cast('2024-03-01' as date)", 'day'), '29'),
    ('datediff_months', dbt.datediff("cast('2024-01-31' as date)", "cast('2024-03-01' as date)", 'month'), '2'),
    ('hash_md5_hex', dbt.hash("'abc'"), "'900150983cd24fb0d6963f7d28e17f72'"),
    ('split_part_special_delimiter', dbt.split_part("'host.example?x=1'", "'?'", 1), "'host.example'"),
] %}

with

checks as (
    {%- for name, actual, expected in checks %}

    select
        '{{ name }}' as check_name,
        cast({{ actual }} as {{ dbt.type_string() }}) as actual_value,
        cast({{ expected }} as {{ dbt.type_string() }}) as expected_value,
        case when {{ actual }} is distinct from {{ expected }} then 1 else 0 end as is_wrong
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)

select
    check_name,
    actual_value,
    expected_value
from checks
where is_wrong = 1
