"""``python -m moto_lookoutequipment``: the same as ``moto-lookoutequipment-server``."""

import sys

from .server import main

# The usage line shows how the command was typed rather than the path of this file.
sys.argv[0] = "python -m moto_lookoutequipment"
main()
