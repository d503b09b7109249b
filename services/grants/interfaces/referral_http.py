"""A caseworker's referral over HTTP: `POST /proposals` proposes a beneficiary grants knows
for a person programme's component and cycle (see application/referrals.py). The decision it
makes then goes through the four eyes at /decisions."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from services.grants.application.referrals import Referral, Referrals
from services.grants.interfaces.decision_http import DecisionView, decision_view
from services.grants.interfaces.record_http import Code, Reason, actor_of, answering
from shared.http.relay import wake_relay
from shared.http.security import Writer

router = APIRouter(prefix="/proposals", tags=["proposals"])


def _referrals(request: Request) -> Referrals:
    referrals: Referrals = request.app.state.referrals
    return referrals


UseCase = Annotated[Referrals, Depends(_referrals)]

FOOD_AID_EXAMPLE: dict[str, Any] = {
    "programme": "disability-food-aid",
    "cycle": "2026-03",
    "beneficiary_id": "0b6f3c1e-4a51-4c0e-9d43-7d3a2f6a9b10",
    "disability_type_attested": True,
    "reason": "home visit of 2 March 2026: disability card seen",
}
WHEELCHAIR_EXAMPLE: dict[str, Any] = {
    "programme": "disability-technical-aids",
    "cycle": "2026",
    "beneficiary_id": "0b6f3c1e-4a51-4c0e-9d43-7d3a2f6a9b10",
    "component": "wheelchair",
    "reason": "assessed at the provincial delegation",
}


class ReferralBody(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [FOOD_AID_EXAMPLE, WHEELCHAIR_EXAMPLE]},
    )

    programme: Code = Field(examples=["disability-food-aid"], description="a person programme")
    cycle: str = Field(
        min_length=1,
        max_length=100,
        examples=["2026-03"],
        description='an open cycle of the programme: a fiscal year ("2026") or a month ("2026-03")',
    )
    beneficiary_id: UUID = Field(description="a beneficiary grants knows from intake's events")
    component: Code | None = Field(
        default=None,
        examples=["wheelchair"],
        description="the component (for technical aids, the item: wheelchair, white_cane, "
        "hearing_aid); default: the programme's only one",
    )
    disability_type_attested: bool = Field(
        default=False,
        description="you attest the person's type of disability is one the programme serves "
        "(food aid: motor or visual). Needed where the programme depends on it; the type "
        "itself is never sent nor kept (law 09-08)",
    )
    reason: Reason = Field(
        examples=["home visit of 2 March 2026: disability card seen"],
        description="why: recorded with your name and the time on the proposal, in grants' "
        "history only (an attested proposal's reason is not published)",
    )


PROPOSED_EXAMPLE: dict[str, Any] = {
    "decision_id": "5d0c52f4-1f0e-5b7e-8a44-2f1c6a1d2e3b",
    "version": 1,
    "programme_id": "8a7d1a2e-7b0e-5d11-9c55-0f6f3f0a4b21",
    "cycle": "2026-03",
    "component": "food_basket",
    "subject_id": FOOD_AID_EXAMPLE["beneficiary_id"],
    "province_code": "KHN",
    "amount": None,
    "items": ["Food basket"],
    "status": "proposed",
    "needs_second_approval": False,
    "disability_type_attested": True,
    "proposed_by": "cw-khenifra",
    "approved_by": [],
    "rejected_by": None,
    "appealed": False,
    "payment_list_id": None,
    "currency": "MAD",
}
RESPONSES: dict[int | str, dict[str, Any]] = {
    201: {
        "description": "the proposed decision, to be approved by an approver of the province",
        "content": {"application/json": {"example": PROPOSED_EXAMPLE}},
    },
    403: {"description": "not a caseworker, or not one of the beneficiary's province"},
    409: {
        "description": "this component of the cycle is proposed for this beneficiary already",
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Error"},
                "example": {
                    "error": "conflict",
                    "detail": "this beneficiary is proposed this component of the "
                    "programme's cycle already",
                    "fields": [{"field": "component", "message": "..."}],
                },
            }
        },
    },
    422: {
        "description": "`fields` names what is refused: programme (unknown, not for persons), "
        "cycle (malformed, not open), beneficiary_id (unknown to grants, suspended or gone), "
        "component (unknown, not due), categories or province_code (not served), "
        "disability_type_attested (the programme needs the attestation)",
    },
}


@router.post("", status_code=201, response_model=DecisionView, responses=RESPONSES)
def refer(
    body: ReferralBody, principal: Writer, referrals: UseCase, request: Request
) -> DecisionView:
    """A caseworker of the beneficiary's province proposes them for a component of a person
    programme's open cycle, assessed as grants' own proposals are."""
    referral = Referral(
        programme=body.programme,
        cycle=body.cycle,
        beneficiary_id=body.beneficiary_id,
        reason=body.reason,
        component=body.component,
        disability_type_attested=body.disability_type_attested,
    )
    with answering():
        decision = referrals.refer(referral, actor_of(principal))
    wake_relay(request)
    return decision_view(decision)
