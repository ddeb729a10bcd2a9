"""The mail settings come from the environment: console in development, SMTP in production."""

from tests.test_settings import print_setting

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-with-enough-characters-0123456789",
    "ALLOWED_HOSTS": "referater.example.dk",
}


def test_development_prints_mails_on_the_console():
    assert print_setting("EMAIL_BACKEND", DEBUG="1") == (
        "django.core.mail.backends.console.EmailBackend"
    )


def test_production_sends_by_smtp_with_the_servers_settings():
    env = PRODUCTION | {
        "EMAIL_HOST": "smtp.example.dk",
        "EMAIL_PORT": "587",
        "EMAIL_USE_TLS": "true",
        "SITE_URL": "https://referater.example.dk",
    }
    names = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "SITE_URL"]
    # print(settings.A, settings.B, ...): the values on one line, space-separated.
    printed = print_setting(", settings.".join(names), **env)
    assert printed.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.dk",
        "587",
        "True",
        "https://referater.example.dk",
    ]
    assert print_setting("ALERTS_MAX_PER_ADDRESS", **PRODUCTION) == "20"


def test_the_tests_use_the_in_memory_backend(settings):
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
