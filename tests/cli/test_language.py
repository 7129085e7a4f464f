"""Which language the command line uses for the problems it reports."""

import pytest

from habeas.cli import message_language


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "es"),
        ({"LANG": "C.UTF-8"}, "es"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "es_SV.UTF-8"}, "es"),
        ({"HABEAS_LANG": "en", "LANG": "es_SV.UTF-8"}, "en"),
        ({"HABEAS_LANG": "fr", "LANG": "en_US.UTF-8"}, "en"),
    ],
)
def test_it_speaks_spanish_unless_the_user_asks_for_english(environ, expected):
    assert message_language(environ) == expected
