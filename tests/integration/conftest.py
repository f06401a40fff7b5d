import pytest


def pytest_collection_modifyitems(config, items):
    """Every integration test uses the database: CI runs them again against PostgreSQL."""
    for item in items:
        if "tests/integration" in str(item.fspath):
            item.add_marker(pytest.mark.db)
