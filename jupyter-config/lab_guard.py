"""Check the arguments of ``./tasks lab`` and build the JupyterLab command from them.

JupyterLab's settings for this repository live in ``jupyter_server_config.py`` beside this file:
127.0.0.1 only, a token, the XSRF check, no CORS origin, nothing fetched from the internet.  This
script refuses command-line flags that would undo them, before anything is installed or started,
with one line per refused flag saying why and what to do instead (exit status 2).  Run as root
without ``--allow-root``, it refuses at once with one line (Jupyter itself would stop only after the
set-up).  ``./tasks lab`` and tests/test_jupyterlab.py start JupyterLab through ``command()``, so
the test runs the configuration users get.

    python3 jupyter-config/lab_guard.py check [ARGS...]   exit 0, or 2 with the reasons
    python3 jupyter-config/lab_guard.py run [ARGS...]     check, then exec lab_server.py with ARGS

Standard library only: ``./tasks`` runs the check with the system's python3 before the venv exists.

What is recognised.  Jupyter reads ``--Class.trait=value`` and ``--Class.trait value``, and applies
a setting to every subclass of the class named (``--JupyterApp.ip`` reaches ``ServerApp.ip``,
``--PasswordIdentityProvider.token`` the token), so a flag is matched on the trait name after the
last dot, whatever the class, the case, the number of leading dashes, or ``-``/``_``; only
``keyfile`` is matched with its class, since it is the kernels' message key on ``Session`` (or
``Configurable``, which reaches it) but the HTTPS key on ``ServerApp``.  Values are compared as
Jupyter reads them: surrounding quotes dropped (``--IdentityProvider.token="''"`` is an empty
token), booleans true unless ``false``/``0``.  A guarded flag with no value is refused.  The short
options ``--ip`` and ``--config`` are checked like the traits they set.

Secrets.  The cookie secret (``cookie_secret``, ``cookie_secret_file``) and the kernels' message
key (``Session.key``, ``keyfile``, ``signature_scheme``) are never taken from a flag: Jupyter makes
random ones.  A token typed for this run is allowed if it has at least ``MIN_TOKEN`` characters
(the user chose it; the JupyterLab test passes one), a shorter or empty one is refused.

Not covered here: Jupyter's configuration files and environment variables (``JUPYTER_TOKEN``,
``JUPYTER_TOKEN_FILE``).  They are checked where they take effect: ``command()`` starts JupyterLab
through ``lab_server.py``, which reads the settings the server really ended up with and refuses to
serve if one is unsafe, or if a configuration file fixes a secret.
Root is recognised from ``--allow-root`` (or ``--ServerApp.allow_root=True``) only, not from an
``allow_root`` in a configuration file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
CONFIG_FILE = HERE / "jupyter_server_config.py"
LAUNCHER = HERE / "lab_server.py"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class Rule(NamedTuple):
    allowed: Callable[[str], bool]  # given the value as Jupyter reads it
    reason: str
    instead: str
    # The rule holds only for a flag whose class part names one of these (lower case), when given:
    # ``keyfile`` is the kernels' message key on Session, but the HTTPS key on ServerApp.
    classes: frozenset[str] = frozenset()
    then: Rule | None = None  # checked next when this one allows the value

    def broken_by(self, value: str) -> Rule | None:
        """The rule (this one or a later one) that ``value`` breaks, or None if it is allowed."""
        if not self.allowed(value):
            return self
        return self.then.broken_by(value) if self.then is not None else None


def _false(value: str) -> bool:
    return value.lower() in {"false", "0"}


def _never(value: str) -> bool:
    return False


# Shorter tokens are refused: a local user or a web page could guess one.  Jupyter's own are 48.
MIN_TOKEN = 16
_SHORT_TOKEN = Rule(
    lambda v: len(v) >= MIN_TOKEN,
    f"a token under {MIN_TOKEN} characters is too short to be a secret: any local user or web page could guess it",
    "leave it out (a new random token is printed at every start) or give one of at least"
    f" {MIN_TOKEN} characters, for example from: python3 -c 'import secrets; print(secrets.token_hex(16))'"
    " (in the JUPYTER_TOKEN variable rather than a flag, other users cannot see it in the process list)",
)
_NO_TOKEN = Rule(
    lambda v: v != "",
    "an empty token switches authentication off: any web page or local user could run code",
    _SHORT_TOKEN.instead,
    then=_SHORT_TOKEN,
)
_CORS = Rule(
    _never,
    "lets web pages from other sites call the server and read the answers (CORS)",
    "open the 127.0.0.1 URL printed at start; scripts can send the token in an Authorization header",
)
_SSH = "to reach it from another machine, forward the port: ssh -L 8888:127.0.0.1:8888 THIS_HOST"
_OWN_CONFIG = Rule(
    _never,
    f"a config file of your own would replace this repository's settings ({CONFIG_FILE.parent.name}/{CONFIG_FILE.name})",
    "pass single settings as flags, or change that file (it is what the JupyterLab test checks)",
)
_PASSWORD = Rule(
    _never,
    "a password given as a flag is shown to every user of this machine (ps) and replaces the token;"
    " an empty one lets anyone in",
    "leave it out and log in with the token URL printed at start",
)
_KERNEL_KEY = Rule(
    _never,
    "sets how kernel messages are signed; an empty or known key lets any local user run code through a kernel's ports",
    "leave it out: every kernel gets a new random key",
)
_COOKIE_SECRET = Rule(
    _never,
    "fixes the secret that signs login cookies; whoever knows it can forge a login and use the server without the token",
    "leave it out (Jupyter makes a random one and keeps it in its runtime folder, jupyter --runtime-dir)",
)
_AUTH_CLASS = Rule(
    _never,
    "replaces the code that checks who may use the server",
    "keep the default token authentication",
)

# Keyed by trait name (the part after the last dot).
RULES: dict[str, Rule] = {
    "token": _NO_TOKEN,
    "disable_check_xsrf": Rule(
        _false,
        "switches off the XSRF check, so any web page you visit could make the server run code",
        "leave it out: JupyterLab in the browser works with the check on",
    ),
    "allow_unauthenticated_access": Rule(
        _false,
        "lets requests without the token reach endpoints that declare no login rule",
        "leave it out; use the token URL printed at start",
    ),
    "tornado_settings": Rule(
        _never,
        "web-server settings underneath Jupyter's can switch the XSRF check off or send CORS headers",
        "change jupyter-config/jupyter_server_config.py if a setting is really needed",
    ),
    "password": _PASSWORD,
    "hashed_password": _PASSWORD,
    "key": _KERNEL_KEY,
    "keyfile": _KERNEL_KEY._replace(classes=frozenset({"session", "configurable"})),  # not ServerApp's
    "signature_scheme": _KERNEL_KEY,
    "cookie_secret": _COOKIE_SECRET,
    "cookie_secret_file": _COOKIE_SECRET,
    "authenticate_prometheus": Rule(
        lambda v: not _false(v),
        "lets anyone read the /metrics endpoint without the token",
        "leave it out: /metrics answers with the token",
    ),
    "identity_provider_class": _AUTH_CLASS,
    "authorizer_class": _AUTH_CLASS,
    "login_handler_class": _AUTH_CLASS,
    "allow_origin": _CORS,
    "allow_origin_pat": _CORS,
    "allow_credentials": Rule(_false, _CORS.reason, _CORS.instead),
    "ip": Rule(
        lambda v: v.lower() in LOOPBACK,
        "makes the server listen beyond this machine (an empty or 0.0.0.0 address means every network)",
        _SSH,
    ),
    "allow_remote_access": Rule(
        _false,
        "accepts requests addressed to names other than this machine's, which opens the door to DNS rebinding",
        _SSH,
    ),
    "local_hostnames": Rule(
        _never,
        "widens which host names count as this machine (the guard against DNS rebinding)",
        "use http://127.0.0.1:PORT/ or http://localhost:PORT/",
    ),
    "extension_manager": Rule(
        lambda v: v == "readonly",
        "an extension manager with a network source downloads and installs code from the internet",
        "install extensions deliberately: .venv/bin/pip install NAME, then restart ./tasks lab",
    ),
    "config_file": _OWN_CONFIG,
    "config_file_name": _OWN_CONFIG,
}

# Jupyter's short options that set a guarded trait (tests/test_lab_config.py compares this with the
# aliases and flags of the installed JupyterLab).
ALIASES = {"ip": "ip", "config": "config_file"}


class Refusal(NamedTuple):
    flag: str  # as given, with its value
    reason: str
    instead: str

    def line(self) -> str:
        return f"./tasks lab: refused {self.flag}: {self.reason}. Instead: {self.instead}."


def _unquote(value: str) -> str:
    value = value.strip()
    while len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1].strip()
    return value


def rule_for(option: str) -> Rule | None:
    """The rule for the setting an option names ('--ServerApp.ip' -> the rule for 'ip'), or None."""
    name = option.lstrip("-").replace("-", "_").lower()
    if "." in name:
        section, trait = name.rsplit(".", 1)
    else:
        section, trait = "", ALIASES.get(name, name)
    rule = RULES.get(trait)
    if rule is None or (rule.classes and rule.classes.isdisjoint(section.split("."))):
        return None
    return rule


def refusals(args: list[str]) -> list[Refusal]:
    """The flags among ``args`` that would weaken the configuration, in order."""
    found = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if not arg.startswith("-") or arg.strip("-") == "":
            continue
        option, eq, value = arg.partition("=")
        rule = rule_for(option)
        if rule is None:
            continue
        shown = arg
        if not eq:  # two-argument form: --ServerApp.ip 0.0.0.0
            if i < len(args) and not args[i].startswith("-"):
                value = args[i]
                shown = f"{arg} {value}"
                i += 1
            else:
                value = ""
        broken = rule.broken_by(_unquote(value))
        if broken is not None:
            found.append(Refusal(shown, broken.reason, broken.instead))
    return found


class RefusedFlags(ValueError):
    def __init__(self, found: list[Refusal]):
        super().__init__("\n".join(r.line() for r in found))
        self.refusals = found


def lab_args(args: list[str]) -> list[str]:
    """The arguments after ``jupyter lab``: this repository's config file, then ``args``."""
    found = refusals(args)
    if found:
        raise RefusedFlags(found)
    return [f"--config={CONFIG_FILE}", *args]


