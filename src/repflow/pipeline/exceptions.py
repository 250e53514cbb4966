"""Errors of the pipeline.

Hierarchy::

    RepflowError
    └── PipelineError
        └── RetryLater   another worker holds the message's claim, or a dependency is down:
                         redeliver later (the Lambda reports the item as failed)
"""

from repflow.exceptions import RepflowError


class PipelineError(RepflowError):
    """Base class of pipeline errors."""


class RetryLater(PipelineError):
    """Processing could not finish now and nothing irreversible happened; redeliver later."""
