"""What ``build`` adds to make a folder trustworthy: the build record, the output list, redaction, the signature.

* manifest.json records the ``profile``, the ``source_date_epoch`` and the ``build_options``
  the folder was built with, so that ``verify --case`` can rebuild it exactly;
* report.json lists every output with its ``kind`` (bundle, report, filing, notice, …),
  so that ``verify`` can tell when an output the build made is missing from the manifest;
* for the collector profile both JSON files pass through the case's redactor;
* with a signing key, the manifest is signed last, after verification.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidence_kit.bundle.assemble import BundleOptions
from evidence_kit.case.model import Case
from evidence_kit.case.redact import redactor_for
from evidence_kit.i18n import current_language
from evidence_kit.output.signature import sign_manifest

REQUIRED_KINDS = ("bundle", "report")
OUTPUT_KINDS = {"bundle.pdf": "bundle", "report.json": "report", "index.html": "index"}
FOLDER_KINDS = {"filings": "filing", "notices": "notice"}


def output_kind(rel: str) -> str:
    """``bundle``, ``report``, ``filing`` (under filings/), ``notice`` (under notices/) or ``other``."""
    if rel in OUTPUT_KINDS:
        return OUTPUT_KINDS[rel]
    top = rel.split("/", 1)[0]
    return FOLDER_KINDS.get(top, "other") if "/" in rel else "other"


def output_kinds(outputs: Sequence[str]) -> list[dict[str, str]]:
    return [{"path": rel, "kind": output_kind(rel)} for rel in outputs]


@dataclass(frozen=True)
class Sealing:
    epoch: int
    sign_key: Ed25519PrivateKey | None = None
    package: bool = False
    """Whether index.html is written and the folder zipped as the counsel package."""
    pdfa: bool = False
    """Whether bundle.pdf and the filings' PDFs are made PDF/A-3b with the manifest attached."""
    recorded: tuple[tuple[str, Any], ...] = ()
    """What else a rebuild must repeat, recorded in ``build_options`` (e.g. the filings made)."""

    def record(self, options: BundleOptions) -> dict[str, Any]:
        """The manifest's record of how the folder was built (all ``verify --case`` needs to rebuild it)."""
        return {
            "source_date_epoch": self.epoch,
            "profile": options.profile,
            "build_options": {"ledger_exhibit": options.ledger_exhibit, "contacts_exhibit": options.contacts_exhibit,
                              "exhibit_covers": options.exhibit_covers, "pdfa": self.pdfa,
                              "on": options.on.isoformat() if options.on else None,
                              "max_volume_mb": options.max_volume_mb, "language": current_language(),
                              **dict(self.recorded)},
        }

    def sign(self, manifest_path: Path) -> None:
        if self.sign_key is None:
            return
        manifest = json.loads(manifest_path.read_text("utf-8"))
        signed = sign_manifest(manifest, self.sign_key)
        manifest_path.write_text(json.dumps(signed, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def redact_report(report: dict[str, Any], case: Case, profile: str) -> dict[str, Any]:
    redacted = redactor_for(case, profile).json(report)
    return {**redacted, "profile": profile} if isinstance(redacted, dict) else report


def redact_manifest(manifest: dict[str, Any], case: Case, profile: str) -> dict[str, Any]:
    """The collector's manifest: texts redacted, hashes (hex) untouched by construction."""
    redacted = redactor_for(case, profile).json(manifest)
    return redacted if isinstance(redacted, dict) else manifest
