from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = "Referater"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
        from .importing import changes
        from .public import facets, filters
        from .reuse import record_coverage

        # The figures kept in the shared cache, counted again after every change
        # (importing.changes), which may not import the readers that own them.
        changes.RECOUNTS[:] = [
            filters.filter_choices,
            facets.recount_table,
            record_coverage.recount_coverage,
        ]
