"""JupyterLab's configuration for this repository, in one place.

``./tasks lab`` and the real-browser test (tests/test_jupyterlab.py) both start JupyterLab with
``--config=<this file>``, through the command builder in ``lab_guard.py`` beside it and the
launcher ``lab_server.py``, so the set-up users get is the one the test runs.  ``lab_guard.py`` also refuses command-line flags that would
undo the security settings below.

Security: the server listens on 127.0.0.1 only, every request needs the random token printed at
start (or the login cookie it gives), and requests from pages served elsewhere are refused
(XSRF check on, no CORS origin allowed, only local Host names accepted).

Offline: JupyterLab fetches nothing from the internet: no news feed, no update check, and the
extension manager cannot install from PyPI.

Passed with ``--config``, this file takes the place of the user's own jupyter_server_config.py/json;
the user's jupyter_config.py and jupyter_lab_config.py are still read, and every setting made here
wins over the same setting there.  But other settings, and the compatibility layer that copies
``NotebookApp.*`` onto ``ServerApp``, can still change what the server ends up with, so
``lab_server.py``, which starts the server, checks the settings that took effect and refuses to
serve if one of them is unsafe.  No check lives here: a configuration can replace any class it names.

JupyterLab's own defaults for its settings are changed in ``lab-settings/overrides.json`` beside this
file (JupyterLab's ``app_settings_dir``): the question "Would you like to get notified about
official Jupyter news?" is answered No.  A user's own JupyterLab settings still win over it.
"""

import os
import warnings

c = get_config()  # noqa: F821 (provided by Jupyter when it loads this file)

# Open the repository's notebooks; the test passes a temporary folder instead.
HERE = os.path.dirname(os.path.abspath(__file__))
c.ServerApp.root_dir = os.path.normpath(os.path.join(HERE, os.pardir, "notebooks"))

# --- network: this machine only ------------------------------------------------------------
c.ServerApp.ip = "127.0.0.1"
c.ServerApp.allow_remote_access = False  # requests must name a local Host (DNS-rebinding guard)
c.ServerApp.local_hostnames = ["localhost"]

# --- authentication: a token, freshly generated on every start ------------------------------
# No token is set here: Jupyter then makes a new random one at every start and prints the URL
# that carries it.  lab_guard.py refuses flags that set an empty token.
# Jupyter's own login by token or password (its default, named here because lab_server.py checks
# that the server really uses it).
c.ServerApp.identity_provider_class = "jupyter_server.auth.identity.PasswordIdentityProvider"
c.ServerApp.authenticate_prometheus = True  # /metrics needs the token too
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
# Defaults of JupyterLab's settings (the news question answered No); see lab-settings/overrides.json.
c.LabApp.app_settings_dir = os.path.join(HERE, "lab-settings")
