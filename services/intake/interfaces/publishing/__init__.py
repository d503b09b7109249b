"""Which of intake's stored events go out, and as which integration contract."""

from __future__ import annotations

from typing import Any

from services.intake.interfaces.publishing import beneficiaries, households, organisations
from shared.messaging.relay import Publication

TRANSLATORS = [beneficiaries.translate, organisations.translate, households.translate]


def to_integration_event(event: Any) -> Publication | None:
    for translate in TRANSLATORS:
        publication = translate(event)
        if publication is not None:
            return publication
    return None
