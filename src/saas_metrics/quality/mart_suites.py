"""Expectation suites of the marts (docs/metrics.md) and of the audit tables.

Marts hold exactly, so these checks are strict (no `mostly`):
- `marts.contracts`: the columns and data types of every mart are those of
  its enforced contract (the `columns` of models/marts/**/_*__models.yml).
- `marts.<mart>`: generated from the data tests the mart's YAML already
  declares (load_marts), so a rule is written once, in dbt: its grain (keys
  not null and unique; monthly marts: one row per month of the reporting
  window, no gap, no duplicate, every category x month pair), its ranges
  (rates are fractions in [0, 1] where docs/metrics.md says so, scores in
  0..100, NPS in -100..100, counts and money >= 0), its allowed values
  (reference values such as bands and stages read from the seeds, never
  written here), the pairs that must be ordered (churned <= customers at the
  start, ...), and no email address in any text column.
- `audit.source_reconciliation`, `audit.rejected_rows`: nothing is lost
  (rows read = kept + rejected + superseded) and each source's rejected share
  stays within the raw tolerance of saas_metrics.quality.raw_suites.

From the YAML to the checks (load_marts):
- grain: `saas_metrics.contiguous_months` on `month` without partition_by ->
  one row per month; with partition_by [c] -> one row per month and c, c's
  values being the rows of the seed c has a `relationships` test to (the
  category set is named after that seed); `saas_metrics.unique_combination`
  [customer_id, month] -> one row per customer and month, any other
  combination (or else the first column both `unique` and `not_null`) -> the
  mart's key.
- column tests: `not_null`, `unique`, `accepted_values` {values},
  `relationships` {to: ref('seed'), field} (the seed's values as built, else
  its CSV file) and `saas_metrics.value_between` {min_value, max_value}.
- `saas_metrics.expression_is_true` {expression} without where_clause, when
  the expression is only comparisons of two plain columns of the mart joined
  by `and` (`customers_churned <= customers_start`, `a <= b and c = d`), or
  the membership of a column pair in a seed (`(a, b) in (select x, y from
  {{ ref('seed') }})`). Any other expression (arithmetic, literals, `or`,
  subqueries, a where_clause), other tests and tests with a `where` or
  severity `warn` config are left to dbt: Great Expectations does not
  re-implement them.

Month continuity: the loader adds the column `months_since_previous_row` to a
monthly mart (months between a row and the previous row of the same
category, ordered by month; null on the first row): 1 everywhere means no
gap and no duplicate; 0 is a duplicated month, 2 or more a gap before it.
"""
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import great_expectations.expectations as gxe
import jinja2
import yaml

from saas_metrics.paths import PROJECT_ROOT
from saas_metrics.quality.raw_suites import MAX_BAD_SHARE, MIN_BAD_ROWS, VALUE_BAD_SHARE

MARTS_MODELS = PROJECT_ROOT / "models" / "marts"
SEEDS = PROJECT_ROOT / "seeds"

EMAIL_REGEX = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"
MONTH_STEP = "months_since_previous_row"

# The rows of a category seed that a month x category mart has a row for:
# every row, but only the funnel's stages of seed lifecycle_stages (the
# grid of leads_by_lifecycle_stage is its rows `where is_funnel_stage`).
CATEGORY_ROWS = {"lifecycle_stages": "is_funnel_stage"}


# ------------------------------------------------------------- contracts --

