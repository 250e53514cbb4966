"""The engine's reading of mail text that does not depend on an engine: money amounts."""
