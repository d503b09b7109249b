"""Grants' programmes (`grants.programmes`), kept by every projection that reports per
programme: reports join their rows to a programme's code and name at the same moment, so a
decision read before its programme (another topic) still shows them."""

from __future__ import annotations

from pydantic import BaseModel

from services.reporting.application.projecting import On
from services.reporting.application.reports import Join
from services.reporting.application.rows import Rows
from services.reporting.domain.history import Field, Kind
from shared.contracts import Envelope
from shared.contracts.grants_programmes import PROGRAMMES_TOPIC, ProgrammeCreatedV2

PROGRAMME = Kind(
    "programme",
    (
        Field("code", str, 40),
        Field("name", str, 200),
        Field("kind", str, 32),
        Field("form", str, 16),
        Field("trigger", str, 16),
        Field("disaster", str, 80),
    ),
)

TOPIC = PROGRAMMES_TOPIC

# A report's rows with `programme_id` answer the programme's code and name beside it.
PROGRAMME_NAMES = Join(
    kind=PROGRAMME.name,
    on="programme_id",
    fields={"programme_code": "code", "programme_name": "name"},
)
PROGRAMME_CODE = Join(kind=PROGRAMME.name, on="programme_id", fields={"programme_code": "code"})


def on_programme_created(p: BaseModel, _: Envelope, rows: Rows) -> None:
    assert isinstance(p, ProgrammeCreatedV2)
    rows.put(
        PROGRAMME.name,
        str(p.programme_id),
        {
            "code": p.code,
            "name": p.name,
            "kind": p.kind,
            "form": p.form,
            "trigger": p.trigger,
            "disaster": p.disaster,
        },
    )


def reads_programme(p: BaseModel) -> list[tuple[str, str]]:
    assert isinstance(p, ProgrammeCreatedV2)
    return [(PROGRAMME.name, str(p.programme_id))]


HANDLERS = {ProgrammeCreatedV2.TYPE: On(on_programme_created, reads_programme)}