def mart_models(models_dir=MARTS_MODELS):
    """Every model entry of the marts' YAML files (models/marts/**/*.yml), in file order."""
    for path in sorted(Path(models_dir).rglob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        yield from document.get("models") or []


def load_contracts(models_dir=MARTS_MODELS):
    """{mart: [(column, DATA_TYPE), ...]} from the marts' YAML (the enforced contracts)."""
    return {model["name"]: [(c["name"], normalise_type(c.get("data_type"))) for c in model.get("columns") or []]
            for model in mart_models(models_dir)}


def normalise_type(data_type, target_type="duckdb"):
    """The contract's type as DuckDB names it. A YAML data_type may be a Jinja
    expression on the target (e.g. `double` here, `double precision` on
    PostgreSQL): it is rendered for the DuckDB target first."""
    if data_type is None:
        return None
    text = str(data_type)
    if "{{" in text:
        text = jinja2.Environment().from_string(text).render(target={"type": target_type})
    return "".join(text.split()).upper()


def contracts_expectations(contracts):
    """Suite marts.contracts, on one row per mart column of the DuckDB
    catalogue (mart, column_name, data_type, mart_column = mart.column)."""
    expected = sorted("%s.%s" % (mart, column) for mart, columns in contracts.items() for column, _ in columns)
    pairs = sorted(("%s.%s" % (mart, column), data_type)
                   for mart, columns in contracts.items() for column, data_type in columns)
    return [
        gxe.ExpectColumnDistinctValuesToContainSet(
            column="mart", value_set=sorted(contracts),
            meta={"rule": "every mart of models/marts is a table of schema marts"}),
        gxe.ExpectColumnDistinctValuesToEqualSet(
            column="mart_column", value_set=expected,
            meta={"rule": "the columns of every mart are exactly those of its contract"}),
        gxe.ExpectColumnPairValuesToBeInSet(
            column_A="mart_column", column_B="data_type", value_pairs_set=pairs,
            meta={"rule": "every column has its contract's data_type"}),
    ]


# ------------------------------------------------------------------ marts --

@dataclass(frozen=True)
class Mart:
    name: str
    grain: str                   # 'month', 'month_category', 'customer_month', 'entity'
    key: tuple = ()              # entity key (grain 'entity')
    category: str = None         # category column (grain 'month_category')
    categories: str = None       # name of the category set: the seed the categories are rows of
    checks: tuple = ()
    category_field: str = None   # the seed's column holding the categories (default: `category`)

    @property
    def suite_name(self):
        return "marts." + self.name

    @property
    def key_columns(self):
        if self.grain == "month":
            return ["month"]
        if self.grain == "month_category":
            return ["month", self.category]
        if self.grain == "customer_month":
            return ["customer_id", "month"]
        return list(self.key)

    @property
    def is_monthly(self):
        return self.grain in ("month", "month_category")


@dataclass
class MartContext:
    """What the suites compare with, read from the same DuckDB file."""
    months: list                 # the reporting window, 'YYYY-MM-DD' (intermediate.int_reporting_months)
    seeds: dict = field(default_factory=dict)    # seed name -> [{column: value}] (the seeds as built, else CSV)

    def seed_values(self, seed, column):
        """The distinct non-null values of a seed's column."""
        return sorted({row.get(column) for row in self.seeds.get(seed, ()) if row.get(column) is not None},
                      key=str)

    def seed_pairs(self, seed, columns):
        return sorted({tuple(row.get(c) for c in columns) for row in self.seeds.get(seed, ())}, key=str)

    def category_values(self, seed, column):
        """The categories of a month x category mart: `column` of the seed's rows (CATEGORY_ROWS)."""
        flag = CATEGORY_ROWS.get(seed)
        return sorted({row.get(column) for row in self.seeds.get(seed, ())
                       if row.get(column) is not None and (flag is None or _is_true(row.get(flag)))}, key=str)


def _is_true(value):
    return value is True or str(value).strip().lower() in ("true", "t", "1", "yes")


def read_seed_csv(name, seeds_dir=SEEDS):
    """A seed's rows from its CSV file (every value as text, empty cells as None); [] when there is none."""
    for path in sorted(Path(seeds_dir).rglob("%s.csv" % name)):
        with open(path, newline="", encoding="utf-8") as handle:
            return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(handle)]
    return []


def referenced_seeds(marts):
    """The seeds the checks of these marts read values from."""
    names = {mart.categories for mart in marts if mart.categories}
    for mart in marts:
        names.update(check[2] for check in mart.checks if check[0] == "in_seed")
        names.update(check[3] for check in mart.checks if check[0] == "pair_in_seed")
    return sorted(names)


# A check is a tuple: (kind, columns..., options). Kinds:
#   nonneg      value >= 0                    fraction  0 <= value <= 1 (a rate)
#   score       0 <= value <= 100             between   (column, min, max)
#   notnull     value present                 unique    (column,)
#   in_set      (column, values)              in_seed   (column, seed, seed column): a value of the seed
#   le, lt, eq  (a, b): a <= b, a < b, a = b on every row
#   pair_in_seed  (a, b, seed, (seed column of a, seed column of b)): the pair is a row of the seed

_IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]*"
_COMPARISON = re.compile(r"^(%s)\s*(<=|>=|<|>|=)\s*(%s)$" % (_IDENTIFIER, _IDENTIFIER))
_PAIR_IN_SEED = re.compile(
    r"^\(\s*(?P<a>{i})\s*,\s*(?P<b>{i})\s*\)\s+in\s+\(\s*select\s+(?P<x>{i})\s*,\s*(?P<y>{i})\s+from\s+"
    r"\{{\{{\s*ref\(\s*['\"](?P<seed>{i})['\"]\s*\)\s*\}}\}}\s*\)$".format(i=_IDENTIFIER), re.IGNORECASE)
