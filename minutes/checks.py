"""System checks (``manage.py check``, and before runserver and migrate)."""

from __future__ import annotations

from django.core import checks


@checks.register()
def search_index_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A damaged search index is named at start-up, before readers meet the 503."""
    from . import search  # the search package reads the models: not before apps are ready

    damage = search.damage_on_disk()
    if damage is None:
        return []
    return [
        checks.Warning(
            f"Søgeindekset er beskadiget: {damage}.",
            hint="Kør manage.py rebuild_search_index; søgninger svarer 503 indtil da.",
            id="minutes.W001",
        )
    ]
