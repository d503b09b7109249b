import uuid

from services.grants.domain.eligibility_review import EligibilityReview


def test_one_review_id_per_beneficiary() -> None:
    beneficiary = uuid.uuid4()
    first = EligibilityReview(
        beneficiary_id=beneficiary,
        province_code="KHN",
        category="disability",
        actor="grants",
        reason=None,
        traceparent=None,
    )
    second = EligibilityReview(
        beneficiary_id=beneficiary,
        province_code="KHN",
        category="disability",
        actor="grants",
        reason=None,
        traceparent=None,
    )
    assert first.id == second.id == EligibilityReview.create_id(beneficiary)
    assert first.status == "open"
