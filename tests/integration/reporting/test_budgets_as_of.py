"""Budgets and disbursements on SQLite and PostgreSQL: the Khenifra 2021 envelopes to the
centime, as of any moment, filtered by province, programme (code or id) and year, and the
months of disbursements adding up to what each envelope disbursed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from shared.contracts.base import Contract
from tests.integration.reporting.projected import Projected, event_at
from tests.unit.grants_events import Ledger, programme, topic_of

SOCIAL_CARE, DISABILITY, FLOODS = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
T0 = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)


def receive(reporting: Projected, at: datetime, *payloads: Contract) -> None:
    for payload in payloads:
        reporting.receive(topic_of(payload), event_at(payload, at, origin="grants"))


def khenifra(reporting: Projected) -> tuple[Ledger, Ledger]:
    """The demo's Khenifra 2021: 3,160,000.00 for social-care institutions' associations
    (3,000,000.00 + 160,000.00), 1,468,411.00 for disability associations, all held."""
    care = Ledger(SOCIAL_CARE, "2021", "KHN")
    disability = Ledger(DISABILITY, "2021", "KHN")
    receive(reporting, T0, care.opened(), disability.opened())  # before their programmes
    receive(
        reporting,
        T0,
        programme(SOCIAL_CARE, "social-care-institutions", name="Associations gérant des EPS"),
        programme(DISABILITY, "disability-associations", name="Associations du handicap"),
    )
    receive(reporting, T0 + timedelta(hours=1), care.allocate(316_000_000))
    receive(reporting, T0 + timedelta(hours=1), disability.allocate(146_841_100))
    holds = [(care, 300_000_000), (care, 16_000_000), (disability, 146_841_100)]
    for ledger, amount in holds:
        receive(reporting, T0 + timedelta(days=1), ledger.hold(uuid.uuid4(), amount))
    return care, disability


def figures(rows: list[dict[str, object]]) -> dict[object, tuple[object, ...]]:
    return {
        r["programme_code"]: (r["allocated"], r["held"], r["disbursed"], r["available"])
        for r in rows
    }


def test_the_khenifra_2021_envelopes_show_to_the_centime_as_of_each_moment(
    reporting: Projected,
) -> None:
    khenifra(reporting)
    [care] = reporting.rows("budgets", programme="social-care-institutions")
    assert care == {
        "programme_id": str(SOCIAL_CARE), "cycle": "2021", "province_code": "KHN",
        "programme_code": "social-care-institutions",
        "programme_name": "Associations gérant des EPS",
        "allocated": "3160000.00", "transferred_in": "0.00", "transferred_out": "0.00",
        "held": "3160000.00", "disbursed": "0.00", "available": "0.00",
    }  # fmt: skip
    assert figures(reporting.rows("budgets", province="KHN", year="2021")) == {
        "social-care-institutions": ("3160000.00", "3160000.00", "0.00", "0.00"),
        "disability-associations": ("1468411.00", "1468411.00", "0.00", "0.00"),
    }
    as_of_allocation = reporting.rows("budgets", as_of=T0 + timedelta(hours=2))
    assert figures(as_of_allocation) == {
        "social-care-institutions": ("3160000.00", "0.00", "0.00", "3160000.00"),
        "disability-associations": ("1468411.00", "0.00", "0.00", "1468411.00"),
    }
    assert figures(reporting.rows("budgets", as_of=T0)) == {
        "social-care-institutions": ("0.00", "0.00", "0.00", "0.00"),
        "disability-associations": ("0.00", "0.00", "0.00", "0.00"),
    }
    assert reporting.rows("budgets", as_of=T0 - timedelta(seconds=1)) == []
    assert len(reporting.rows("budgets", programme=str(DISABILITY))) == 1
    assert reporting.rows("budgets", year="2020") == []
    assert reporting.rows("budgets", provinces=["LAR"]) == []


def test_disbursements_by_month_add_up_to_what_the_envelope_disbursed(
    reporting: Projected,
) -> None:
    receive(reporting, T0, programme(FLOODS, "flood-relief-2026-02", disaster="floods"))
    lar = Ledger(FLOODS, "floods-2026-02-north-west", "LAR")
    ken = Ledger(FLOODS, "floods-2026-02-north-west", "KEN")
    february, march = datetime(2026, 2, 20, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC)
    house, family, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    receive(reporting, february, lar.opened(), ken.opened(), lar.allocate(10_000_000))
    receive(reporting, february, *lar.transfer_to(ken, 2_000_000))
    receive(reporting, february, lar.hold(house, 1_500_000), lar.hold(family, 600_000))
    receive(reporting, february, ken.hold(other, 600_000), ken.post(other, 600_000))
    receive(reporting, february, lar.post(house, 750_000))
    receive(reporting, march, lar.post(house, 750_000), lar.release(family, 600_000))

    rows = reporting.rows("disbursements")
    assert {(r["month"], r["province_code"]): r["amount"] for r in rows} == {
        ("2026-02", "LAR"): "7500.00",
        ("2026-02", "KEN"): "6000.00",
        ("2026-03", "LAR"): "7500.00",
    }
    assert {r["programme_code"] for r in rows} == {"flood-relief-2026-02"}
    [lar_now] = reporting.rows("budgets", province="LAR")
    assert lar_now["disbursed"] == "15000.00"  # = 7500.00 + 7500.00
    assert (lar_now["transferred_out"], lar_now["available"]) == ("20000.00", "65000.00")
    in_february = reporting.rows("disbursements", as_of=february)
    assert {(r["month"], r["province_code"], r["amount"]) for r in in_february} == {
        ("2026-02", "LAR", "7500.00"),
        ("2026-02", "KEN", "6000.00"),
    }
    assert reporting.rows("disbursements", year="2025") == []
    assert len(reporting.rows("disbursements", year="2026", province="LAR")) == 2
    # A disaster's cycle counts in the year it names (floods-2026-02-...).
    assert {r["province_code"] for r in reporting.rows("budgets", year="2026")} == {"LAR", "KEN"}
    assert reporting.rows("budgets", year="2025") == []
