"""Court filings: one content builder per document, eligibility gates, DOCX (docxtpl) and PDF (WeasyPrint).

- ``content``, ``narrative``: the sources (case, debts with their claims, fees, exhibit pages) and the
  wording every filing shares; one module per document builds its content once:
  ``payment_order``, ``preservation``, ``enforcement``, ``complaint``, ``evidence_list``, ``claim_sheet``;
- ``eligibility``: the legal conditions of each filing (exit 12);
- ``render``: templates (the user's folder first, per file) → ``NAME.docx`` and ``NAME.pdf``;
- ``readback``: the rendered text read back and reconciled with the sources (exit 8);
- ``make``: which filings a build makes, in that order; ``docxgen``: the built-in DOCX templates.
"""
