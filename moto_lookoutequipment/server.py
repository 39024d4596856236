"""``moto-lookoutequipment-server``: moto's server, serving all of moto plus this service.

It takes the flags of ``moto_server`` (``-H/--host``, ``-p/--port``, ``-r/--reload``,
``-s/--ssl``, ``-c/--ssl-cert``, ``-k/--ssl-key``) and hands them to moto unchanged.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

SERVER_EXTRA_MISSING = (
    "The server needs moto's server extra: pip install 'moto-lookoutequipment[server]' ({error})"
)


def main(argv: Sequence[str] | None = None) -> None:
    from ._registration import moto_server_main, register

    try:
        serve = moto_server_main()
    except ImportError as error:
        sys.exit(SERVER_EXTRA_MISSING.format(error=error))
    register()
    serve(list(argv) if argv is not None else None)


if __name__ == "__main__":
    main()
