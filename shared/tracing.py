"""OpenTelemetry: one tracer provider per process, W3C trace context carried in Kafka headers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from opentelemetry import context, propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter

_configured = False


def configure_tracing(service: str, exporter: str = "none") -> None:
    global _configured
    if _configured:
        return
    provider = TracerProvider(resource=Resource.create({"service.name": f"taawun-{service}"}))
    if exporter == "console":
        provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
    trace.set_tracer_provider(provider)
    _configured = True


def tracer(name: str) -> trace.Tracer:
    return trace.get_tracer(name)


def current_traceparent() -> str | None:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent")


def context_from_headers(
    headers: Iterable[tuple[str, bytes]] | Mapping[str, str],
) -> context.Context:
    items = headers.items() if isinstance(headers, Mapping) else headers
    carrier = {k: (v.decode("latin-1") if isinstance(v, bytes) else v) for k, v in items}
    return propagate.extract(carrier)
