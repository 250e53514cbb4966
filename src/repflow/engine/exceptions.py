"""Errors of the engines.

Hierarchy::

    RepflowError
    └── EngineError
        └── EngineUnavailable   the model could not be used (timeouts, errors, invalid output);
                                the pipeline falls back to the heuristic engine and flags review
"""

from repflow.exceptions import RepflowError


class EngineError(RepflowError):
    """Base class of engine errors."""


class EngineUnavailable(EngineError):
    """The engine could not produce a usable answer within its budget."""
