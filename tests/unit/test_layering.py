"""Dependencies run one way: the domain knows neither Flask nor SQLAlchemy; models know no Flask."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(','.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    return {name.split(".")[0] for name in out.strip().split(",")}


def test_domain_imports_neither_flask_nor_sqlalchemy():
    folder = ROOT / "models" / "domain"
    names = sorted(f"models.domain.{p.stem}" for p in folder.glob("*.py") if p.stem != "__init__")
    assert "models.domain.power" in names
    modules = _imported_after("import " + ", ".join(names))
    assert "flask" not in modules
    assert "sqlalchemy" not in modules


def test_models_and_exporters_do_not_import_flask_or_the_web_layer():
    modules = _imported_after(
        "import models, models.queries, models.projects, models.demo, models.exchange, "
        "models.backup, models.reports, exporters.xlsx, exporters.json_export"
    )
    assert "flask" not in modules
    assert "webapp" not in modules
