"""The house's rules, checked: each stage of bvdata imports only the stages below it, no package has a
circle among its modules, bvdata never imports Streamlit or the pages, and the pages never reach the
command line (import-linter, .importlinter). The contracts are shown to break on a planted upward
import and a planted circle, so this test can fail."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
        "sys.argv = ['lint-imports', '--no-cache']; lint_imports_command()"]


def lint(where: Path) -> tuple[int, str]:
    out = subprocess.run(LINT, cwd=where, capture_output=True, text=True, env={"PYTHONPATH": str(where),
                                                                              "PATH": "/usr/bin:/bin"})
    return out.returncode, out.stdout + out.stderr


def test_the_tree_keeps_every_contract():
    code, text = lint(ROOT)
    assert code == 0, text
    assert "Contracts: 5 kept, 0 broken." in text


@pytest.fixture
def copy(tmp_path) -> Path:
    for name in ("bvdata", "pages"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


@pytest.mark.parametrize("module, line, broken, named", [
    ("bvdata/read/cells/values.py", "from ...store import engine", "A stage imports only the stages below it BROKEN",
     "bvdata.read.cells.values -> bvdata.store.engine"),
    ("bvdata/model/status.py", "from ..papers import figures", "A stage imports only the stages below it BROKEN",
     "bvdata.model is not allowed to import bvdata.papers"),
    ("bvdata/owners/remind.py", "from ..papers import exports", "A stage imports only the stages below it BROKEN",
     "bvdata.owners is not allowed to import bvdata.papers"),
    ("bvdata/read/assembly/table.py", "from . import tracker", "No circles between the modules of a package BROKEN",
     "No cycles are allowed in bvdata.read.assembly"),
    ("bvdata/read/cells/values.py", "from ..finding import layout", "A stage of the reader imports only the reader's "
     "stages below it BROKEN", "bvdata.read.cells is not allowed to import bvdata.read.finding"),
    ("bvdata/read/door/guard.py", "from ..finding import layout", "A stage of the reader imports only the reader's "
     "stages below it BROKEN", "bvdata.read.door is not allowed to import bvdata.read.finding"),
    ("bvdata/read/formats/docx.py", "from ..door import child", "A stage of the reader imports only the reader's "
     "stages below it BROKEN", "bvdata.read.formats is not allowed to import bvdata.read.door"),
    ("pages/common/connection.py", "from . import dataset", "No circles between the modules of a package BROKEN",
     "No cycles are allowed in pages.common"),
    ("bvdata/base/labels.py", "import streamlit", "bvdata never imports Streamlit or the pages BROKEN",
     "bvdata.base.labels -> streamlit"),
    ("pages/common/widgets.py", "from bvdata.cli import main", "Pages never reach the command line BROKEN",
     "pages.common.widgets -> bvdata.cli.main"),
])
def test_a_planted_import_breaks_its_contract(copy, module, line, broken, named):
    path = copy / module
    path.write_text(path.read_text() + f"\n{line}  # planted by the test\n")
    code, text = lint(copy)
    assert code != 0 and broken in text and named in text, text


@pytest.mark.parametrize("folder, limit", [("bvdata", 400), ("pages", 150)])
def test_no_module_outgrows_its_room(folder, limit):
    """Modules under about 400 lines, pages under about 150: past that, a module is doing two jobs."""
    files = (ROOT / folder).rglob("*.py") if folder == "bvdata" else (ROOT / folder).glob("*.py")
    long = {str(p.relative_to(ROOT)): n for p in files if (n := len(p.read_text().splitlines())) > limit}
    assert long == {}
