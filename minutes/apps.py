from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = "Referater"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
