"""Write the report's embedded fonts: DejaVu Sans (regular, bold), subset, as WOFF2.

A maintenance script, run once when the character set changes (the output is in the
tree; the report never reads system fonts). Needs the Debian package fonts-dejavu-core.

    .venv/bin/python scripts/make_report_fonts.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset

SOURCE = Path("/usr/share/fonts/truetype/dejavu")
OUT = Path(__file__).resolve().parent.parent / "habeas" / "report" / "fonts"
# Latin (Spanish and English), Latin-1 and Latin Extended-A, general punctuation, the
# arrows, stars and maths signs the report prints (→ ★ × ≥ − ·).
UNICODES = "U+0020-007E,U+00A0-017F,U+2000-206F,U+2190-2193,U+2212,U+2264-2265,U+2605,U+00D7"

for name in ("DejaVuSans", "DejaVuSans-Bold"):
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga"]
    options.name_IDs = ["*"]  # keep the copyright and licence names
    font = subset.load_font(str(SOURCE / f"{name}.ttf"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    target = OUT / f"{name}.woff2"
    subset.save_font(font, str(target), options)
    print(target, target.stat().st_size)
