"""Where the synthetic detainees live: district weights, urban shares, gang presence.

The gazetteer spreads a municipality's population evenly over its districts when the
census figure of a district is missing, which makes El Paisnal as large as Soyapango.
For the simulation we override the best-known cities with rough sizes (2007 census
order of magnitude, analyst recollection, **uncertain**) so arrests concentrate where
they did: the San Salvador metropolitan area and the departmental capitals. Gang
presence is a truth-only factor: a seeded random draw per district, raised in the
places the press named as gang strongholds. None of this describes a real person.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from habeas.domain.gazetteer import districts
from habeas.domain.vocab import fold

__all__ = ["PlaceTable", "place_table"]

# (department code, district name) → rough population, urban share, gang-presence boost.
# Sizes are approximate (2007 census order of magnitude) and used only to weight draws.
_CITIES: dict[tuple[str, str], tuple[int, float, float]] = {
    ("06", "San Salvador"): (316_000, 0.98, 1.6),
    ("06", "Soyapango"): (241_000, 0.98, 2.0),
    ("06", "Mejicanos"): (140_000, 0.95, 2.2),
    ("06", "Apopa"): (131_000, 0.90, 2.2),
    ("06", "Ciudad Delgado"): (120_000, 0.95, 2.0),
    ("06", "Ilopango"): (103_000, 0.95, 2.0),
    ("06", "Tonacatepeque"): (90_000, 0.80, 1.6),
    ("06", "San Martín"): (72_000, 0.85, 1.6),
    ("06", "Cuscatancingo"): (66_000, 0.98, 2.0),
    ("06", "Ayutuxtepeque"): (34_000, 0.90, 1.4),
    ("06", "Panchimalco"): (41_000, 0.45, 1.2),
    ("05", "Santa Tecla"): (121_000, 0.92, 1.0),
    ("05", "Colón"): (96_000, 0.80, 1.6),
    ("05", "San Juan Opico"): (74_000, 0.55, 1.3),
    ("05", "Quezaltepeque"): (52_000, 0.70, 1.5),
    ("05", "Antiguo Cuscatlán"): (33_000, 0.98, 0.4),
    ("02", "Santa Ana"): (245_000, 0.85, 1.6),
    ("02", "Chalchuapa"): (74_000, 0.60, 1.2),
    ("02", "Metapán"): (59_000, 0.45, 0.9),
    ("12", "San Miguel"): (218_000, 0.85, 1.8),
    ("03", "Sonsonate"): (71_000, 0.85, 1.5),
    ("03", "Izalco"): (70_000, 0.55, 1.2),
    ("03", "Acajutla"): (52_000, 0.60, 1.3),
    ("11", "Usulután"): (73_000, 0.75, 1.5),
    ("01", "Ahuachapán"): (110_000, 0.55, 1.0),
    ("08", "Zacatecoluca"): (65_000, 0.65, 1.3),
    ("07", "Cojutepeque"): (50_000, 0.80, 1.2),
    ("10", "San Vicente"): (53_000, 0.60, 1.0),
    ("14", "La Unión"): (34_000, 0.65, 1.1),
    ("04", "Chalatenango"): (29_000, 0.60, 0.6),
    ("09", "Sensuntepeque"): (40_000, 0.45, 0.6),
    ("13", "San Francisco Gotera"): (21_000, 0.55, 0.6),
}


@dataclass(frozen=True)
class PlaceTable:
    """One row per district, in gazetteer order (arrays of equal length)."""

    code: np.ndarray  # district codes "0608"
    name: np.ndarray  # district names "Soyapango"
    department_code: np.ndarray
    department: np.ndarray
    population: np.ndarray  # float weights (see the module note)
    urban_share: np.ndarray
    gang_presence: np.ndarray  # truth-only factor, mean about 1
    weight: np.ndarray  # probability that a detainee lives here (sums to 1)


def place_table(rng: np.random.Generator) -> PlaceTable:
    """Draw the districts' gang presence and return the residence weights.

    Parameters
    ----------
    rng
        The generator of the scenario's place stream.

    Returns
    -------
    PlaceTable
        Residence probability proportional to population × gang presence.
    """
    ds = districts()
    cities = {(dep, fold(name)): v for (dep, name), v in _CITIES.items()}
    pop = np.empty(len(ds))
    urban = np.empty(len(ds))
    boost = np.ones(len(ds))
    for i, d in enumerate(ds):
        city = cities.get((d.department_code, fold(d.name)))
        if city is not None:
            pop[i], urban[i], boost[i] = city
        else:
            # Rural districts: size from the gazetteer, capped (its even split overstates
            # the small districts of big municipalities); urban share grows with size.
            pop[i] = min(d.population_estimate, 35_000)
            urban[i] = float(np.clip(0.15 + 0.5 * np.log10(pop[i] / 5_000), 0.1, 0.6))
    gang = boost * rng.lognormal(mean=-0.08, sigma=0.4, size=len(ds)) * (0.5 + urban)
    gang = gang / gang.mean()
    weight = pop * gang
    return PlaceTable(
        code=np.array([d.code for d in ds]),
        name=np.array([d.name for d in ds]),
        department_code=np.array([d.department_code for d in ds]),
        department=np.array([d.department for d in ds]),
        population=pop,
        urban_share=urban,
        gang_presence=gang,
        weight=weight / weight.sum(),
    )
