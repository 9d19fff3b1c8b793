"""make_filings as a build calls it: dated from the build's epoch, redacted for the collector profile."""

from __future__ import annotations

import json
import time
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import docx
import pikepdf
import pytest

from evidence_kit.case.load import load_case
from evidence_kit.case.redact import redactor_for
from evidence_kit.filings.content import CitedExhibit
from evidence_kit.filings.make import (
    FILINGS_FOLDER,
    make_filings,
    prepare_filings,
    redacted_filing,
    sources_of,
)
from evidence_kit.filings.readback import docx_text, pdf_text
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow

CONSUMER = SAMPLES / "consumer-loan"
CREATED = datetime(2025, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=8)))
ID_NUMBER = "11010519860514041X"
MASKED_ID = "110105********041X"


def sources():  # type: ignore[no-untyped-def]
    case = load_case(CONSUMER)
    exhibits = [CitedExhibit(e.no, e.title, e.source, e.proves, e.file, 2 * e.no + 1, 2 * e.no + 2, e.original)
                for e in case.exhibits]
    return sources_of(case, exhibits, date(2025, 4, 2))


def test_filings_dated_from_the_build_are_byte_identical_at_another_time(tmp_path: Path) -> None:
    first = make_filings(sources(), ["payment_order", "claim_sheet"], tmp_path / "a", created=CREATED)
    time.sleep(2.1)  # zip entry times have a two-second resolution
    second = make_filings(sources(), ["payment_order", "claim_sheet"], tmp_path / "b", created=CREATED)
    names = first.paths(tmp_path / "a")
    assert names == second.paths(tmp_path / "b") and len(names) == 4
    for rel in names:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    order = tmp_path / "a" / FILINGS_FOLDER / "payment_order.docx"
    with zipfile.ZipFile(order) as package:
        assert {info.date_time for info in package.infolist()} == {(2025, 1, 1, 0, 0, 0)}
    properties = docx.Document(str(order)).core_properties
    assert properties.created == properties.modified == CREATED
    assert properties.title == "支付令申请书"
    with pikepdf.open(tmp_path / "a" / FILINGS_FOLDER / "payment_order.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20250101000000+08'00")


def test_collector_filings_show_masked_identifiers_and_read_back_against_them(tmp_path: Path) -> None:
    case = load_case(CONSUMER)
    collector = redactor_for(case, "collector")
    outcome = make_filings(sources(), ["payment_order", "evidence_list", "claim_sheet"], tmp_path,
                           redactor=collector, created=CREATED)
    for rendered in outcome.rendered:
        for text in (docx_text(rendered.docx), pdf_text(rendered.pdf)):
            assert not [i for i in collector.identifiers if i in text], rendered.name
    order = outcome.rendered[0]
    assert MASKED_ID in docx_text(order.docx).replace("\n", "")
    reconciled = {r["field"]: r["value"] for r in outcome.reconciled[0]["reconciled"]}
    assert MASKED_ID in reconciled.values() and ID_NUMBER not in json.dumps(outcome.reconciled)


def test_court_and_counsel_filings_keep_full_data(tmp_path: Path) -> None:
    case = load_case(CONSUMER)
    for profile in ("court", "counsel"):
        outcome = make_filings(sources(), ["payment_order"], tmp_path / profile,
                               redactor=redactor_for(case, profile), created=CREATED)
        assert ID_NUMBER in docx_text(outcome.rendered[0].docx)


def test_redaction_covers_the_content_and_the_values_to_read_back() -> None:
    case = load_case(CONSUMER)
    [order] = prepare_filings(sources(), ["payment_order"])
    redacted = redacted_filing(order, redactor_for(case, "collector"))
    assert type(redacted.content) is type(order.content)
    assert ID_NUMBER in repr(order.content) and ID_NUMBER not in repr(redacted.content)
    assert MASKED_ID in {e.value for e in redacted.expected}
    assert [e.field for e in redacted.expected] == [e.field for e in order.expected]
