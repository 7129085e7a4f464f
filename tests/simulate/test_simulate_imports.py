"""The simulator imports only the domain (and numpy, pandas, openpyxl, yaml, stdlib)."""

from __future__ import annotations

import subprocess
import sys


def test_it_imports_nothing_of_habeas_but_the_domain_and_no_django() -> None:
    code = (
        "import sys, habeas.simulate, habeas.simulate.writers;"
        "print('\\n'.join(sorted(m for m in sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    ours = {m for m in out if m.startswith("habeas.")}
    assert all(m.startswith(("habeas.simulate", "habeas.domain")) for m in ours), ours
    tops = {m.split(".")[0] for m in out}
    assert "django" not in tops
    assert {"numpy", "pandas", "openpyxl", "yaml"} <= tops
