"""Alembic migrations of the SQL store (run by :meth:`repflow.store.sql.SqlStore.create_schema`)."""
