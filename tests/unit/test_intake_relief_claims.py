"""Relief claims by SMS through intake's use cases, in memory: matching the person by national
ID and birth date, one claim per household and disaster, every message answered and counted,
and the sender's number sealed (tests/integration/test_sms_claims_api.py does it over HTTP)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import count
from uuid import UUID

from services.intake.application import Intake
from services.intake.application.claim_records import ClaimAnswer, Sms
from services.intake.application.household_census import CensusHousehold
from services.intake.domain.reference import DamageLevel
from services.intake.domain.relief_claim import ClaimOutcome, ReliefClaim
from services.intake.interfaces.publishing import to_integration_event
from shared.contracts.intake_claims import CLAIMS_TOPIC, ReliefClaimedV1
from tests.unit.intake_memory import FLOODS, in_memory_intake, person

BORN = date(1971, 3, 12)
SENDER = "+212 661-234567"
_messages = count(1)


@dataclass(frozen=True)
class Family:
    head_id: UUID
    household_id: UUID
    cin: str


def family(intake: Intake, cin: str, province: str = "LAR", *, affected: bool = True) -> Family:
    enrolment = person(cin, province_code=province, commune_code=f"{province}-001", birth_date=BORN)
    head_id = intake.beneficiaries.enrol_beneficiary(enrolment, actor="cw")
    household_id = intake.households.register_household(
        head_id, province, f"{province}-001", "Douar Lkhlot", None, actor="cw"
    )
    if affected:
        intake.households.record_disaster_impact(
            household_id, FLOODS, evacuated=True, damage=DamageLevel.DESTROYED, actor="cw"
        )
    return Family(head_id, household_id, cin)


def sms(text: str, message_id: str | None = None, sender: str = SENDER) -> Sms:
    return Sms(
        message_id or f"gw-{next(_messages)}", sender, text, datetime(2026, 2, 14, 9, tzinfo=UTC)
    )


def claimed(intake: Intake, text: str, message_id: str | None = None) -> ClaimAnswer:
    return intake.claims.receive(sms(text, message_id))


def published_claims(intake: Intake) -> list[ReliefClaimedV1]:
    notifications = intake.store.recorder.select_notifications(1, 10_000)
    found = []
    for n in notifications:
        publication = to_integration_event(intake.store.mapper.to_domain_event(n))
        if publication is not None and publication.topic == CLAIMS_TOPIC:
            assert isinstance(publication.payload, ReliefClaimedV1)
            found.append(publication.payload)
    return found


def test_a_claim_finds_the_household_by_national_id_and_birth_date() -> None:
    intake = in_memory_intake()
    home = family(intake, "LB123456")
    answer = claimed(intake, "LB123456 12/03/1971")
    assert answer.outcome is ClaimOutcome.RECEIVED
    assert answer.claim_id == ReliefClaim.create_id(home.household_id, FLOODS)
    assert "توصلنا" in answer.reply and "reçue" in answer.reply
    [out] = published_claims(intake)
    assert (out.household_id, out.claimant_id, out.disaster) == (
        home.household_id, home.head_id, FLOODS,
    )  # fmt: skip
    assert (out.province_code, out.channel) == ("LAR", "sms")


def test_the_same_sms_sent_five_times_makes_one_claim() -> None:
    intake = in_memory_intake()
    family(intake, "LB223456")
    answers = [claimed(intake, "LB223456 12/03/1971", "gw-same") for _ in range(5)]
    assert {a.outcome for a in answers} == {ClaimOutcome.RECEIVED}
    assert [a.repeated_message for a in answers] == [False, True, True, True, True]
    assert len(published_claims(intake)) == 1
    assert intake.claims.counts() == {ClaimOutcome.RECEIVED: (1, 1)}


def test_a_second_message_from_the_family_is_already_received() -> None:
    intake = in_memory_intake()
    family(intake, "LB323456")
    first = claimed(intake, "LB323456 12/03/1971")
    again = claimed(intake, "cin lb 323456 né le 12-3-1971")
    assert again.outcome is ClaimOutcome.ALREADY_RECEIVED
    assert (again.claim_id, again.repeated_message) == (first.claim_id, False)
    assert "مسجل" in again.reply
    assert len(published_claims(intake)) == 1


def test_a_claim_in_arabic_indic_digits_matches() -> None:
    intake = in_memory_intake()
    family(intake, "LB423456")
    answer = claimed(intake, "منكوب ب.ت.و LB٤٢٣٤٥٦ تاريخ الازدياد ١٢/٠٣/١٩٧١")  # noqa: RUF001
    assert answer.outcome is ClaimOutcome.RECEIVED


def test_a_wrong_birth_date_is_not_found_like_an_unknown_id() -> None:
    intake = in_memory_intake()
    family(intake, "LB523456")
    assert claimed(intake, "LB523456 13/03/1971").outcome is ClaimOutcome.NOT_FOUND
    assert claimed(intake, "ZZ999999 12/03/1971").outcome is ClaimOutcome.NOT_FOUND
    assert published_claims(intake) == []


def test_a_household_outside_the_declared_provinces_is_answered_and_not_claimed() -> None:
    intake = in_memory_intake()
    family(intake, "SF123456", province="SAF")
    answer = claimed(intake, "SF123456 12/03/1971")
    assert answer.outcome is ClaimOutcome.NOT_DECLARED
    assert "hors des zones" in answer.reply
    assert published_claims(intake) == []


def test_a_person_heading_no_household_and_a_text_not_understood_are_answered() -> None:
    intake = in_memory_intake()
    alone = person("LB623456", birth_date=BORN)
    intake.beneficiaries.enrol_beneficiary(alone, actor="cw")
    assert claimed(intake, "LB623456 12/03/1971").outcome is ClaimOutcome.NO_HOUSEHOLD
    assert claimed(intake, "bonjour, aidez-nous").outcome is ClaimOutcome.NOT_UNDERSTOOD
    counts = intake.claims.counts()
    assert counts[ClaimOutcome.NO_HOUSEHOLD] == (1, 1)
    assert counts[ClaimOutcome.NOT_UNDERSTOOD] == (1, 1)


def test_a_claim_before_the_impact_is_recorded_stands_and_is_published() -> None:
    """Intake keeps it and says the census has not recorded the household yet; grants
    proposes once the impact arrives (tests/unit/test_grants_claims.py)."""
    intake = in_memory_intake()
    family(intake, "LB723456", affected=False)
    answer = claimed(intake, "LB723456 12/03/1971")
    assert answer.outcome is ClaimOutcome.RECEIVED_AWAITING_RECORD
    assert "recensement" in answer.reply
    assert len(published_claims(intake)) == 1


def test_the_senders_number_is_sealed_never_stored_plain() -> None:
    intake = in_memory_intake()
    home = family(intake, "LB823456")
    answer = claimed(intake, "LB823456 12/03/1971")
    assert answer.claim_id is not None
    stored = list(intake.store.repository.event_store.get(answer.claim_id))
    text = json.dumps([e.__dict__ for e in stored], default=str)
    assert "661-234567" not in text and "661234567" not in text and "LB823456" not in text
    claim: ReliefClaim = intake.store.repository.get(answer.claim_id)
    assert claim.sealed_sender is not None and claim.claimant_id == home.head_id


def test_a_census_registers_households_with_their_impacts_in_one_go() -> None:
    """The census's households are claimed like those registered one by one."""
    intake = in_memory_intake()
    heads = [
        intake.beneficiaries.enrol_beneficiary(person(f"LC{n}23456", birth_date=BORN), actor="cw")
        for n in range(3)
    ]
    census = [
        CensusHousehold(head, "LAR", "LAR-001", "Douar Lkhlot", None, FLOODS, True,
                        DamageLevel.REPAIRABLE)
        for head in heads
    ]  # fmt: skip
    ids = intake.census.register(census, actor="census", reason="recensement")
    shown = intake.household_views.read_household(ids[0])
    assert shown.disaster_impacts == [
        {"disaster": FLOODS, "evacuated": True, "damage": "repairable"}
    ]
    assert claimed(intake, "LC123456 12/03/1971").outcome is ClaimOutcome.RECEIVED


