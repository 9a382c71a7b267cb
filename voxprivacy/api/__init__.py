"""The wire between the services and their remote callers (voxprivacy-server and its client).

``codec``: arguments and results of any registered service, typed from the
service's own signature and dataclasses (pydantic), and the explicit list of
services that never run remotely. ``wire_errors``: the one shape every error
travels in, and the same exception class rebuilt on the other side.

Imports services, storage and domain; the server, the client and the interfaces
import it. Nothing here opens a socket. This package's own module and ``wire_errors``
load without the services (a workstation starts with them, docs/architecture.md);
``codec`` loads the registry when a codec is first asked for.
"""

# GET /api/v1/health names the program, so a client tells a voxprivacy server from another
HEALTH_SERVICE = "voxprivacy-server"
