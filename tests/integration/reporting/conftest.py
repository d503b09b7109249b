from tests.integration.reporting.projected import reporting

__all__ = ["reporting"]
