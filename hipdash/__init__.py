"""hipdash: the plain-Python core of a local hip self-care dashboard."""
