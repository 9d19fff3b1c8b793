"""Every limit on what the tool reads, as named constants (docs/limits.md says why each is what it is).

A limit is checked before the work it protects: a file's size before it is parsed, a
YAML alias before it is expanded, a zip member's declared size before it is unpacked.
Exceeding one is a located problem (exit 4 for case data, exit 5 for a file), never a
MemoryError or a run that does not end.
"""

from __future__ import annotations

MB = 1024 * 1024

# case.yaml
YAML_MAX_BYTES = 1 * MB
"""A case.yaml with every party, exhibit and filing is a few kilobytes."""
YAML_MAX_NODES = 100_000
"""Values after alias expansion: a "billion laughs" file stops here instead of filling memory."""
YAML_MAX_DEPTH = 64
"""Nesting of mappings and lists; case.yaml needs six levels."""

# text fields (characters, after cleaning)
TEXT_MAX_CHARS = 500
"""A name, an address, a title, a contract number, a court: one line of a filing."""
LONG_TEXT_MAX_CHARS = 100_000
"""What an exhibit proves, a transcript (an hour's call is about 15,000 characters): some pages at most."""
TRANSCRIPT_MAX_BYTES = 1 * MB
"""A transcript .txt file, read before it is cleaned and measured in characters."""

# ledgers (repayments, schedule, contacts)
TABLE_MAX_BYTES = 512 * MB
"""A CSV or XLSX file: 1,000,000 ledger rows are about 100 MB of CSV."""
TABLE_MAX_ROWS = 2_000_000
"""Data rows in one ledger: twice the largest ledger a loan has been seen to have."""
CONTACTS_MAX_ROWS = 100_000
"""Data rows in a case's contact log. The collection rules allow at most six unanswered attempts a day on one number
and no contact at night: a busy log has a few thousand rows a year; 100,000 rows are 27 contacts every day for ten
years. At this size ``check`` and ``build`` stay within a few hundred MB (docs/limits.md)."""
TABLE_MAX_COLUMNS = 64
"""Cells in one row: the widest bank export has about 30 columns."""
CELL_MAX_CHARS = 20_000
"""Characters in one cell (a contact's summary is the longest)."""
XLSX_MAX_UNCOMPRESSED = 512 * MB
"""The sum of an XLSX workbook's parts, uncompressed, read from the zip directory before opening it."""
XLSX_MAX_RATIO = 300
"""Uncompressed ÷ compressed size of one part above :data:`ZIP_RATIO_FLOOR`; real sheets compress 10–50 times."""

# money and rates
MONEY_MAX_INTEGER_DIGITS = 15
"""Digits before the decimal point: 10^15 yuan is more than any bank's balance sheet."""
RATE_MAX_DECIMALS = 8
"""Decimal places of a rate: a daily rate of 0.05 % is 0.0005; eight places are more than any contract writes."""
RATE_MAX_ANNUAL = 1
"""An annual rate above 1 (100 %) is read as a percentage written without its sign: "4.35" for 4.35 %."""

# zip archives given to verify
ZIP_MAX_MEMBERS = 10_000
"""Files in one archive: a built case folder holds a few dozen."""
ZIP_MAX_MEMBER_BYTES = 4096 * MB
"""One member, uncompressed: the largest bundle.pdf of scanned exhibits is about 2 GB."""
ZIP_MAX_TOTAL_BYTES = 8192 * MB
"""All members together, uncompressed."""
ZIP_MAX_RATIO = 100
"""Uncompressed ÷ compressed size of one member above 1 MB; PDFs of scans hardly compress."""
ZIP_RATIO_FLOOR = 1 * MB
"""Members smaller than this are not held to :data:`ZIP_MAX_RATIO` (small JSON compresses well)."""

# verify
MANIFEST_MAX_BYTES = 16 * MB
"""manifest.json lists files and exhibits: kilobytes, or a few megabytes for thousands of exhibits."""
DOCX_PROPERTIES_MAX_BYTES = 1 * MB
"""A DOCX's ``docProps/app.xml`` (its statistics, the page count among them), by its declared size: about 1 KB."""
