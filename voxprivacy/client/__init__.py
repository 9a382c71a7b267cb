"""The remote client: a ``Context`` whose services run on voxprivacy-server (``remote``)."""
