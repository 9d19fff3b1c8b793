"""evidence-kit: one case folder in, one checked evidence bundle and its court filings out."""

__version__ = "0.1.0"
