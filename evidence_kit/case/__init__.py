"""What the case folder says: case.yaml with source lines, ledgers (CSV/XLSX), the typed Case, exhibit files."""
