"""The clerks' admin: the model admins, the upload views and their forms.

Django's admin autodiscovery imports ``minutes.admin``; importing ``model_admins``
registers the ModelAdmins.
"""

from . import model_admins  # noqa: F401
