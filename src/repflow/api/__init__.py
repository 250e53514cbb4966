"""The backend API (FastAPI): the store port over HTTP, for the Lambda and the dashboard.

* :func:`repflow.api.app.create_app` builds the app around any store;
* :func:`repflow.api.serve.serve` runs it (``repflow serve``) over the SQL store;
* :mod:`repflow.api.schemas` re-exports the wire format (:mod:`repflow.store.wire`), which
  :mod:`repflow.store.http` speaks too.

Importing this package does not import FastAPI (the HTTP store client needs only the schemas);
``create_app`` is loaded on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from repflow.api.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from repflow.api.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
