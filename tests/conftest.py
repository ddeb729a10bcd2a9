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


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached filter choices and coverage figures: every test starts from an empty
    # cache, so its query counts do not depend on which tests ran before it.
    cache.clear()
    yield
    cache.clear()
