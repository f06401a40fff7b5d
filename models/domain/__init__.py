"""Pure domain logic: no SQLAlchemy, no Flask. Plain data in, results out."""


def N_(message: str) -> str:
    """Mark a message for translation; the web layer translates it when shown."""
    return message
