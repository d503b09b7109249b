"""What intake offers the outside: HTTP routers, publishing (stored event -> contract)."""
