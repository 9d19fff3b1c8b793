"""Reproducible builds: one moment, ``SOURCE_DATE_EPOCH``, stands for "now" in every output.

The same case folder built with the same tool version and the same epoch gives
byte-identical outputs: the date printed on the bundle's cover and index, the manifest's
``created``, and the PDF's file identifier all derive from the epoch (never from the
clock), in China Standard Time so that the machine's time zone does not matter.
``build`` records the epoch it used in manifest.json; ``verify --case`` rebuilds with it.
See https://reproducible-builds.org/specs/source-date-epoch/.
"""

from __future__ import annotations

from evidence_kit.filings.epoch import (
    CHINA_TIME,
    ENV,
    MAX_EPOCH,
    build_epoch,
    epoch_date,
    epoch_time,
)

__all__ = ["CHINA_TIME", "ENV", "MAX_EPOCH", "build_epoch", "epoch_date", "epoch_time"]
