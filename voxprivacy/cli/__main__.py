"""``python -m voxprivacy.cli`` runs ``voxprivacy-admin``."""

from voxprivacy.cli.main import main

raise SystemExit(main())
