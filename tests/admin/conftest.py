"""Fixtures the admin tests share: a clerk with the upload permission."""

import pytest
from django.contrib.auth.models import Permission

PASSWORD = "pw-123456789"


@pytest.fixture
def clerk(django_user_model):
    """A staff member with the upload permission and nothing else of the admin's."""
    user = django_user_model.objects.create_user(
        "clerk", "clerk@example.dk", PASSWORD, is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(codename="upload_minutes"),
        Permission.objects.get(codename="view_meeting"),
        Permission.objects.get(codename="change_meeting"),
    )
    return user
