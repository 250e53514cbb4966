"""The root of Repflow's exception hierarchy.

Every error Repflow raises on purpose derives from :class:`RepflowError`, so a caller can catch
them all in one place. Each package adds its own branch in its ``exceptions.py``::

    RepflowError
    ├── ConfigError                 (repflow.config)   invalid settings or repflow.toml
    ├── MailError                   (repflow.mail.exceptions)
    │   └── MalformedEmail          bytes that are not an email at all
    ├── EngineError                 (repflow.engine.exceptions)
    ├── StoreError                  (repflow.store.exceptions)
    └── TransportError              (repflow.transport.exceptions)
"""


class RepflowError(Exception):
    """Base class of every error Repflow raises deliberately."""


class ConfigError(RepflowError):
    """Settings or the ``repflow.toml`` file are invalid; the message names the key at fault."""
