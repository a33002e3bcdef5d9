import sys

from loginsuite.cli import main

sys.exit(main())
