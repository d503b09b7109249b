"""Code the three Taawun services share: contracts, settings, logging, tracing, transport, auth."""
