-- The row rules of issue 11 at their edges, on every engine: a number with
-- var max_number_digits (15) significant digits before the point is read,
-- one more digit is out_of_range (never a cast error); a date on
-- var plausible_dates_from is plausible, one second earlier is not; an
-- activity date at the build time plus var plausible_days_ahead days is
-- plausible, one second later is not (planned dates: plus
-- var plausible_schedule_years_ahead years). One row per case whose rule
-- gives the wrong answer.
{%- set integer_checks = saas_metrics.number_checks('value') %}
{%- set decimal_checks = saas_metrics.number_checks('value', 'decimal') %}
{%- set activity_checks = saas_metrics.date_checks('value') %}
{%- set planned_checks = saas_metrics.date_checks('value', scheduled=true) %}
{%- set format = '%Y-%m-%d %H:%M:%S' %}
{%- set second = modules.datetime.timedelta(seconds=1) %}
{%- set activity_latest = run_started_at + modules.datetime.timedelta(days=var('plausible_days_ahead') | int) %}
{%- set planned_latest = run_started_at + modules.datetime.timedelta(days=(var('plausible_schedule_years_ahead') | int) * 36525 // 100) %}
{%- set earliest = modules.datetime.datetime.strptime(var('plausible_dates_from'), '%Y-%m-%d') %}
{#- (case, value, rule, expected: true = the row is rejected by the rule) -#}
{%- set cases = [
    ('integer_15_digits', '999999999999999', integer_checks[0].when, false),
    ('integer_15_digits_parsed', '-999999999999999', integer_checks[1].when, false),
    ('integer_leading_zeros', '0000000000000000001', integer_checks[0].when, false),
    ('integer_16_digits', '1000000000000000', integer_checks[0].when, true),
    ('integer_20_digits_not_non_numeric', '99999999999999999999', integer_checks[0].when, true),
    ('integer_with_point_is_non_numeric', '12.50', integer_checks[1].when, true),
    ('integer_with_point_not_out_of_range', '12.50', integer_checks[0].when, false),
    ('decimal_15_digits', '999999999999999.99', decimal_checks[0].when, false),
    ('decimal_15_digits_parsed', '999999999999999.99', decimal_checks[1].when, false),
    ('decimal_16_digits', '1000000000000000.5', decimal_checks[0].when, true),
    ('date_on_earliest', earliest.strftime(format), activity_checks[0].when, false),
    ('date_before_earliest', (earliest - second).strftime(format), activity_checks[0].when, true),
    ('activity_on_latest', activity_latest.strftime(format), activity_checks[1].when, false),
    ('activity_after_latest', (activity_latest + second).strftime(format), activity_checks[1].when, true),
    ('planned_after_activity_latest', (activity_latest + second).strftime(format), planned_checks[1].when, false),
    ('planned_on_latest', planned_latest.strftime(format), planned_checks[1].when, false),
    ('planned_after_latest', (planned_latest + second).strftime(format), planned_checks[1].when, true),
    ('unparseable_date_left_to_parse_check', 'not a date', activity_checks[0].when ~ ' or ' ~ activity_checks[1].when, false),
] %}

with

cases as (
    {%- for name, value, rule, expected in cases %}

    select
        '{{ name }}' as case_name,
        cast('{{ value }}' as {{ dbt.type_string() }}) as {{ adapter.quote('value') }},
        {{ expected }} as expected_rejected
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

evaluated as (
    {%- for name, value, rule, expected in cases %}

    select
        case_name,
        expected_rejected,
        coalesce({{ rule }}, false) as actual_rejected
    from cases
    where case_name = '{{ name }}'
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)

select
    case_name,
    expected_rejected,
    actual_rejected
from evaluated
where expected_rejected != actual_rejected
