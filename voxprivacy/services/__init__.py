"""Use cases. Every rule lives here: roles, the second factor, validation, audit.

The command line and the desk only call these functions. Each public function
is registered by ``guard`` as a read, a write or an authentication step; every
write refuses without a valid step-up before it touches the database.
"""