_REF = re.compile(r"^\s*ref\(\s*['\"](%s)['\"]\s*\)\s*$" % _IDENTIFIER)
_TEST_KEYS = ("arguments", "config", "name", "description")
_CONFIG_KEYS = ("where", "severity", "enabled", "error_if", "warn_if", "limit", "store_failures", "tags", "meta")


def _tests(entries):
    """[(test name without the package, arguments, config)] of a data_tests list."""
    tests = []
    for entry in entries or []:
        if isinstance(entry, str):
            name, body = entry, {}
        else:
            (name, body), = entry.items()
            body = body or {}
        arguments = body.get("arguments")
        if arguments is None:   # older style: the arguments beside the config
            arguments = {k: v for k, v in body.items() if k not in _TEST_KEYS + _CONFIG_KEYS}
        config = dict(body.get("config") or {})
        config.update({k: v for k, v in body.items() if k in _CONFIG_KEYS})
        tests.append((name.split(".")[-1], dict(arguments or {}), config))
    return tests


def _is_strict(config):
    """A test on every row that fails the build (not filtered, not a warning, not disabled)."""
    return (not config.get("where") and str(config.get("severity", "error")).lower() != "warn"
            and config.get("enabled", True) is not False)


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _range_check(column, arguments):
    min_value, max_value = _number(arguments.get("min_value")), _number(arguments.get("max_value"))
    if (min_value is None and arguments.get("min_value") is not None) or (
            max_value is None and arguments.get("max_value") is not None):
        return None   # a bound that is not a number (e.g. Jinja): left to dbt
    if min_value is None and max_value is None:
        return None
    if (min_value, max_value) == (0, 1):
        return ("fraction", column)
    if (min_value, max_value) == (0, 100):
        return ("score", column)
    if min_value == 0 and max_value is None:
        return ("nonneg", column)
    return ("between", column, min_value, max_value)


def _seed_of(arguments):
    """(seed, column) of a relationships test to a ref(), else None."""
    match = _REF.match(str(arguments.get("to") or ""))
    if not match or not arguments.get("field"):
        return None
    return match.group(1), str(arguments["field"])


def expression_checks(expression, columns):
    """The checks an expression_is_true expression amounts to, [] when it is left to dbt."""
    text = " ".join(str(expression).split())
    pair = _PAIR_IN_SEED.match(text)
    if pair:
        if pair.group("a") in columns and pair.group("b") in columns:
            return [("pair_in_seed", pair.group("a"), pair.group("b"), pair.group("seed"),
                     (pair.group("x"), pair.group("y")))]
        return []
    checks = []
    for part in re.split(r"\s+and\s+", text, flags=re.IGNORECASE):
        match = _COMPARISON.match(part.strip())
        if not match or match.group(1) not in columns or match.group(3) not in columns:
            return []
        a, operator, b = match.groups()
        if operator in (">=", ">"):
            a, b, operator = b, a, {">=": "<=", ">": "<"}[operator]
        checks.append(({"<=": "le", "<": "lt", "=": "eq"}[operator], a, b))
    return checks


