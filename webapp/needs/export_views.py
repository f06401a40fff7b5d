"""Downloads of the needs analysis."""
