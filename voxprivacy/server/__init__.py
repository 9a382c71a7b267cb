"""voxprivacy-server: the head office's services behind HTTPS (``app``), its configuration
and secrets (``config``), its rate limits (``ratelimit``) and its entry point (``main``)."""
