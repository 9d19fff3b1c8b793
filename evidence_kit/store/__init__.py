"""The case store: sqlmodel tables, import, queries, migrations."""
