{#-
    Fails when the months of `column_name` are not one row per calendar
    month without gaps (optionally per group of `partition_by` columns):
    returns each month whose next month is missing although a later month
    exists, and each duplicated month.
-#}
{% test contiguous_months(model, column_name, partition_by=[]) %}

{%- set group_columns = partition_by | join(', ') %}

with

months as (

    select
        {%- for column in partition_by %} {{ column }},{% endfor %}
        {{ column_name }} as month
    from {{ model }}

),

problems as (

    select
        {%- for column in partition_by %} current_month.{{ column }},{% endfor %}
        current_month.month,
        'no next month' as problem
    from months as current_month
    left join months as next_month
        on next_month.month = {{ saas_metrics.add_months('current_month.month', 1) }}
        {%- for column in partition_by %} and next_month.{{ column }} = current_month.{{ column }}{% endfor %}
    where
        next_month.month is null
        and current_month.month < (
            select max(month) from months as later
            {%- if partition_by %} where {% for column in partition_by %}later.{{ column }} = current_month.{{ column }}{{ " and " if not loop.last }}{% endfor %}{% endif %}
        )

    union all

    select
        {%- for column in partition_by %} {{ column }},{% endfor %}
        month,
        'duplicated month' as problem
    from months
    group by {% if partition_by %}{{ group_columns }}, {% endif %}month
    having count(*) > 1

)

select * from problems

{% endtest %}
