"""Reliability suite fixtures: the integration suite's store backends and PostgreSQL database.

PostgreSQL cases skip with a visible reason when the server is unreachable, and fail when
``CI=true`` (the behaviour of :func:`tests.integration.conftest.postgres_url`).
"""

from __future__ import annotations

from tests.integration.conftest import (  # noqa: F401 (fixtures re-exported for this folder)
    api_server,
    backend,
    postgres_url,
    sqlite_template,
)
