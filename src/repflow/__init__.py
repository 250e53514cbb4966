"""Repflow: an AI deal desk for creators' brand partnership email."""

__version__ = "0.1.0"
