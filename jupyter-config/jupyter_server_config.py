"""JupyterLab's configuration for this repository, in one place.

``./tasks lab`` and the real-browser test (tests/test_jupyterlab.py) both start JupyterLab with
``--config=<this file>``, through the command builder in ``lab_guard.py`` beside it, so the set-up
users get is the one the test runs.  ``lab_guard.py`` also refuses command-line flags that would
undo the security settings below.

Security: the server listens on 127.0.0.1 only, every request needs the random token printed at
start (or the login cookie it gives), and requests from pages served elsewhere are refused
(XSRF check on, no CORS origin allowed, only local Host names accepted).

Offline: JupyterLab fetches nothing from the internet: no news feed, no update check, and the
extension manager cannot install from PyPI.

Passed with ``--config``, this file takes the place of the user's own jupyter_server_config.py/json;
the user's jupyter_config.py and jupyter_lab_config.py are still read, but every setting made here
wins over them.  A last check when the server starts (``CheckedIdentityProvider`` below) refuses to
run if another configuration file switched the token, the XSRF check or the 127.0.0.1 binding off
by a way this file does not set (an empty token, ``tornado_settings``).
"""

import os
import sys
import warnings

from jupyter_server.auth.identity import PasswordIdentityProvider

c = get_config()  # noqa: F821 (provided by Jupyter when it loads this file)

# Open the repository's notebooks; the test passes a temporary folder instead.
c.ServerApp.root_dir = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "notebooks")
)

# --- network: this machine only ------------------------------------------------------------
c.ServerApp.ip = "127.0.0.1"
c.ServerApp.allow_remote_access = False  # requests must name a local Host (DNS-rebinding guard)
c.ServerApp.local_hostnames = ["localhost"]

# --- authentication: a token, freshly generated on every start ------------------------------
# No token is set here: Jupyter then makes a new random one at every start and prints the URL
# that carries it.  lab_guard.py refuses flags that set an empty token.


class CheckedIdentityProvider(PasswordIdentityProvider):
    """Jupyter's usual token-or-password login, with a last check as the server starts: the
    settings it really ends up with, after every configuration file, must still be safe."""

    def validate_security(self, app, ssl_options=None):
        super().validate_security(app, ssl_options)
        settings = app.web_app.settings
        headers = {name.lower() for name in settings.get("headers", {})}
        problems = {
            "authentication is off (an empty token and no password)": not (self.token or self.hashed_password),
            "the XSRF check is off": settings.get("disable_check_xsrf"),
            "requests without login are let through": settings.get("allow_unauthenticated_access"),
            "other web sites may call the server (CORS)": settings.get("allow_origin")
            or settings.get("allow_origin_pat")
            or "access-control-allow-origin" in headers,
            "the server answers beyond this machine": settings.get("allow_remote_access")
            or app.ip not in {"127.0.0.1", "localhost", "::1"},
        }
        problems = [problem for problem, found in problems.items() if found]
        for problem in problems:
            app.log.critical(
                "refusing to start: %s, set outside this repository's jupyter-config/ (by a Jupyter"
                " config file of yours, see `jupyter --paths`, or an environment variable)",
                problem,
            )
        if problems:
            sys.exit(2)


c.ServerApp.identity_provider_class = CheckedIdentityProvider
c.ServerApp.allow_unauthenticated_access = False  # endpoints without an auth rule need login too
# With that setting jupyter-server warns, at every start, about the extension endpoints it now
# protects (the LSP and terminal websockets); they need the login like every other endpoint.
warnings.filterwarnings("ignore", message="Extension endpoints without @allow_unauthenticated")

# --- cross-site requests: refused -----------------------------------------------------------
c.ServerApp.disable_check_xsrf = False
c.ServerApp.allow_origin = ""
c.ServerApp.allow_origin_pat = ""
c.ServerApp.allow_credentials = False

# --- nothing fetched from the internet ------------------------------------------------------
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.handlers.announcements.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
