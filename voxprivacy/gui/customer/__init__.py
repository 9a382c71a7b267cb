"""The customer page: one record, a tab per section the role sees, and correcting it.

``page`` holds the header, banners and edit state; each tab (``contact``, ``services``,
``billing``, ``consents``, ``interactions``) owns its fields and draft; ``fields`` has the
editors, ``models`` the tables, ``consent_dialog`` the question before a consent changes.
"""

from voxprivacy.gui.customer.page import CustomerPage

__all__ = ["CustomerPage"]
