"""``verify`` as a recipient needs it: hashes, completeness, the signature, and optionally a rebuild.

The verdict says how far the folder can be trusted, never more:

* ``signed`` — the manifest's signature is valid for the public key the recipient gave
  (``--pubkey``), and every file matches the manifest: nobody without the private key
  changed anything;
* ``unchecked`` / ``unsigned`` — the hashes match, which detects accidental change only:
  whoever altered a file could have recomputed them;
* ``rebuilt`` is added when the outputs were rebuilt from the case folder (``--case``) and
  are byte-identical: whoever holds the inputs has proved the outputs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence_kit.i18n import _, n_
from evidence_kit.output.completeness import completeness_problems
from evidence_kit.output.manifest import verify_output
from evidence_kit.output.signature import check_signature, load_public_key
from evidence_kit.problems import Problem

Rebuild = Callable[[Path, dict[str, Any]], list[Problem]]
"""Rebuilds the case into a scratch folder and compares it with the received one."""


@dataclass
class Verdict:
    problems: list[Problem] = field(default_factory=list)
    trust: str = "unsigned"
    signature: str = ""
    key: str = ""
    rebuilt: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        """One line: what was verified and how far it can be trusted."""
        if not self.ok:
            return n_("NOT verified — {count} problem", "NOT verified — {count} problems", len(self.problems))
        if self.trust == "signed":
            return (_("verified ({signature}); rebuilt from the case folder byte for byte", signature=self.signature)
                    if self.rebuilt else _("verified ({signature})", signature=self.signature))
        return (_("hashes match — {signature}; rebuilt from the case folder byte for byte", signature=self.signature)
                if self.rebuilt else _("hashes match — {signature}", signature=self.signature))

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "trust": self.trust, "signature": self.signature, "key": self.key,
                "rebuilt": self.rebuilt, "summary": self.summary, "problems": [p.to_json() for p in self.problems]}


def verify_trusted(path: Path, *, case_dir: Path | None = None, pubkey: Path | None = None,
                   rebuild: Rebuild | None = None) -> Verdict:
    """Verify ``path`` (a built folder or its .zip); ``rebuild`` is used with ``case_dir``."""
    public = load_public_key(pubkey) if pubkey is not None else None
    verdict = Verdict()

    def further(folder: Path, manifest: dict[str, Any]) -> list[Problem]:
        signature = check_signature(manifest, public)
        verdict.trust, verdict.signature, verdict.key = signature.trust, signature.text, signature.key
        problems = list(signature.problems) + completeness_problems(folder, manifest)
        if rebuild is not None and case_dir is not None:
            differences = rebuild(folder, manifest)
            verdict.rebuilt = not differences
            problems += differences
        return problems

    verdict.problems = verify_output(path, case_dir=case_dir, extra=further)
    return verdict
