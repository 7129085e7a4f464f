"""Dates show and read day first (dd/mm/yyyy) in Spanish and in English."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django import forms
from django.utils import formats, translation


@pytest.mark.parametrize("language", ["es", "en"])
def test_dates_show_day_first(language: str) -> None:
    with translation.override(language):
        assert formats.date_format(date(2022, 3, 27)) == "27/03/2022"
        assert formats.date_format(date(2022, 3, 27), "SHORT_DATE_FORMAT") == "27/03/2022"
        assert formats.localize(date(2022, 4, 2)) == "02/04/2022"
        assert formats.date_format(datetime(2022, 3, 27, 8, 30), "DATETIME_FORMAT") == (
            "27/03/2022 08:30"
        )


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_form_reads_dates_day_first_or_iso_never_month_first(language: str) -> None:
    field = forms.DateField()
    with translation.override(language):
        assert field.clean("02/04/2022") == date(2022, 4, 2)
        assert field.clean("2022-04-02") == date(2022, 4, 2)
        with pytest.raises(forms.ValidationError):
            field.clean("03/27/2022")


def test_numbers_use_a_decimal_point_as_in_el_salvador() -> None:
    with translation.override("es"):
        assert formats.number_format(1234.5, 2, force_grouping=True) == "1,234.50"
