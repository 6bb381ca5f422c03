import sys

from prepay_modeller.cli import main

sys.exit(main())
