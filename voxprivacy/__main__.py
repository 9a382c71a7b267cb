"""``python -m voxprivacy`` starts the desk (and is the bundle's entry script)."""

import sys

from voxprivacy.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
