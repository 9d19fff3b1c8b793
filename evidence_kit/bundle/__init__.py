"""Exhibits to pages, the plan, stamps, HTML-to-PDF pages, assembly of bundle.pdf and its read-back."""
