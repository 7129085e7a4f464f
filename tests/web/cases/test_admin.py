"""The admin shows imported data, day-first dates and useful filters, and changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client

from habeas.ingest import ingest_file, read_mapping
from habeas.web.cases.actions import import_result
from habeas.web.cases.admin import shown_date, shown_names
from habeas.web.cases.models import QuarantinedRow, Record

if TYPE_CHECKING:
    from tests.conftest import ListMaker


def test_dates_show_day_first_and_months_alone() -> None:
    assert shown_date("2022-03-27") == "27/03/2022"
    assert shown_date("2022-03") == "03/2022"
    assert shown_date(None) == ""
    assert shown_date("27 de marzo") == "27 de marzo"


def test_names_read_in_order_with_married_surname_and_alias() -> None:
    record = Record(
        given_names="María Elena",
        surname_1="Hernández",
        surname_2="López",
        married_surname="Gómez",
        alias="La Chele",
    )
    assert shown_names(record) == 'María Elena Hernández López de Gómez "La Chele"'
    assert shown_names(Record(full_name="HERNÁNDEZ, JOSÉ")) == "HERNÁNDEZ, JOSÉ"


@pytest.mark.parametrize("model", [Record, QuarantinedRow])
def test_case_data_cannot_be_added_changed_or_deleted_in_the_admin(model: type) -> None:
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(None)
    assert not model_admin.has_change_permission(None)
    assert not model_admin.has_delete_permission(None)


@pytest.mark.django
def test_the_record_list_shows_the_useful_columns_in_spanish(lists: ListMaker) -> None:
    # given
    written = lists.write(lists.csv(lists.rows(2, **{"CDH-0002": {"Sexo": "Z"}})))
    import_result(ingest_file(written.path, read_mapping(written.mapping)))
    client = Client()
    client.force_login(User.objects.create_superuser("ana", "ana@example.org", "x"))
    # when
    page = client.get("/admin/cases/record/", {"q": "Hernández"}, HTTP_ACCEPT_LANGUAGE="es")
    # then
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("CDH-0001", "José Antonio Hernández López", "27/03/2022", "válido"):
        assert text in html
    assert "fecha de captura" in html.lower()
    assert "estado del DUI" in html
    quarantine = client.get("/admin/cases/quarantinedrow/", HTTP_ACCEPT_LANGUAGE="es")
    assert quarantine.status_code == 200
    assert "CDH-0002" in quarantine.content.decode()
