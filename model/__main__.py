import sys

from prepay_modeller.cli import command

sys.exit(command())
