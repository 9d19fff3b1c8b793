"""``python -m evidence_kit.problem_codes [EN.md ZH.md]``: write the problem-code pages from the registry.

Without arguments it writes docs/problems.md and docs/problems.zh-CN.md under the current folder
(``make docs`` runs it from the repository).
"""

from __future__ import annotations

import sys
from pathlib import Path

from evidence_kit.problem_codes import write_docs

DEFAULT_PAGES = (Path("docs/problems.md"), Path("docs/problems.zh-CN.md"))


def main(argv: list[str]) -> int:
    if argv and len(argv) != 2:
        print("usage: python -m evidence_kit.problem_codes [EN.md ZH.md]", file=sys.stderr)
        return 2
    english, chinese = (Path(argv[0]), Path(argv[1])) if argv else DEFAULT_PAGES
    write_docs(english, chinese)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
