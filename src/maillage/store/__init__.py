"""Storage adapter: SQLAlchemy models, Alembic migrations and repositories."""
