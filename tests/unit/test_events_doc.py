from pathlib import Path

from shared.contracts.docs import render


def test_docs_events_md_is_generated_from_the_contracts() -> None:
    current = (Path(__file__).parents[2] / "docs" / "events.md").read_text(encoding="utf-8")
    assert current == render(), "run: python -m shared.contracts.docs > docs/events.md"
