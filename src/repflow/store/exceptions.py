"""Errors of the store.

Hierarchy::

    RepflowError
    └── StoreError
        ├── NotFound           the thing asked for does not exist (or belongs to another creator)
        ├── Conflict           a write collides with an existing row (e.g. a second outbox row for
        │                      the same key); the earlier write stands
        ├── StoreUnavailable   the backing database or API could not be reached; retryable
        └── InvalidData        the database refused the values themselves (too long, not
                               encodable); retrying the same data fails the same way
"""

from repflow.exceptions import RepflowError


class StoreError(RepflowError):
    """Base class of store errors."""


class NotFound(StoreError):
    """No such row for this creator."""


class Conflict(StoreError):
    """A uniqueness rule rejected the write."""


class StoreUnavailable(StoreError):
    """The database or backend API is unreachable or timed out; the caller may retry."""


class InvalidData(StoreError):
    """The database refused a statement because of the data it carried; not retryable.

    The message names the database's reason (its first line), never the values: engines are
    built with ``hide_parameters=True``.
    """
