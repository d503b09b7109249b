"""A programme's creation read off `grants.programmes` in either version: v1, published before
claims (issue 10), reads as v2 proposed from intake's records alone."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from shared.contracts import default_registry
from shared.contracts.envelope import Envelope
from shared.contracts.grants_programmes import ProgrammeCreatedV1, ProgrammeCreatedV2


def test_a_v1_programme_created_reads_as_proposed_from_impacts() -> None:
    published = ProgrammeCreatedV1(
        programme_id=uuid4(),
        code="winter-aid",
        name="Winter aid",
        kind="aid_to_household",
        form="cash",
        cycle_kind="fiscal_year",
        components=[],
        provinces=[],
        disaster=None,
        declared_provinces=[],
        payment_list_approvals=1,
        actor="admin-1",
    )
    raw = Envelope.encode_fields(
        published,
        origin="grants",
        position=1,
        aggregate_id=published.programme_id,
        aggregate_version=1,
        occurred_at=datetime.now(UTC),
        actor="admin-1",
        reason=None,
    )

    read = default_registry().decode(raw).payload

    assert isinstance(read, ProgrammeCreatedV2)
    assert read.trigger == "impact"
    assert read.model_dump(exclude={"trigger"}) == published.model_dump()
