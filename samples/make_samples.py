#!/usr/bin/env python3
"""Regenerate the sample case folders under ``samples/`` (or under a folder given as argument).

    .venv/bin/python samples/make_samples.py [OUT_DIR] [--summary]

The cases and the portfolio exports are written, byte for byte the same on every run (fixed seeds, no
timestamps):

* ``consumer-loan/``  个人消费贷款, 等额本息, personal borrower + guarantor, GB18030 ledger with split
  columns, Chinese-header contact log, contract/借据/保证合同/催收函 PDFs, ID-card JPEG scan with an
  EXIF orientation, EMS receipt PNG, call recording WAV + transcript;
* ``business-loan/``  流动资金贷款 to a company, 按月付息到期还本, XLSX ledger without split, the bank's
  schedule.csv, English-header contacts (UTF-8 with BOM), business-licence PNG;
* ``enforcement/``    a judgment ready for 申请执行 (the original loan was 等额本金);
* ``portfolio/``      a bank's export of 60 loans for ``evidence-kit split``, four of them broken on purpose;
* ``portfolio-customers/``  an export of seven customers holding several loans and credit cards.

The code is the ``generator`` package next to this script. Every amount comes from the library's
schedule and claim engine (``evidence_kit.schedule``, ``evidence_kit.claim``, ``evidence_kit.fees``),
so the ledgers, letters, the judgment and each case.yaml's ``loan.claimed`` agree with what
``evidence-kit check`` recomputes. All people, companies, banks, addresses and numbers are fictional;
ID numbers and 统一社会信用代码 carry valid check characters.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the generator package sits next to this script
    sys.path.insert(0, str(HERE))

from generator import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(default_out=HERE, description=__doc__.splitlines()[0] if __doc__ else None))
