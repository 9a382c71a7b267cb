"""Plain-Python domain: value types, validation and policies. No I/O, no Qt."""
