"""The creator dashboard: server-rendered pages (Jinja2 + htmx) on the backend's FastAPI app.

* :func:`install_dashboard` mounts it on an app made by :func:`repflow.api.app.create_app`;
* :func:`add_user` creates a sign-in account (``repflow creators add``);
* :mod:`~repflow.api.dashboard.users` keeps accounts, :mod:`~repflow.api.dashboard.auth`
  sessions, :mod:`~repflow.api.dashboard.csrf` the form tokens.

See ``docs/dashboard.md``.
"""

from __future__ import annotations

from repflow.api.dashboard.routes import (
    DEFAULT_PREFIX,
    Dashboard,
    DashboardError,
    install_dashboard,
)
from repflow.api.dashboard.users import (
    DashboardUser,
    InMemoryUserStore,
    SqlUserStore,
    UserStore,
    add_user,
)

__all__ = [
    "DEFAULT_PREFIX",
    "Dashboard",
    "DashboardError",
    "DashboardUser",
    "InMemoryUserStore",
    "SqlUserStore",
    "UserStore",
    "add_user",
    "install_dashboard",
]
