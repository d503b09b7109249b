"""Every pain.001 is checked against the ISO 20022 schema before it leaves. The XSD is the
ISO 20022 Registration Authority's pain.001.001.09 as shipped inside sepaxml (MIT licence,
sepaxml/schemas/pain.001.001.09.xsd), loaded from the installed package."""

from __future__ import annotations

from functools import cache
from importlib import resources
from io import BytesIO

import xmlschema

PAIN_001_XSD = "pain.001.001.09.xsd"


class InvalidPaymentFile(ValueError):
    """A generated file that its schema refuses: a bug to fix, never a file to send."""


@cache
def pain001_schema() -> xmlschema.XMLSchema:
    source = resources.files("sepaxml").joinpath("schemas", PAIN_001_XSD)
    with resources.as_file(source) as path:
        return xmlschema.XMLSchema(str(path))


def validate_pain001(document: bytes) -> None:
    """Raises InvalidPaymentFile naming every reason the schema gives (at most ten)."""
    schema = pain001_schema()
    reasons = [
        f"{error.path}: {error.reason}"
        for _, error in zip(range(10), schema.iter_errors(BytesIO(document)), strict=False)
    ]
    if reasons:
        raise InvalidPaymentFile("; ".join(reasons))
