"""Exports to Excel and JSON: pure build_*(data) -> bytes, no Flask, no database session."""
