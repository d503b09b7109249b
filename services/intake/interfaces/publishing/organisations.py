"""Which institution and association events go out, and as which integration contract."""

from __future__ import annotations

from typing import Any

from services.intake.domain.association import Association
from services.intake.domain.institution import Institution
from shared.contracts.intake_organisations import (
    ASSOCIATIONS_TOPIC,
    INSTITUTIONS_TOPIC,
    AssociationRegisteredV1,
    InstitutionLicensingChangedV1,
    InstitutionManagerAssignedV1,
    InstitutionRegisteredV1,
    PartnershipAgreementEndedV1,
    PartnershipAgreementSignedV1,
)
from shared.messaging.publishing import KEPT_IN, Translators
from shared.messaging.relay import Publication


def _institution_registered(event: Any) -> Publication:
    return Publication(
        INSTITUTIONS_TOPIC,
        InstitutionRegisteredV1(
            institution_id=event.originator_id,
            name_lat=event.name_lat,
            name_ar=event.name_ar,
            type=event.type,
            province_code=event.province_code,
            commune_code=event.commune_code,
            capacity=event.capacity,
            licensing_status=event.licensing_status,
            managing_association_id=event.managing_association_id,
        ),
    )


def _licensing_changed(event: Any) -> Publication:
    return Publication(
        INSTITUTIONS_TOPIC,
        InstitutionLicensingChangedV1(
            institution_id=event.originator_id,
            status=event.status,
            effective_on=event.effective_on,
            reason=event.reason,
        ),
    )


def _manager_assigned(event: Any) -> Publication:
    return Publication(
        INSTITUTIONS_TOPIC,
        InstitutionManagerAssignedV1(
            institution_id=event.originator_id,
            managing_association_id=event.managing_association_id,
        ),
    )


def _association_registered(event: Any) -> Publication:
    return Publication(
        ASSOCIATIONS_TOPIC,
        AssociationRegisteredV1(
            association_id=event.originator_id,
            name=event.name,
            registration_number=event.registration_number,
            province_code=event.province_code,
            fields_of_work=list(event.fields_of_work),
        ),
    )


def _agreement_signed(event: Any) -> Publication:
    return Publication(
        ASSOCIATIONS_TOPIC,
        PartnershipAgreementSignedV1(
            association_id=event.originator_id,
            agreement_id=event.agreement_id,
            subject=event.subject,
            starts_on=event.starts_on,
            ends_on=event.ends_on,
        ),
    )


def _agreement_ended(event: Any) -> Publication:
    return Publication(
        ASSOCIATIONS_TOPIC,
        PartnershipAgreementEndedV1(
            association_id=event.originator_id,
            agreement_id=event.agreement_id,
            ended_on=event.ended_on,
            reason=event.reason,
        ),
    )


INSTITUTION_EVENTS: Translators = {
    Institution.Created: KEPT_IN,
    Institution.Registered: _institution_registered,
    Institution.LicensingChanged: _licensing_changed,
    Institution.ManagerAssigned: _manager_assigned,
}
ASSOCIATION_EVENTS: Translators = {
    Association.Created: KEPT_IN,
    Association.Registered: _association_registered,
    Association.AgreementSigned: _agreement_signed,
    Association.AgreementEnded: _agreement_ended,
}
