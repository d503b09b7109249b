"""SMS claims a batch at a time, for the gateway's surges: the same outcomes as
`ReliefClaims.receive`, with each lookup made once for the whole batch (messages answered
before, identity hashes, people, keys, households, claims) and one transaction for every
message row and new claim. What it buys: about ten database round trips per batch instead of
about ten per message (28 ms a message alone here).

Messages of the batch that repeat one another are settled in memory: the first of a message
id or of a household is the one that counts. If the transaction fails (another replica took a
message id or a claim meanwhile), the batch is received again one message at a time, which
settles each race as `receive` does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

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
from services.intake.application.relief_claims import SMS, ReliefClaims, answer, open_disaster
from services.intake.application.sealing import Sealing
from services.intake.domain.beneficiary import Beneficiary
from services.intake.domain.household import Household
from services.intake.domain.relief_claim import ClaimOutcome, ReliefClaim
from services.intake.domain.sms_claim_text import ClaimTextNotUnderstood, parse_claim_text
from services.intake.privacy.sealing import seal, unseal


@dataclass
class _Read:
    sms: Sms
    cin: str | None = None
    birth_date: date | None = None


class ClaimBatches:
    def __init__(
        self,
        one_by_one: ReliefClaims,
        store: EventStore,
        sealing: Sealing,
        records: UnitOfWork,
        keys: KeyVault,
        beneficiaries: BeneficiaryIndex,
        households: HouseholdIndex,
        messages: ClaimMessages,
    ) -> None:
        self._one_by_one = one_by_one
        self._store = store
        self._sealing = sealing
        self._records = records
        self._keys = keys
        self._beneficiaries = beneficiaries
        self._households = households
        self._messages = messages

    def receive_many(self, batch: list[Sms]) -> list[ClaimAnswer]:
        earlier = self._messages.answers_for([s.message_id for s in batch])
        reads = [self._parsed(s) for s in batch]
        hashes = {r.cin: self._sealing.national_id_hash(r.cin) for r in reads if r.cin}
        holders = self._beneficiaries.holder_of(list(hashes.values()))
        people = self._store.get_many(list(set(holders.values())))
        keys = self._keys.keys_for(list(people))
        headed = self._households.households_headed_by(list(people))
        households = self._store.get_many(list(set(headed.values())))
        claim_ids = {
            h.id: ReliefClaim.create_id(h.id, d)
            for h in households.values()
            if (d := open_disaster(h.province_code)) is not None
        }
        claimed = set(self._store.get_many(list(claim_ids.values())))
        answers: list[ClaimAnswer] = []
        rows: list[tuple[AnsweredMessage, str]] = []
        new_claims: dict[UUID, ReliefClaim] = {}
        seen: dict[str, ClaimAnswer] = {}
        for read in reads:
            sms = read.sms
            if (before := earlier.get(sms.message_id)) is not None:
                answers.append(answer(before, repeated=True))
                continue
            if (same := seen.get(sms.message_id)) is not None:
                answers.append(ClaimAnswer(**{**same.__dict__, "repeated_message": True}))
                continue
            outcome, claim_id, claim = ClaimOutcome.NOT_UNDERSTOOD, None, None
            if read.cin is not None and read.birth_date is not None:
                person_id = holders.get(hashes[read.cin])
                person = people.get(person_id) if person_id else None
                key = keys.get(person.id) if person is not None else None
                outcome = ClaimOutcome.NOT_FOUND
                if person is not None and key is not None and _born(person, key, read.birth_date):
                    household_id = headed.get(person.id)
                    household = households.get(household_id) if household_id else None
                    outcome, claim_id, claim = self._claim(sms, person, key, household)
            if claim_id is not None and (claim_id in claimed or claim_id in new_claims):
                outcome, claim = ClaimOutcome.ALREADY_RECEIVED, None
            if claim is not None:
                new_claims[claim.id] = claim
            row = AnsweredMessage(sms.message_id, outcome, claim_id, sms.received_at)
            rows.append((row, self._sealing.sender_hash(sms.sender)))
            seen[sms.message_id] = answer(row, repeated=False)
            answers.append(seen[sms.message_id])
        try:
            with self._records.transaction() as tx:
                tx.record_messages(rows)
                tx.save(*new_claims.values())
        except IntegrityError:
            return [self._one_by_one.receive(s) for s in batch]
        return answers

    def _parsed(self, sms: Sms) -> _Read:
        try:
            text = parse_claim_text(sms.text, today=sms.received_at.date())
        except ClaimTextNotUnderstood:
            return _Read(sms)
        return _Read(sms, text.cin, text.birth_date)

    def _claim(
        self, sms: Sms, person: Beneficiary, key: bytes, household: Household | None
    ) -> tuple[ClaimOutcome, UUID | None, ReliefClaim | None]:
        if person.erased or person.merged_into is not None:
            return ClaimOutcome.NOT_FOUND, None, None
        if household is None:
            return ClaimOutcome.NO_HOUSEHOLD, None, None
        disaster = open_disaster(household.province_code)
        if disaster is None:
            return ClaimOutcome.NOT_DECLARED, None, None
        claim_id = ReliefClaim.create_id(household.id, disaster)
        claim = ReliefClaim.claim(
            household_id=household.id, disaster=disaster, claimant_id=person.id,
            province_code=household.province_code, channel=SMS, message_id=sms.message_id,
            sealed_sender=seal(key, {"sender": sms.sender}, str(claim_id)),
            received_at=sms.received_at,
        )  # fmt: skip
        awaiting = disaster not in household.impacts
        outcome = ClaimOutcome.RECEIVED_AWAITING_RECORD if awaiting else ClaimOutcome.RECEIVED
        return outcome, claim_id, claim


def _born(person: Beneficiary, key: bytes, birth_date: date) -> bool:
    sealed = unseal(key, person.sealed_personal, str(person.id))
    return bool(sealed.get("birth_date") == birth_date.isoformat())