def mart_from_model(model):
    """The Mart of one model of a marts YAML file (its grain and checks, from its data tests)."""
    columns = [c["name"] for c in model.get("columns") or []]
    column_tests = {c["name"]: [t for t in _tests(c.get("data_tests") or c.get("tests")) if _is_strict(t[2])]
                    for c in model.get("columns") or []}
    model_tests = [t for t in _tests(model.get("data_tests") or model.get("tests")) if _is_strict(t[2])]
    seeds = {column: _seed_of(arguments) for column, tests in column_tests.items()
             for name, arguments, _ in tests if name == "relationships" and _seed_of(arguments)}

    grain, key, category, categories, category_field = "entity", (), None, None, None
    contiguous = [a for n, a, _ in model_tests if n == "contiguous_months" and a.get("column_name") == "month"]
    combinations = [list(a.get("columns") or []) for n, a, _ in model_tests if n == "unique_combination"]
    partition = contiguous[0].get("partition_by") if contiguous else None
    partition = [partition] if isinstance(partition, str) else list(partition or [])
    if contiguous and not partition:
        grain = "month"
    elif contiguous and len(partition) == 1:
        grain, category = "month_category", partition[0]
        if category in seeds:
            categories, category_field = seeds[category]
    elif contiguous:
        key = tuple(["month"] + partition)
    elif combinations and set(combinations[0]) == {"customer_id", "month"}:
        grain = "customer_month"
    elif combinations:
        key = tuple(combinations[0])
    else:
        names = {column: {n for n, _, _ in tests} for column, tests in column_tests.items()}
        key = next(((c,) for c in columns if {"unique", "not_null"} <= names[c]), ())
    keys = set(Mart(model["name"], grain, key=key, category=category).key_columns)

    checks = []
    for column in columns:
        for name, arguments, _ in column_tests[column]:
            check = None
            if name == "not_null" and column not in keys:
                check = ("notnull", column)
            elif name == "unique" and not (column in keys and len(keys) == 1):
                check = ("unique", column)
            elif name == "value_between":
                check = _range_check(column, arguments)
            elif name == "accepted_values" and arguments.get("values") and not any(
                    "{{" in str(v) for v in arguments["values"]):
                check = ("in_set", column, tuple(arguments["values"]))
            elif name == "relationships" and _seed_of(arguments):
                check = ("in_seed", column) + _seed_of(arguments)
            if check:
                checks.append(check)
    for name, arguments, _ in model_tests:
        if name == "expression_is_true" and not arguments.get("where_clause"):
            checks.extend(expression_checks(arguments.get("expression", ""), columns))
    return Mart(model["name"], grain, key=key, category=category, categories=categories,
                category_field=category_field, checks=tuple(dict.fromkeys(checks)))


def load_marts(models_dir=MARTS_MODELS):
    """(Mart, ...) of every model of the marts' YAML (models/marts/**/_*__models.yml), from its data tests."""
    return tuple(mart_from_model(model) for model in mart_models(models_dir))


_RULES = {
    "nonneg": "is >= 0",
    "fraction": "is a rate, a fraction in [0, 1]",
    "score": "is a score in 0..100",
}


def mart_expectations(mart, contract_columns, context):
    """The expectations of one mart. contract_columns: [(column, DATA_TYPE)]."""
    expectations = [gxe.ExpectColumnToExist(column=column, meta={"rule": "contract column"})
                    for column, _ in contract_columns]
    keys = mart.key_columns
    for column in keys:
        expectations.append(gxe.ExpectColumnValuesToNotBeNull(column=column, meta={"rule": "key column present"}))
    if len(keys) == 1:
        expectations.append(gxe.ExpectColumnValuesToBeUnique(column=keys[0], meta={"rule": "one row per key"}))
    elif keys:
        expectations.append(gxe.ExpectCompoundColumnsToBeUnique(
            column_list=keys, meta={"rule": "one row per %s" % " x ".join(keys)}))
    if "month" in keys:
        expectations.append(gxe.ExpectColumnValuesToBeInSet(
            column="month", value_set=context.months,
            meta={"rule": "the first day of a month of the reporting window %s..%s (int_reporting_months)"
                          % (context.months[0], context.months[-1]) if context.months else "a reporting month"}))
    if mart.is_monthly:
        grid = bool(mart.category and mart.categories)
        categories = context.category_values(mart.categories, mart.category_field or mart.category) if grid \
            else [None]
        expectations.append(gxe.ExpectColumnValuesToBeInSet(
            column=MONTH_STEP, value_set=[1],
            meta={"rule": "month continuity: each month follows the previous row%s by exactly one month "
                          "(0 = a duplicated month, 2 or more = missing months before it)"
                          % (" of its %s" % mart.category if mart.category else "")}))
        if grid or not mart.category:
            expectations.append(gxe.ExpectTableRowCountToEqual(
                value=len(context.months) * len(categories),
                meta={"rule": "one row per month of the window%s: %d months%s"
                              % (" and %s" % mart.category if mart.category else "", len(context.months),
                                 " x %d %s" % (len(categories), mart.categories) if grid else "")}))
        if grid:
            expectations.append(gxe.ExpectColumnDistinctValuesToEqualSet(
                column=mart.category, value_set=categories,
                meta={"rule": "every %s of %s, each month" % (mart.category, mart.categories)}))
    for check in mart.checks:
        expectations.extend(_check_expectations(check, context))
    for column, data_type in contract_columns:
        if data_type == "VARCHAR":
            expectations.append(gxe.ExpectColumnValuesToNotMatchRegex(
                column=column, regex=EMAIL_REGEX, meta={"rule": "no email address in a mart (point at a person "
                                                                 "by Record ID or person_id)"}))
    return expectations


