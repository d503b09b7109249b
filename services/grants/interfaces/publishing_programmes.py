"""Which programme events go out: what a programme is and its cycles, so that decisions and
orders can be read. Changes to the ceiling and the authorisation threshold stay in: they are
how grants decides, and each decision already carries what they meant for it (its amount and
`needs_authorisation`)."""

from __future__ import annotations

from typing import Any

from services.grants.domain.programme import Programme
from shared.contracts.amounts import Amount
from shared.contracts.grants_programmes import (
    PROGRAMMES_TOPIC,
    ProgrammeComponent,
    ProgrammeCreatedV2,
    ProgrammeCycleOpenedV1,
    ProgrammeEntitlement,
)
from shared.messaging.publishing import KEPT_IN, Translators
from shared.messaging.relay import Publication


def _component(plain: dict[str, Any]) -> ProgrammeComponent:
    return ProgrammeComponent(
        code=plain["code"],
        name=plain["name"],
        entitlements=[
            ProgrammeEntitlement(
                when=e["when"],
                amount=None
                if e["amount_centimes"] is None
                else Amount.of_centimes(e["amount_centimes"]),
            )
            for e in plain["entitlements"]
        ],
        items=list(plain["items"]),
    )


def _created(event: Programme.Created) -> Publication:
    return Publication(
        PROGRAMMES_TOPIC,
        ProgrammeCreatedV2(
            programme_id=event.originator_id,
            code=event.code,
            name=event.name,
            kind=event.kind,
            form=event.form,
            cycle_kind=event.cycle_kind,
            trigger=event.trigger,
            components=[_component(c) for c in event.components],
            provinces=sorted(event.provinces),
            disaster=event.disaster,
            declared_provinces=sorted(event.declared_provinces),
            payment_list_approvals=event.payment_list_approvals,
            actor=event.actor,
        ),
    )


def _cycle_opened(event: Programme.CycleOpened) -> Publication:
    return Publication(
        PROGRAMMES_TOPIC,
        ProgrammeCycleOpenedV1(
            programme_id=event.originator_id, cycle=event.cycle, actor=event.actor
        ),
    )


PROGRAMME_EVENTS: Translators = {
    Programme.Created: _created,
    Programme.CycleOpened: _cycle_opened,
    Programme.CeilingChanged: KEPT_IN,
    Programme.SecondApprovalThresholdChanged: KEPT_IN,
}
