"""Personal data under law 09-08: a key per person, sealed fields, keyed-hash lookups."""