def _check_expectations(check, context):
    kind = check[0]
    if kind in _RULES:
        column = check[1]
        bounds = {"nonneg": (0, None), "fraction": (0, 1), "score": (0, 100)}[kind]
        return [gxe.ExpectColumnValuesToBeBetween(column=column, min_value=bounds[0], max_value=bounds[1],
                                                  meta={"rule": _RULES[kind]})]
    if kind == "between":
        _, column, min_value, max_value = check
        rule = "is %s" % " and ".join(part for part in (
            ">= %s" % min_value if min_value is not None else "", "<= %s" % max_value if max_value is not None
            else "") if part)
        return [gxe.ExpectColumnValuesToBeBetween(column=column, min_value=min_value, max_value=max_value,
                                                  meta={"rule": rule})]
    if kind == "notnull":
        return [gxe.ExpectColumnValuesToNotBeNull(column=check[1], meta={"rule": "present on every row"})]
    if kind == "in_set":
        return [gxe.ExpectColumnValuesToBeInSet(column=check[1], value_set=list(check[2]),
                                                meta={"rule": "one of %s" % ", ".join(map(str, check[2]))})]
    if kind == "in_seed":
        _, column, seed, seed_column = check
        values = context.seed_values(seed, seed_column)
        return [gxe.ExpectColumnValuesToBeInSet(
            column=column, value_set=values,
            meta={"rule": "one of %s (seed %s.%s)" % (", ".join(map(str, values)) or "-", seed, seed_column)})]
    if kind in ("le", "lt"):
        _, a, b = check
        return [gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=b, column_B=a, or_equal=kind == "le", ignore_row_if="either_value_is_missing",
            meta={"rule": "%s %s %s on every row" % (a, "<=" if kind == "le" else "<", b)})]
    if kind == "eq":
        _, a, b = check
        return [gxe.ExpectColumnPairValuesToBeEqual(
            column_A=a, column_B=b, ignore_row_if="either_value_is_missing",
            meta={"rule": "%s = %s on every row" % (a, b)})]
    if kind == "unique":
        return [gxe.ExpectColumnValuesToBeUnique(column=check[1], meta={"rule": "unique"})]
    if kind == "pair_in_seed":
        _, a, b, seed, seed_columns = check
        return [gxe.ExpectColumnPairValuesToBeInSet(
            column_A=a, column_B=b, value_pairs_set=[list(p) for p in context.seed_pairs(seed, seed_columns)],
            meta={"rule": "%s of each %s as seed %s sets it" % (b, a, seed)})]
    raise ValueError("unknown check %r" % (check,))


# ------------------------------------------------------------------ audit --

def reconciliation_expectations(mandatory_sources):
    """Suite audit.source_reconciliation (derived columns: unaccounted_rows =
    read - kept - rejected - superseded; rejected_share = rejected / read;
    tolerated_share = the raw tolerance for that many rows)."""
    return [
        gxe.ExpectColumnValuesToBeUnique(column="source_name", meta={"rule": "one row per source"}),
        gxe.ExpectColumnDistinctValuesToContainSet(
            column="source_name", value_set=sorted(mandatory_sources),
            meta={"rule": "every raw source is reconciled"}),
        gxe.ExpectColumnValuesToBeInSet(
            column="unaccounted_rows", value_set=[0],
            meta={"rule": "nothing is lost: rows_read = rows_kept + rows_rejected + rows_superseded"}),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="tolerated_share", column_B="rejected_share", or_equal=True,
            meta={"rule": "rejected rows are at most max(%d %%, %d rows) of the rows read (capped at %d %%), "
                          "the raw files' tolerance" % (round(100 * VALUE_BAD_SHARE), MIN_BAD_ROWS,
                                                        round(100 * MAX_BAD_SHARE))}),
    ]


def rejected_rows_expectations(source_names):
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="source_name", meta={"rule": "present on every row"}),
        gxe.ExpectColumnValuesToBeInSet(column="source_name", value_set=sorted(source_names),
                                        meta={"rule": "a raw source of docs/inputs.md"}),
        gxe.ExpectColumnValuesToNotBeNull(column="reason", meta={"rule": "every rejected row has a reason"}),
        gxe.ExpectColumnValuesToMatchRegex(column="reason", regex=r"^[a-z][a-z0-9_]*$",
                                           meta={"rule": "a short stable snake_case reason code"}),
        gxe.ExpectColumnValuesToNotBeNull(column="raw_row", meta={"rule": "the raw row is kept"}),
    ]
