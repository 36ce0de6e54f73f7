import sys

from relief.cli import main

sys.exit(main())
