"""Spanish as written in El Salvador: dd/mm/yyyy dates, 24-hour times, 1,234.56 numbers.

Django's own ``es`` formats follow Spain (``27 de marzo de 2022``, ``1.234,56``); El
Salvador writes numbers like the United States (its currency is the dollar), so the
decimal separator is a point.
"""

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "m/Y"
MONTH_DAY_FORMAT = "d/m"
FIRST_DAY_OF_WEEK = 0  # Sunday, as Salvadoran calendars start the week

# Read first as day/month/year; ISO is accepted too (never month/day/year).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
