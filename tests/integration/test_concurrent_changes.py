"""Two caseworkers changing the same record at once: one wins, the other gets 409, nothing is
half-written (optimistic concurrency on the aggregate's version)."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from services.intake.application import Intake
from services.intake.domain.reference import BeneficiaryStatus
from shared.auth import Role
from tests.integration.test_walking_skeleton import FATIMA
from tests.platform import embedded_platform, token


async def test_a_write_that_lost_the_race_is_409_and_changes_nothing(tmp_path: Path) -> None:
    async with embedded_platform(tmp_path) as platform:
        intake_app: Intake = platform.intake.http.state.intake
        views, store, changes = intake_app.views, intake_app.store, intake_app.changes
        async with platform.client(platform.intake, token(Role.CASEWORKER)) as intake:
            beneficiary_id = UUID(
                (await intake.post("/beneficiaries", json=FATIMA)).json()["beneficiary_id"]
            )

            # Two replicas loaded version 1; the first saves, the second is refused.
            mine, theirs = views.beneficiary(beneficiary_id), views.beneficiary(beneficiary_id)
            mine.change_status(BeneficiaryStatus.ACTIVE, "cw-1", "visited")
            store.save(mine)
            theirs.change_status(BeneficiaryStatus.EXITED, "cw-2", "moved away")
            with pytest.raises(IntegrityError):
                store.save(theirs)
            assert views.beneficiary(beneficiary_id).status is BeneficiaryStatus.ACTIVE

            # Over HTTP the same refusal is a JSON 409.
            original = changes.change_status

            def lose_the_race(*args: object, **kwargs: object) -> None:
                raise IntegrityError("duplicate key value violates unique constraint")

            changes.change_status = lose_the_race  # type: ignore[method-assign]
            try:
                response = await intake.post(
                    f"/beneficiaries/{beneficiary_id}/status",
                    json={"status": "suspended", "reason": "x"},
                )
            finally:
                changes.change_status = original  # type: ignore[method-assign]
            assert response.status_code == 409
            assert response.json()["error"] == "conflict"
            history = (await intake.get(f"/beneficiaries/{beneficiary_id}/history")).json()
            assert [e["what"] for e in history["events"]] == ["Enrolled", "StatusChanged"]
