"""Persistence: the store port, its SQLAlchemy adapter and its HTTP client adapter."""
