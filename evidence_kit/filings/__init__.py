"""Court filings: one content builder per document, eligibility gates, DOCX (docxtpl) and PDF (WeasyPrint)."""
