"""Intake's use cases, one module per area, one method per use case."""

from __future__ import annotations

from services.intake.application.beneficiaries import BeneficiaryUseCases, Enrolment


class IntakeApplication(BeneficiaryUseCases):
    """Everything intake does, over one event store (tables `intake_*`)."""

    name = "intake"  # eventsourcing names each subclass after itself unless told


__all__ = ["Enrolment", "IntakeApplication"]
