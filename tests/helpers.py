"""Helpers several test modules share: a seed corrected, an outdated index, a call recorder."""

import shutil
from pathlib import Path

import tantivy

from minutes import search
from minutes.importing.demo import SEEDS_DIR as SEEDS

HERNING = SEEDS / "002_4d730365fae17496.txt"


def corrected_herning() -> bytes:
    """Seed 002 corrected: item 8's decision reworded, item 9 (about Jobcamp) gone."""
    text = HERNING.read_text(encoding="utf-8")
    text = text[: text.index("Punkt 9: Generel orientering")]
    text = text.replace(
        "Samarbejde på tværs af fagudvalg drøftet", "Samarbejde på tværs af fagudvalg blev drøftet"
    )
    return text.encode("utf-8")


def make_outdated_index(settings) -> None:
    """An index on disk built with another schema, as after a deployment that changed it."""
    path = Path(settings.SEARCH_INDEX_DIR)
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    old_schema = tantivy.SchemaBuilder()
    old_schema.add_integer_field("item_id", stored=True)
    tantivy.Index(old_schema.build(), path=str(path))
    search.index.forget_open_index()


def record_calls(monkeypatch, owner: object, name: str) -> list[tuple[tuple, dict]]:
    """Wrap ``owner.name`` so that each call's (args, kwargs) is recorded; it still runs."""
    calls: list[tuple[tuple, dict]] = []
    real = getattr(owner, name)

    def recording(*args, **kwargs):
        calls.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, recording)
    return calls
