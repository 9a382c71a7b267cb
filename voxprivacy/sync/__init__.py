"""Branch offices: a local replica that synchronises with the central PostgreSQL.

``hub`` applies a branch's operations at the centre; ``replica`` sets a branch
up, pushes its outbox and pulls the centre's log. See docs/sync.md.
"""
