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
from shared.messaging.relay import Publication


def translate(event: Any) -> Publication | None:
    if isinstance(event, Institution.Registered):
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
    if isinstance(event, Institution.LicensingChanged):
        return Publication(
            INSTITUTIONS_TOPIC,
            InstitutionLicensingChangedV1(
                institution_id=event.originator_id,
                status=event.status,
                effective_on=event.effective_on,
                reason=event.reason,
            ),
        )
    if isinstance(event, Institution.ManagerAssigned):
        return Publication(
            INSTITUTIONS_TOPIC,
            InstitutionManagerAssignedV1(
                institution_id=event.originator_id,
                managing_association_id=event.managing_association_id,
            ),
        )
    return _association(event)


def _association(event: Any) -> Publication | None:
    if isinstance(event, Association.Registered):
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
    if isinstance(event, Association.AgreementSigned):
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
    if isinstance(event, Association.AgreementEnded):
        return Publication(
            ASSOCIATIONS_TOPIC,
            PartnershipAgreementEndedV1(
                association_id=event.originator_id,
                agreement_id=event.agreement_id,
                ended_on=event.ended_on,
                reason=event.reason,
            ),
        )
    return None
