from decimal import Decimal

import pytest

from shared.money import InvalidAmount, Money


def test_khenifra_2021_grants_add_up_to_the_centime() -> None:
    institutions = Money.mad("3000000.00")
    proximity_centre = Money.mad("160000.00")
    disability = Money.mad("1,468,411.00")
    total = institutions + proximity_centre + disability
    assert total == Money(462841100)
    assert str(total) == "4,628,411.00 MAD"
    assert total.to_contract() == {"amount": "4628411.00", "currency": "MAD"}
    assert Money.from_contract(total.to_contract()) == total


def test_floats_and_fractions_of_a_centime_are_refused() -> None:
    with pytest.raises(InvalidAmount):
        Money.mad(0.1)  # type: ignore[arg-type]
    with pytest.raises(InvalidAmount, match="two decimal places"):
        Money.mad("10.005")
    with pytest.raises(InvalidAmount):
        Money.mad("ten dirhams")
    with pytest.raises(InvalidAmount):
        Money.from_contract({"amount": "1.00", "currency": "EUR"})


def test_decimal_round_trip() -> None:
    assert Money.mad(Decimal("6000")).to_decimal() == Decimal("6000.00")
    assert Money.mad("15000.5").centimes == 1500050
