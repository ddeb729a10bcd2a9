"""The import graph: a part imports only the parts below it (README, "Layout").

Read from the source with ``ast``, so a lazy import inside a function counts too.
"""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "minutes"

# What each part may import from the app. A part not listed here (models.py,
# slugs.py, the migrations) is a foundation: it may import only other foundations.
FOUNDATIONS = {"models", "slugs", "parsing", "fixtures", "kommuner"}
ALLOWED = {
    "parsing": {"parsing"},
    "search": FOUNDATIONS | {"search"},
    "importing": FOUNDATIONS | {"search", "importing", "management"},
    "public": FOUNDATIONS | {"search", "public"},
    "reuse": FOUNDATIONS | {"search", "public", "reuse"},
    "api": FOUNDATIONS | {"search", "public", "api"},
    "alerts": FOUNDATIONS | {"search", "public", "alerts"},
    "admin": FOUNDATIONS | {"search", "importing", "admin"},
    "templatetags": FOUNDATIONS | {"search", "public", "templatetags"},
    "middleware": FOUNDATIONS | {"search", "error_pages"},
    "checks": FOUNDATIONS | {"search"},
    "error_pages": set(),
    "models": {"models", "slugs", "parsing", "kommuner"},
    "kommuner": {"slugs"},
    "slugs": set(),
}


def part_of(module: str) -> str:
    """ "minutes.public.views" -> "public"; "minutes.models" -> "models"."""
    return module.split(".")[1]


def module_name(path: Path) -> str:
    relative = path.relative_to(APP.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_imports(path: Path) -> set[str]:
    """The minutes.* modules a file imports, relative imports resolved."""
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:
                    found.update(f"{target}.{alias.name}" for alias in node.names)
                    continue
            else:
                target = node.module or ""
            found.add(target)
    return {name for name in found if name.startswith("minutes.") and name.count(".") >= 1}


SOURCES = sorted(
    path for path in APP.rglob("*.py") if "migrations" not in path.parts and path.name != "apps.py"
)


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(APP)))
def test_a_part_imports_only_the_parts_below_it(path: Path) -> None:
    part = part_of(module_name(path)) if module_name(path) != "minutes" else "minutes"
    if part in {"minutes", "management"}:
        return  # the app's root and the thin command wrappers may use every part
    allowed = ALLOWED.get(part, FOUNDATIONS)
    wrong = sorted(name for name in app_imports(path) if part_of(name) not in allowed | {part})
    assert not wrong, f"{path.relative_to(APP)} ({part}) imports {wrong}"


def test_the_parser_imports_nothing_of_django() -> None:
    for path in (APP / "parsing").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            assert not [n for n in names if n.split(".")[0] in {"django", "rest_framework"}], path


def test_only_the_search_package_imports_tantivy() -> None:
    roots = [APP, APP.parent / "benchmarks", APP.parent / "config"]
    importers = set()
    for root in roots:
        for path in root.rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            if "import tantivy" in source or "from tantivy" in source:
                importers.add(path)
    assert importers and all(APP / "search" in path.parents for path in importers), importers


def test_no_code_imports_a_management_command_module() -> None:
    roots = [APP, APP.parent / "benchmarks", APP.parent / "tests"]
    for root in roots:
        for path in root.rglob("*.py"):
            if "commands" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module:
                    assert "management.commands" not in node.module, path
