"""The five simulated documenting organisations: who they are and how they report.

The names are invented (marked "simulada"); only the ombudsman's list borrows the name
of a real institution's kind (PDDH), since a national ombudsman is unique. Each source's
``report_delay_days`` is the median of a log-normal delay from arrest to report, and
``reporters`` the relationship of the person who reports (``self`` only once released).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SOURCES", "Source", "source"]


@dataclass(frozen=True)
class Source:
    """One documenting source of the scenario."""

    code: str
    name: str
    kind: str  # vocabulary source_kind
    coverage_field: str  # the ScenarioSpec field with its share of people documented
    list_file: str
    mapping_file: str
    report_delay_days: float
    death_known: float  # probability a record of someone who died was made after the death
    reporters: tuple[tuple[str, float], ...]
    has_dui: bool


_FAMILY = (
    ("mother", 0.42), ("spouse", 0.25), ("sibling", 0.12), ("father", 0.06), ("child", 0.05),
    ("other_relative", 0.10),
)  # fmt: skip

SOURCES: tuple[Source, ...] = (
    Source(
        code="mesa_denuncias",
        name="Mesa Ciudadana de Denuncias (simulada) — ONG de derechos humanos",
        kind="ngo",
        coverage_field="coverage_ngo",
        list_file="mesa_denuncias.csv",
        mapping_file="mesa_denuncias.mapping.toml",
        report_delay_days=20,
        death_known=0.8,
        reporters=(
            *_FAMILY[:5],
            ("other_relative", 0.08),
            ("self", 0.05),
            ("neighbour", 0.04),
            ("other", 0.02),
        ),
        has_dui=True,
    ),
    Source(
        code="asistencia_legal",
        name="Oficina de Asistencia Legal Gratuita (simulada)",
        kind="legal_aid",
        coverage_field="coverage_legal_aid",
        list_file="asistencia_legal_casos.xlsx",
        mapping_file="asistencia_legal.mapping.toml",
        report_delay_days=30,
        death_known=0.6,
        reporters=(*_FAMILY[:5], ("other_relative", 0.06), ("self", 0.07), ("lawyer", 0.05)),
        has_dui=True,
    ),
    Source(
        code="familiares",
        name="Asociación de Familiares de Personas Detenidas (simulada)",
        kind="family_association",
        coverage_field="coverage_family",
        list_file="familiares_registro.csv",
        mapping_file="familiares.mapping.toml",
        report_delay_days=45,
        death_known=0.8,
        reporters=_FAMILY,
        has_dui=True,
    ),
    Source(
        code="pddh",
        name="Procuraduría para la Defensa de los Derechos Humanos — casos (simulada)",
        kind="ombudsman",
        coverage_field="coverage_ombudsman",
        list_file="pddh_casos.csv",
        mapping_file="pddh.mapping.yaml",
        report_delay_days=25,
        death_known=0.85,
        reporters=(
            *_FAMILY[:5],
            ("other_relative", 0.08),
            ("self", 0.05),
            ("neighbour", 0.05),
            ("other", 0.08),
        ),
        has_dui=True,
    ),
    Source(
        code="prensa",
        name="Monitoreo de prensa (simulado)",
        kind="press",
        coverage_field="coverage_press",
        list_file="prensa_monitoreo.json",
        mapping_file="prensa.mapping.toml",
        report_delay_days=3,
        death_known=0.95,
        reporters=(("press", 1.0),),
        has_dui=False,
    ),
)


def source(code: str) -> Source:
    """The source with this code (KeyError if none)."""
    for s in SOURCES:
        if s.code == code:
            return s
    raise KeyError(code)
