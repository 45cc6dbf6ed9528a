"""``python -m bot`` runs the talkwatch command line."""

import sys

from bot.cli import main

sys.exit(main())
