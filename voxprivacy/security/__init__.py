"""Security primitives: keyring access, field encryption, passwords, TOTP, audit chain."""
