"""The `taawun` command line: demo, serve, infra, token."""
