"""Storage: SQLAlchemy models, engines for each backend, migrations."""
