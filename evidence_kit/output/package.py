"""The counsel package (``build --zip``): ``CASE_ID.zip`` with the built folder and an ``index.html``.

index.html is a static page for outside counsel: the filings, every exhibit with a link into
bundle.pdf at its first page (``bundle.pdf#page=N``), each file's SHA-256, the check report,
the claim and the collection-compliance findings. It uses no script and no remote resource.
It is written into the work folder before the manifest, so manifest.json lists and hashes it.

The archive is reproducible: entries in sorted order, each dated from ``SOURCE_DATE_EPOCH``,
with fixed permissions; it is written beside the published folder and renamed into place.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from evidence_kit import __version__
from evidence_kit.bundle.htmlpdf import render_template
from evidence_kit.bundle.plan import page_range_text
from evidence_kit.case.model import ROLE_NAMES, Case
from evidence_kit.case.redact import PROFILE_NAMES, redactor_for
from evidence_kit.errors import CannotWrite, describe_os_error
from evidence_kit.i18n import _
from evidence_kit.output.manifest import BUNDLE, ManifestExhibit, file_entry
from evidence_kit.output.reproducible import epoch_time
from evidence_kit.output.sealing import output_kind

INDEX = "index.html"
ZIP_FILE_MODE = 0o644
ZIP_EPOCH_FLOOR = 315532800
"""1980-01-01: a zip entry cannot be dated earlier."""
CLAIM_LABELS = (("principal", "本金"), ("interest", "利息"), ("penalty", "罚息"), ("compound", "复利"),
                ("fees", "费用"), ("total", "合计"))
FILING_NAMES = {"payment_order": "支付令申请书", "preservation": "财产保全申请书", "enforcement": "强制执行申请书",
                "complaint": "民事起诉状", "complaint_loan": "民事起诉状（金融借款合同纠纷）",
                "complaint_card": "民事起诉状（信用卡纠纷）", "evidence_list": "证据目录", "claim_sheet": "欠款计算明细"}


def href(rel: str, page: int | None = None) -> str:
    """A relative link to a file of the package, optionally at a PDF page."""
    return quote(rel) + (f"#page={page}" if page else "")


def write_index(work: Path, *, case: Case, report: dict[str, Any], outputs: Sequence[str],
                exhibits: Sequence[ManifestExhibit], bundle_pages: int, profile: str, created: datetime) -> str:
    """Write ``work/index.html``; returns its path relative to ``work``."""
    context = index_context(work, case=case, report=report, outputs=outputs, exhibits=exhibits,
                            bundle_pages=bundle_pages, profile=profile, created=created)
    html = render_template("counsel_index.html", redactor_for(case, profile).json(context))
    (work / INDEX).write_text(html, encoding="utf-8")
    return INDEX


def index_context(work: Path, *, case: Case, report: dict[str, Any], outputs: Sequence[str],
                  exhibits: Sequence[ManifestExhibit], bundle_pages: int, profile: str,
                  created: datetime) -> dict[str, Any]:
    files = [file_entry(work, rel) for rel in outputs if rel != INDEX]
    return {
        "case_id": case.case_id, "cause": case.cause, "court": case.court, "creditor": case.creditor.name,
        "debtors": "、".join(f"{d.name}（{ROLE_NAMES.get(d.role, d.role)}）" for d in case.debtors),
        "created": created.isoformat(timespec="seconds"), "tool_version": __version__,
        "profile_name": PROFILE_NAMES.get(profile, profile),
        # the same words whether signed or not: the page is written before the signature, and a
        # rebuild (verify --case) that does not sign must produce the same bytes
        "trust": "manifest.json 列出每个文件的 SHA-256。只有用发送方的公钥核验签名（evidence-kit verify --pubkey）"
                 "才能证明文件未被篡改；未签名的哈希值只能发现意外改动。",
        "filings": [{"kind": _filing_name(f["path"]), "path": f["path"], "href": href(f["path"]),
                     "sha256": f["sha256"]} for f in files if output_kind(f["path"]) == "filing"],
        "bundle_href": href(BUNDLE), "bundle_pages": bundle_pages,
        "exhibits": [{"no": e.no, "title": e.title, "href": href(BUNDLE, e.first_page), "file": e.file,
                      "pages": page_range_text(e.first_page, e.last_page), "sha256": e.sha256} for e in exhibits],
        "claim": _claim(report.get("claim")),
        "problems": _problems(report),
        "collection": report.get("collection") or {"quiet_hours": "", "findings": []},
        "outputs": [{**f, "href": href(f["path"])} for f in files],
    }


def _filing_name(rel: str) -> str:
    stem = Path(rel).stem
    return f"{FILING_NAMES.get(stem, stem)}（{Path(rel).suffix.lstrip('.').upper()}）"


def _claim(claim: Any) -> dict[str, Any]:
    if not isinstance(claim, dict):
        return {"as_of": "—", "rows": []}
    rows = [{"label": label, "amount": claim[key]} for key, label in CLAIM_LABELS if key in claim]
    return {"as_of": claim.get("as_of", "—"), "rows": rows}


def _problems(report: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for severity in ("errors", "warnings"):
        for item in report.get(severity, []):
            where = ", ".join(str(v) for v in (item.get("file"), item.get("row") and f"line {item['row']}") if v)
            found.append({"severity": severity.rstrip("s"), "code": item.get("code", ""), "where": where,
                          "message": item.get("message", "")})
    return found


# --------------------------------------------------------------------------- the archive


def zip_path(out: Path, case_id: str) -> Path:
    return out / f"{case_id}.zip"


def refuse_existing_zip(target: Path, overwrite: bool) -> None:
    if (target.exists() or target.is_symlink()) and not overwrite:
        raise CannotWrite(_("the counsel package already exists"), file=str(target),
                          hint=_("remove it, choose another -o, or build with --overwrite"))


def write_zip(folder: Path, target: Path, epoch: int) -> Path:
    """Zip ``folder`` as ``folder.name/…`` into ``target`` (reproducibly), replacing it atomically."""
    stamp = epoch_time(max(epoch, ZIP_EPOCH_FLOOR)).timetuple()[:6]
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = ZIP_FILE_MODE << 16
                with path.open("rb") as source, archive.open(info, "w") as entry:
                    while block := source.read(1 << 20):
                        entry.write(block)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise CannotWrite(_("cannot write the counsel package ({why})", why=describe_os_error(exc)), file=str(target),
                          hint=_("check free disk space and permissions of the output folder")) from exc
    return target
