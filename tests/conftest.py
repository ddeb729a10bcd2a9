import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploaded files and the search index go to a fresh folder per test.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The default hasher costs about a second per login; tests need no real hashing strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# A cache of the test process's own, not settings.CACHES (a table of the database):
# query counts then count the app's own SQL, and a test without database access may
# still render a page. The shared cache itself: tests/test_shared_cache.py.
PROCESS_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True, scope="session")
def _recount_in_the_test():
    # A test's data is in its own uncommitted transaction, which a recount thread's
    # connection cannot see: the figures are counted in the test's thread. For the
    # whole session, so that data a module's fixture imports starts no thread either
    # (one on SQLite's shared in-memory database locks the tests' connection). The
    # thread itself: tests/importing/test_changes.py.
    from django.conf import settings

    settings.RECOUNT_IN_BACKGROUND = False


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    # Cached filter choices, coverage figures and the facet table (with this process's
    # copy of it): every test starts from an empty cache, so its query counts do not
    # depend on which tests ran before it.
    from minutes.public.facets import forget_count_table

    settings.CACHES = PROCESS_CACHE
    cache.clear()
    forget_count_table()
    yield
    cache.clear()
    forget_count_table()
