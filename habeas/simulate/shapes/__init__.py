"""The five list shapes, one module per source: columns, labels, date formats, ids.

Each module has ``STYLE`` (how its clerks err, :class:`habeas.simulate.draft.Style`),
``COLUMNS`` (canonical field → header) and ``shape(rng, draft) -> Shape``.
"""

from __future__ import annotations

from types import ModuleType

from habeas.simulate.shapes import asistencia_legal, familiares, mesa_denuncias, pddh, prensa
from habeas.simulate.shapes._common import Shape

__all__ = ["SHAPES", "Shape"]

#: Source code → its shape module.
SHAPES: dict[str, ModuleType] = {
    "mesa_denuncias": mesa_denuncias,
    "asistencia_legal": asistencia_legal,
    "familiares": familiares,
    "pddh": pddh,
    "prensa": prensa,
}
