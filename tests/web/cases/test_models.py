"""The Record model follows the canonical schema, declared once in habeas.domain.schema."""

from __future__ import annotations

from django.db import models

from habeas.domain.schema import COLUMNS, RECORD_COLUMNS, Kind
from habeas.web.cases.models import RECORD_FIELDS, Record


def test_every_canonical_column_has_a_record_field() -> None:
    names = {f.name for f in Record._meta.get_fields()}
    assert set(RECORD_COLUMNS) <= names


def test_record_fields_follow_the_schema_order() -> None:
    expected = tuple(c for c in RECORD_COLUMNS if c not in ("source", "record_id"))
    assert expected == RECORD_FIELDS


def test_dates_are_text_so_month_precision_survives() -> None:
    for column in COLUMNS:
        if column.kind is Kind.DATE:
            field = Record._meta.get_field(column.name)
            assert isinstance(field, models.CharField)
            assert field.max_length == len("2022-03-27")


def test_every_canonical_value_may_be_unknown() -> None:
    for name in RECORD_FIELDS:
        assert Record._meta.get_field(name).null, name


def test_a_dui_field_holds_the_dashed_form_with_leading_zeros() -> None:
    assert Record._meta.get_field("dui").max_length == len("01234567-8")
