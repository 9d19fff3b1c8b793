"""``SOURCE_DATE_EPOCH``: the one moment that stands for "now" in every file the tool renders.

The rendering layer (filings, and the notices above it) dates its files from this moment, and
``output/reproducible.py`` records it for ``build`` and ``verify --case``; it sits here, below
both, so that the notices' letters, e-mails and gateway files are dated the same way as a
build's filings. See https://reproducible-builds.org/specs/source-date-epoch/.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone

from evidence_kit.errors import CaseInvalid
from evidence_kit.i18n import _

ENV = "SOURCE_DATE_EPOCH"
CHINA_TIME = timezone(timedelta(hours=8), "CST")
MAX_EPOCH = 253402300799
"""9999-12-31T23:59:59Z: the last second a four-digit year can write."""


def build_epoch(environ: Mapping[str, str] | None = None) -> int:
    """``SOURCE_DATE_EPOCH`` when set (a whole number of seconds since 1970), else the current time."""
    value = (os.environ if environ is None else environ).get(ENV, "").strip()
    if not value:
        return int(time.time())
    if not value.isdigit() or int(value) > MAX_EPOCH:
        raise CaseInvalid(_("{name}={value!r} is not a number of seconds since 1970-01-01", name=ENV, value=value),
                          file=ENV, hint=_("set {name} to a whole number such as 1735660800, or unset it", name=ENV))
    return int(value)


def epoch_time(epoch: int) -> datetime:
    """The epoch as a China Standard Time date-time (what manifest.json's ``created`` shows)."""
    return datetime.fromtimestamp(epoch, CHINA_TIME)


def epoch_date(epoch: int) -> date:
    """The date printed on the bundle for a build at ``epoch``."""
    return epoch_time(epoch).date()
