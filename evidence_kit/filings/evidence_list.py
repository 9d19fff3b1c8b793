"""证据目录: every exhibit with its bundle page range (the numbers manifest.json lists)."""

from __future__ import annotations

from dataclasses import dataclass

from evidence_kit.filings.content import (
    Expected,
    PreparedFiling,
    Sources,
    chinese_date,
    page_text,
    signature,
)

NAME = "evidence_list"
TITLE = "证据目录"


@dataclass(frozen=True)
class EvidenceRow:
    no: str
    title: str
    source: str
    proves: str
    pages: str
    original: str


@dataclass(frozen=True)
class EvidenceList:
    title: str
    submitter: str
    case_line: str
    rows: tuple[EvidenceRow, ...]
    total_pages: str
    signer: str
    signed_on: str


def build_evidence_list(sources: Sources) -> PreparedFiling:
    case = sources.case
    rows = tuple(
        EvidenceRow(f"证据{e.no}", e.title, e.source, e.proves, page_text(e.first_page, e.last_page),
                    {True: "原件", False: "复印件", None: "—"}[e.original])
        for e in sources.exhibits
    )
    last = max((e.last_page for e in sources.exhibits), default=0)
    content = EvidenceList(
        title=TITLE,
        submitter=f"提交人：{case.creditor.name}",
        case_line=f"案由：{case.cause}　　受理法院：{case.court}",
        rows=rows,
        total_pages=f"证据材料共{len(rows)}项，见证据册（bundle.pdf）共{last}页。",
        signer=signature(sources, "提交人"),
        signed_on=chinese_date(sources.signed_on),
    )
    expected = [Expected(f"证据{e.no}.pages", f"{e.proves}", page_text(e.first_page, e.last_page))
                for e in sources.exhibits]
    return PreparedFiling(NAME, TITLE, content, tuple(expected))
