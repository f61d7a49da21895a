"""How the dashboard writes a figure: money in the reporting currency with its
symbol and cents (never sub-cent digits), rates as percentages, counts with
thousands separators. A missing value is an em dash, never 'nan' or 'None'."""
import math
from decimal import ROUND_HALF_UP, Decimal

MISSING = "—"

# Symbols of the common reporting currencies; any other ISO code is written
# before the amount ("CHF 1,234.50").
CURRENCY_SYMBOLS = {
    "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹", "KRW": "₩",
    "AUD": "A$", "CAD": "CA$", "NZD": "NZ$", "BRL": "R$", "MXN": "MX$", "SEK": "kr ", "NOK": "kr ",
    "DKK": "kr ", "PLN": "zł ", "CHF": "CHF ", "ZAR": "R ", "SGD": "S$", "HKD": "HK$", "ILS": "₪",
}
# Currencies without minor units are shown without decimals.
ZERO_DECIMAL_CURRENCIES = {"JPY", "KRW"}


def _missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("NaT", "<NA>")


def _decimal(value):
    # A float goes through its shortest repr, so 0.1 stays 0.1 (not 0.1000000000000000055...).
    return value if isinstance(value, Decimal) else Decimal(repr(float(value)))


def currency_symbol(currency):
    return CURRENCY_SYMBOLS.get(currency, currency + " ")


def money(value, currency, signed=False):
    """'$12,345.68' (half up to the cent); signed: '+$1.00' / '-$1.00'."""
    if _missing(value):
        return MISSING
    places = 0 if currency in ZERO_DECIMAL_CURRENCIES else 2
    amount = _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ("+" if signed and amount > 0 else "")
    return "%s%s%s" % (sign, currency_symbol(currency), format(abs(amount), ",.%df" % places))


def percent(value, signed=False, places=2):
    """A rate stored as a fraction: 0.0512 -> '5.12%'."""
    if _missing(value):
        return MISSING
    scaled = (_decimal(value) * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return ("%+.*f%%" if signed else "%.*f%%") % (places, scaled)


def points(value):
    """A change of a rate, in percentage points: 0.004 -> '+0.40 pp'."""
    if _missing(value):
        return MISSING
    scaled = (_decimal(value) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return "%+.2f pp" % scaled


def count(value, signed=False):
    if _missing(value):
        return MISSING
    return format(int(value), "+," if signed else ",")


def number(value, places=1, suffix="", signed=False):
    """A ratio, a score or a duration: 3.14159 -> '3.1' (+ suffix)."""
    if _missing(value):
        return MISSING
    rounded = _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format(rounded, "%s,.%df" % ("+" if signed else "", places)) + suffix
