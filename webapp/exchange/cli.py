"""Exchange and backup commands."""

commands: list = []
