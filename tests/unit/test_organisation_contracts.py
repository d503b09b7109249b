"""Institution and association events go out as their contracts, and decode back."""

from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from services.intake.domain.association import Association
from services.intake.domain.institution import Institution
from services.intake.domain.reference import Category, InstitutionType, LicensingStatus
from services.intake.interfaces.publishing import to_integration_event as translate
from shared.contracts import ContractRegistry, Envelope
from shared.contracts import intake_organisations as contracts


def _institution_events() -> list[Any]:
    manager = uuid4()
    institution = Institution.register(
        name_lat="Centre Al Amal",
        name_ar="مركز الأمل",
        type=InstitutionType.DISABILITY_CENTRE,
        province_code="KHN",
        commune_code="KHN-001",
        capacity=40,
        licensing_status=LicensingStatus.LICENSING_IN_PROGRESS,
        managing_association_id=None,
        actor="cw",
    )
    institution.change_licensing(
        status=LicensingStatus.LICENSED, effective_on=date(2021, 3, 1), reason="ok", actor="cw"
    )
    institution.assign_manager(association_id=manager, actor="cw")
    return list(institution.collect_events())


def _association_events() -> list[Any]:
    association = Association.register(
        name="Association Al Amal",
        registration_number="R-1",
        province_code="KHN",
        fields_of_work=[Category.DISABILITY],
        actor="cw",
    )
    agreement_id = association.sign_agreement(
        subject="gestion", starts_on=date(2021, 1, 1), ends_on=date(2023, 1, 1), actor="cw"
    )
    association.end_agreement(
        agreement_id=agreement_id, ended_on=date(2022, 1, 1), reason="dissolution", actor="cw"
    )
    return list(association.collect_events())


def test_institution_events_become_their_contracts() -> None:
    registered, licensed, assigned = _institution_events()
    published = [translate(e) for e in (registered, licensed, assigned)]
    assert all(p is not None and p.topic == contracts.INSTITUTIONS_TOPIC for p in published)
    first, second, third = (p.payload for p in published if p is not None)
    assert first == contracts.InstitutionRegisteredV1(
        institution_id=registered.originator_id,
        name_lat="Centre Al Amal",
        name_ar="مركز الأمل",
        type="disability_centre",
        province_code="KHN",
        commune_code="KHN-001",
        capacity=40,
        licensing_status="licensing_in_progress",
        managing_association_id=None,
    )
    assert second == contracts.InstitutionLicensingChangedV1(
        institution_id=registered.originator_id,
        status="licensed",
        effective_on=date(2021, 3, 1),
        reason="ok",
    )
    assert isinstance(third, contracts.InstitutionManagerAssignedV1)
    assert third.managing_association_id == assigned.managing_association_id


def test_association_events_become_their_contracts() -> None:
    registered, signed, ended = _association_events()
    published = [translate(e) for e in (registered, signed, ended)]
    assert all(p is not None and p.topic == contracts.ASSOCIATIONS_TOPIC for p in published)
    first, second, third = (p.payload for p in published if p is not None)
    assert first == contracts.AssociationRegisteredV1(
        association_id=registered.originator_id,
        name="Association Al Amal",
        registration_number="R-1",
        province_code="KHN",
        fields_of_work=["disability"],
    )
    assert second == contracts.PartnershipAgreementSignedV1(
        association_id=registered.originator_id,
        agreement_id=signed.agreement_id,
        subject="gestion",
        starts_on=date(2021, 1, 1),
        ends_on=date(2023, 1, 1),
    )
    assert third == contracts.PartnershipAgreementEndedV1(
        association_id=registered.originator_id,
        agreement_id=signed.agreement_id,
        ended_on=date(2022, 1, 1),
        reason="dissolution",
    )


def test_other_events_are_not_translated() -> None:
    assert translate(object()) is None


def test_every_contract_round_trips_through_a_registry() -> None:
    registry = ContractRegistry()
    contracts.register(registry)
    for event in _institution_events() + _association_events():
        publication = translate(event)
        assert publication is not None
        registry.check_registered(publication.payload)
        raw = Envelope.encode_fields(
            publication.payload,
            origin="intake",
            position=1,
            aggregate_id=event.originator_id,
            aggregate_version=event.originator_version,
            occurred_at=datetime(2026, 2, 10, tzinfo=UTC),
            actor="cw",
            reason=None,
        )
        assert registry.decode(raw).payload == publication.payload
