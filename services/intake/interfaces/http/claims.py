"""The SMS gateway's webhook: a family's relief claim in, the reply to send back out. The
gateway authenticates with the shared secret in `X-Gateway-Secret`, not a user's token; it
retries a slow answer, so the webhook is idempotent on the gateway's message id."""

from __future__ import annotations

import hmac
from datetime import UTC
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Security
from fastapi.security import APIKeyHeader
from pydantic import AwareDatetime, BaseModel, Field

from services.intake.application.claim_group_commit import ClaimGroupCommit
from services.intake.application.claim_records import Sms
from services.intake.domain.relief_claim import ClaimOutcome
from services.intake.interfaces.http.access import Reader
from services.intake.interfaces.http.dependencies import intake_of
from shared.auth import NotAuthenticated
from shared.http.relay import wake_relay

router = APIRouter(prefix="/claims", tags=["relief claims"])
_gateway_secret = APIKeyHeader(
    name="X-Gateway-Secret", auto_error=False, description="the SMS gateway's shared secret"
)


# async although it awaits nothing: a plain def would hop to a worker thread on every SMS.
async def gateway(
    request: Request, secret: Annotated[str | None, Security(_gateway_secret)]
) -> None:
    expected: str = request.app.state.sms_gateway_secret
    if not secret or not hmac.compare_digest(secret.encode(), expected.encode()):
        raise NotAuthenticated("the SMS gateway's secret is missing or wrong")


class SmsIn(BaseModel):
    message_id: str = Field(min_length=1, max_length=200, description="the gateway's own id")
    sender: str = Field(min_length=3, max_length=32, description="the number it came from")
    text: str = Field(max_length=1600)
    received_at: AwareDatetime


class SmsReply(BaseModel):
    message_id: str
    outcome: ClaimOutcome
    claim_id: UUID | None
    reply: str = Field(description="the SMS to send back: Arabic, then French")
    repeated_message: bool = Field(description="this message id was answered before")


class OutcomeCount(BaseModel):
    outcome: ClaimOutcome
    messages: int
    senders: int = Field(description="distinct sender numbers (counted by keyed hash)")


class ClaimCounts(BaseModel):
    messages: int
    outcomes: list[OutcomeCount]


@router.post("/sms", dependencies=[Depends(gateway)])
async def sms_claim(sms: SmsIn, request: Request) -> SmsReply:
    """One SMS claim: the family's national ID and birth date, in the shapes people type
    (Latin or Arabic-Indic digits). Answered 200 whatever it came to: `outcome` says what,
    `reply` is the text to send. The same message id again gets the same answer."""
    received = Sms(sms.message_id, sms.sender, sms.text, sms.received_at.astimezone(UTC))
    # With the claims arriving at the same moment, in one transaction (a gateway's surge).
    writer: ClaimGroupCommit = request.app.state.claim_commit
    answer = await writer.receive(received)
    if answer.outcome.claimed and not answer.repeated_message:
        wake_relay(request)
    return SmsReply(
        message_id=answer.message_id,
        outcome=answer.outcome,
        claim_id=answer.claim_id,
        reply=answer.reply,
        repeated_message=answer.repeated_message,
    )


@router.get("/sms/counts")
def sms_claim_counts(_: Reader, request: Request) -> ClaimCounts:
    """Every SMS claim answered, by outcome: none is dropped silently."""
    counts = intake_of(request).claims.counts()
    rows = [OutcomeCount(outcome=o, messages=n, senders=s) for o, (n, s) in counts.items()]
    return ClaimCounts(messages=sum(r.messages for r in rows), outcomes=rows)
