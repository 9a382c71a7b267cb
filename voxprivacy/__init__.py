"""voxprivacy: the privacy desk of a VoIP provider."""

__version__ = "0.1.0"