def command(args: list[str], python: str = sys.executable) -> list[str]:
    """The whole JupyterLab command, run with ``python`` (the venv's): ``lab_server.py``, which
    starts JupyterLab as ``jupyter lab`` does and checks the settings that took effect."""
    return [python, str(LAUNCHER), *lab_args(args)]


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def allows_root(args: list[str]) -> bool:
    """Whether ``args`` let Jupyter run as root: ``--allow-root`` or ``--ServerApp.allow_root=True``."""
    args = args[: args.index("--")] if "--" in args else args
    for i, arg in enumerate(args):
        option, eq, value = arg.partition("=")
        name = option.lstrip("-").replace("-", "_").lower()
        if not eq and name == "allow_root":
            return True
        if name.endswith(".allow_root"):
            if not eq:
                value = args[i + 1] if i + 1 < len(args) and not args[i + 1].startswith("-") else ""
            if not _false(_unquote(value)):
                return True
    return False


ROOT_REFUSAL = (
    "./tasks lab: refused: running as root without --allow-root, which JupyterLab needs to start as root"
    " (it would stop after the set-up). Instead: run ./tasks lab as an ordinary user, or add --allow-root."
)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"check", "run"}:
        print("usage: lab_guard.py check|run [JupyterLab arguments...]", file=sys.stderr)
        return 2
    args = argv[1:]
    found = refusals(args)
    as_root = running_as_root() and not allows_root(args)
    if found:
        print(RefusedFlags(found), file=sys.stderr)
    if as_root:
        print(ROOT_REFUSAL, file=sys.stderr)
    if found:
        print(
            f"./tasks lab: nothing was started. JupyterLab here listens on 127.0.0.1 with a token and the XSRF"
            f" check on; its settings are in {CONFIG_FILE.parent.name}/{CONFIG_FILE.name}.",
            file=sys.stderr,
        )
    if found or as_root:
        return 2
    cmd = command(args)
    if argv[0] == "run":
        os.execv(cmd[0], cmd)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
