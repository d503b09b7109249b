"""Relief claims by SMS: the family sends its national ID and birth date; intake finds the
person by the keyed hash of the ID, checks the birth date against their sealed record, finds
the household they head and the declared disaster zone it lives in, and records one claim per
household and disaster. Every message is answered and counted, whatever it came to.

Two replicas (or a gateway retry) with the same message: its id is the message row's key, so
one commits and the other reads its answer. Two messages for one household at once: the
claim's id is derived, so one claim commits and the other message is "already received"."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from services.intake.application.claim_records import (
    AnsweredMessage,
    ClaimAnswer,
    ClaimMessages,
    Sms,
)
from services.intake.application.ports import (
    BeneficiaryIndex,
    EventStore,
    HouseholdIndex,
    KeyVault,
    UnitOfWork,
)
from services.intake.application.sealing import Sealing, record_of_kind
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.claim_replies import reply_to
from services.intake.domain.household import Household
from services.intake.domain.reference import CLAIMS_OPEN
from services.intake.domain.relief_claim import ClaimOutcome, ReliefClaim
from services.intake.domain.sms_claim_text import ClaimTextNotUnderstood, parse_claim_text
from services.intake.privacy.sealing import seal, unseal

SMS = "sms"


class ReliefClaims:
    def __init__(
        self,
        store: EventStore,
        sealing: Sealing,
        records: UnitOfWork,
        keys: KeyVault,
        beneficiaries: BeneficiaryIndex,
        households: HouseholdIndex,
        messages: ClaimMessages,
    ) -> None:
        self._store = store
        self._sealing = sealing
        self._records = records
        self._keys = keys
        self._beneficiaries = beneficiaries
        self._households = households
        self._messages = messages

    def receive(self, sms: Sms) -> ClaimAnswer:
        answered = self._messages.answer_for(sms.message_id)
        if answered is not None:
            return answer(answered, repeated=True)
        outcome, household, claimant = self._match(sms)
        if household is None or claimant is None:
            return self._record(sms, outcome, None)
        disaster = open_disaster(household.province_code)
        if disaster is None:
            return self._record(sms, ClaimOutcome.NOT_DECLARED, None)
        claim_id = ReliefClaim.create_id(household.id, disaster)
        if self._claimed(claim_id):
            return self._record(sms, ClaimOutcome.ALREADY_RECEIVED, claim_id)
        if disaster not in household.impacts:
            outcome = ClaimOutcome.RECEIVED_AWAITING_RECORD
        claim = ReliefClaim.claim(
            household_id=household.id,
            disaster=disaster,
            claimant_id=claimant.id,
            province_code=household.province_code,
            channel=SMS,
            message_id=sms.message_id,
            sealed_sender=self._sealed_sender(claimant.id, claim_id, sms.sender),
            received_at=sms.received_at,
        )
        return self._record(sms, outcome, claim_id, claim)

    def counts(self) -> dict[ClaimOutcome, tuple[int, int]]:
        return self._messages.counts()

    def _match(self, sms: Sms) -> tuple[ClaimOutcome, Household | None, Beneficiary | None]:
        try:
            text = parse_claim_text(sms.text, today=sms.received_at.date())
        except ClaimTextNotUnderstood:
            return ClaimOutcome.NOT_UNDERSTOOD, None, None
        person = self._person(text.cin, text.birth_date)
        if person is None:
            return ClaimOutcome.NOT_FOUND, None, None
        household_id = self._households.headed_by(person.id)
        if household_id is None:
            return ClaimOutcome.NO_HOUSEHOLD, None, person
        return ClaimOutcome.RECEIVED, record_of_kind(self._store, household_id, Household), person

    def _person(self, cin: str, birth_date: date) -> Beneficiary | None:
        """The open record holding this ID, if its sealed birth date is this one. A wrong
        birth date is "not found" too: the answer must not tell a stranger the ID exists."""
        holder = self._beneficiaries.holder_of([self._sealing.national_id_hash(cin)])
        if not holder:
            return None
        try:
            person = record_of_kind(self._store, next(iter(holder.values())), Beneficiary)
        except AggregateNotFoundError:
            return None
        key = self._keys.key_for(person.id)
        if person.erased or person.merged_into is not None or key is None:
            return None
        sealed = unseal(key, person.sealed_personal, str(person.id))
        return person if sealed.get("birth_date") == birth_date.isoformat() else None

    def _claimed(self, claim_id: UUID) -> bool:
        try:
            record_of_kind(self._store, claim_id, ReliefClaim)
        except AggregateNotFoundError:
            return False
        return True

    def _sealed_sender(self, claimant_id: UUID, claim_id: UUID, sender: str) -> str | None:
        key = self._keys.key_for(claimant_id)
        return None if key is None else seal(key, {"sender": sender}, str(claim_id))

    def _record(
        self,
        sms: Sms,
        outcome: ClaimOutcome,
        claim_id: UUID | None,
        claim: ReliefClaim | None = None,
    ) -> ClaimAnswer:
        answered = AnsweredMessage(sms.message_id, outcome, claim_id, sms.received_at)
        try:
            with self._records.transaction() as tx:
                tx.record_messages([(answered, self._sealing.sender_hash(sms.sender))])
                if claim is not None:
                    tx.save(claim)
        except IntegrityError:
            # The same message was answered meanwhile (a retry on another replica), or
            # another message of this household claimed first.
            if (earlier := self._messages.answer_for(sms.message_id)) is not None:
                return answer(earlier, repeated=True)
            if claim is None:
                raise
            return self._record(sms, ClaimOutcome.ALREADY_RECEIVED, claim_id)
        return answer(answered, repeated=False)


def open_disaster(province_code: str) -> str | None:
    return next((d for d, zone in CLAIMS_OPEN.items() if province_code in zone), None)


def answer(answered: AnsweredMessage, *, repeated: bool) -> ClaimAnswer:
    return ClaimAnswer(
        message_id=answered.message_id,
        outcome=answered.outcome,
        claim_id=answered.claim_id,
        reply=reply_to(answered.outcome),
        repeated_message=repeated,
    )
