"""The decision material carries the sheets of the components after the design for the
initiatives that have their data: follow-up, evaluation, final report, implementation plan."""

import io

import openpyxl
import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from models import users
from models.demo import seed_demo
from models.project import Project


@pytest.fixture
def demo(db, monkeypatch) -> dict[str, Project]:
    monkeypatch.setattr(users, "hash_password",
                        lambda password: generate_password_hash(password, method="pbkdf2:sha256:1"))
    seed_demo(db)
    db.commit()
    return {project.key: project for project in db.scalars(select(Project))}


def _sheets(client, project) -> list[str]:
    response = client.get(f"/projects/{project.id}/export.xlsx")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.data)).sheetnames


def test_each_initiative_gets_the_sheets_it_has_data_for(client, logged_in, demo):
    logged_in("viewer")
    home_visits = _sheets(client, demo["hembesok"])
    # After the economics sheets, before the proposal's.
    assert home_visits.index("Kalkyl") < home_visits.index("Utvärdering") \
        < home_visits.index("Implementeringsplan") < home_visits.index("Poäng")
    truancy = _sheets(client, demo["skolfranvaro"])
    assert "Utvärdering" in truancy and "Implementeringsplan" not in truancy
    assert "Uppföljning" not in truancy
    parenting = _sheets(client, demo["foraldrastod"])
    assert "Uppföljning" in parenting and "Utvärdering" not in parenting
    idea = _sheets(client, demo["sommarjobb"])
    assert not {"Uppföljning", "Utvärdering", "Implementeringsplan"} & set(idea)