def surge(intake: Intake) -> list[Sms]:
    family(intake, "LE100001")
    family(intake, "LE100002", affected=False)
    family(intake, "SE100003", province="SAF")
    intake.beneficiaries.enrol_beneficiary(person("LE100004", birth_date=BORN), actor="cw")
    texts = [
        ("m1", "LE100001 12/03/1971"), ("m1", "LE100001 12/03/1971"),
        ("m2", "cin le100001 né le 12-3-1971"), ("m3", "LE100002 12/03/1971"),
        ("m4", "SE100003 12/03/1971"), ("m5", "LE100004 12/03/1971"),
        ("m6", "LE100001 13/03/1971"), ("m7", "salam"), ("m8", "ZZ1 01/01/1980"),
    ]  # fmt: skip
    return [sms(text, message_id) for message_id, text in texts]


def test_a_batch_of_claims_comes_to_what_they_come_to_one_by_one() -> None:
    one_by_one, batched = in_memory_intake(), in_memory_intake()
    expected = [one_by_one.claims.receive(s) for s in surge(one_by_one)]
    answers = batched.claim_batches.receive_many(surge(batched))
    assert [(a.outcome, a.repeated_message) for a in answers] == [
        (e.outcome, e.repeated_message) for e in expected
    ]
    assert [a.outcome for a in answers] == [
        ClaimOutcome.RECEIVED, ClaimOutcome.RECEIVED, ClaimOutcome.ALREADY_RECEIVED,
        ClaimOutcome.RECEIVED_AWAITING_RECORD, ClaimOutcome.NOT_DECLARED,
        ClaimOutcome.NO_HOUSEHOLD, ClaimOutcome.NOT_FOUND, ClaimOutcome.NOT_UNDERSTOOD,
        ClaimOutcome.NOT_FOUND,
    ]  # fmt: skip
    assert len(published_claims(batched)) == 2
    assert batched.claims.counts() == one_by_one.claims.counts()
    again = batched.claim_batches.receive_many([sms("x", "m1"), sms("x", "m9")])
    assert [(a.outcome, a.repeated_message) for a in again] == [
        (ClaimOutcome.RECEIVED, True), (ClaimOutcome.NOT_UNDERSTOOD, False),
    ]  # fmt: skip
