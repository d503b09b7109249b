"""The three Taawun services; each owns its store and speaks to the others only through events."""
