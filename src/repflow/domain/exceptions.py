"""Errors of the domain rules.

Hierarchy::

    RepflowError
    └── DomainError
        └── IllegalTransition   a state change the transition table forbids
"""

from repflow.exceptions import RepflowError


class DomainError(RepflowError):
    """Base class of domain-rule violations."""


class IllegalTransition(DomainError):
    """A lead or conversation was asked to move to a state its table does not allow."""

    def __init__(self, machine: str, current: str, target: str) -> None:
        super().__init__(f"{machine}: {current} -> {target} is not allowed")
        self.machine = machine
        self.current = current
        self.target = target
