"""Moving integration events between services: transports, the outbox relay, the inbox consumer."""
