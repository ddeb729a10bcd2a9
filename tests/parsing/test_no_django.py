"""The parser package is pure Python: importing it loads nothing from Django."""

import subprocess
import sys


def test_parsing_package_imports_nothing_from_django():
    code = (
        "import sys, minutes.parsing, minutes.parsing.layouts; "
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "assert not loaded, loaded"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
