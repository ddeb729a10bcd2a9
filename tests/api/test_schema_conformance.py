"""The API answers as its OpenAPI schema says, for generated requests (schemathesis).

Every operation of /api/schema/ is called in-process through the WSGI application with
examples generated from the schema, valid and invalid, and each answer is checked
against the schema: status codes it declares, bodies of the declared shape, no 500.
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from minutes import search
from tests.factories import make_attachment, make_committee, make_decision, make_item, make_meeting

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 15


@pytest.fixture
def api_schema():
    herning = make_committee()
    meeting = make_meeting(committee=herning, start_time=dt.time(16, 30))
    for number in (1, 2, 3):
        item = make_item(meeting=meeting, number=number, case_number=f"15.00.00-A00-{number}-25")
        make_decision(agenda_item=item)
        make_attachment(agenda_item=item)
    search.index_meeting(meeting.pk)
    # Django closes the connection at the end of each request; the test's connection
    # holds the test's transaction (PostgreSQL: closing it would lose the rows above).
    # Django's own test client disconnects these signals around its requests too.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_the_api_answers_as_its_schema_says(api_schema):
    # Each operation by hand rather than schemathesis' pytest plugin, whose
    # from_fixture() does not run under this pytest version.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def answers_as_declared(case) -> None:
            # A schema cannot say "til not before fra": the API's 400 for that is right.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        answers_as_declared()
