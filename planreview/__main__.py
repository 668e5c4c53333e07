"""`python -m planreview`: the same as the `planreview` command."""

import sys

from planreview.cli.main import main

sys.exit(main())
