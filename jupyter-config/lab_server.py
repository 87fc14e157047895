"""Start JupyterLab for ``./tasks lab``, but only if the settings that take effect are safe.

``lab_guard.py run`` (and the JupyterLab tests) start JupyterLab through this script rather than
``jupyter lab``.  It sets the server up exactly as ``jupyter lab`` does (every configuration file:
the user's, the venv's ``etc/jupyter``, the system's, ``JUPYTER_CONFIG_DIR`` and
``JUPYTER_CONFIG_PATH``, the current folder; environment variables; the compatibility layer that
copies ``NotebookApp.*`` onto ``ServerApp``; server extensions), then, before the server listens,
reads what the live server ended up with: its identity provider, token and password, the XSRF
check, CORS origins, address, the kernels' message key, the metrics endpoint and JupyterLab's
extension manager and news.  If one of them is unsafe it prints one line per problem, naming the
setting and where it was set, and exits with status 2 without serving.

Secrets fixed in a file are refused too, whatever their value: the token, the password's hash, the
kernels' message key (``Session.key``, ``Session.keyfile``) and the cookie secret that signs logins
(``ServerApp.cookie_secret``, ``cookie_secret_file``, or ``cookie_secret`` in ``tornado_settings``),
set by any configuration file under any class name that reaches them (``NotebookApp`` and
``LabApp`` too, which Jupyter moves onto ``ServerApp``).  A file is how a package, or another user
who can write to a configuration folder, plants a value it knows, and then logs in or runs code
with it.  A token the user gives for this run (``JUPYTER_TOKEN``, ``JUPYTER_TOKEN_FILE``, a flag)
is allowed if it has at least ``MIN_TOKEN`` characters; shorter, it could be guessed.

The check lives in this script, not in the configuration: a configuration file can replace any
class the configuration names (the identity provider, for one), but not the program that starts
the server.  (A Python configuration file runs code of its own and could still undo anything; the
check is for settings, which is what JSON files and ordinary ``c.X.y = value`` lines hold.)

    python jupyter-config/lab_server.py --config=jupyter-config/jupyter_server_config.py [ARGS...]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
CONFIG_FILE = HERE / "jupyter_server_config.py"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# Arguments that make JupyterLab print something and exit without serving.
STOPPING = {"-h", "--help", "--help-all", "-V", "--version", "--generate-config"}
MIN_TOKEN = 16  # as lab_guard.py's: a shorter token could be guessed (Jupyter's own have 48 characters)
AGAIN = "Remove that setting and run ./tasks lab again."


class Problem(NamedTuple):
    setting: str  # as a user would write it: Class.trait
    found: str  # what is wrong with the value that took effect
    keys: tuple[tuple[str, str], ...]  # the (section, trait) pairs that can set it
    env: tuple[str, ...] = ()  # environment variables that can set it
    where: tuple[str, ...] = ()  # where it was set, when already known (the files that fix a secret)
    instead: str = AGAIN


def _sections(obj: Any, trait: str) -> tuple[tuple[str, str], ...]:
    """Every config section that sets ``trait`` on ``obj``: its class and the parents defining it."""
    return tuple(
        (cls.__name__, trait)
        for cls in type(obj).__mro__
        if hasattr(cls, "class_own_traits") and trait in cls.class_own_traits(config=True)
    )


def _server_keys(server: Any, trait: str) -> tuple[tuple[str, str], ...]:
    """Sections that set a ServerApp trait; ``NotebookApp`` too (notebook_shim moves it over)."""
    return (*_sections(server, trait), ("NotebookApp", trait))


def _tornado(server: Any) -> tuple[tuple[str, str], ...]:
    return _server_keys(server, "tornado_settings")


def problems(server: Any) -> list[Problem]:
    """What is unsafe in the settings ``server`` (an initialised, not yet started ServerApp) took."""
    from jupyter_server.auth.identity import PasswordIdentityProvider
    from jupyter_server.auth.login import LoginFormHandler
    from jupyter_server.auth.security import passwd_check

    found: list[Problem] = []

    def check(
        bad: Any,
        setting: str,
        what: str,
        keys: tuple[tuple[str, str], ...],
        env: tuple[str, ...] = (),
        instead: str = AGAIN,
    ) -> None:
        if bad:
            found.append(Problem(setting, what, keys, env, instead=instead))

    kernel = server.kernel_manager.kernel_manager_factory(parent=server.kernel_manager, log=server.log)
    fixed = {problem.setting: problem for problem in fixed_secrets(server, kernel.session)}

    # --- who may use the server ---------------------------------------------------------------
    idp = server.identity_provider
    check(
        type(idp) is not PasswordIdentityProvider,
        "ServerApp.identity_provider_class",
        f"is {type(idp).__module__}.{type(idp).__name__}, which replaces Jupyter's token and password login",
        _server_keys(server, "identity_provider_class") + _server_keys(server, "login_handler_class"),
    )
    check(
        getattr(idp, "login_handler_class", LoginFormHandler) is not LoginFormHandler,
        "IdentityProvider.login_handler_class",
        "replaces the code that checks the token or password at login",
        _sections(idp, "login_handler_class"),
    )
    token, hashed = getattr(idp, "token", ""), getattr(idp, "hashed_password", "")
    check(
        not token and not hashed,
        "IdentityProvider.token",
        "is empty and no password is set, so authentication is off",
        _sections(idp, "token") + _server_keys(server, "token"),
        ("JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE"),
    )
    check(
        token and len(token) < MIN_TOKEN and "IdentityProvider.token" not in fixed,
        "IdentityProvider.token",
        f"has {len(token)} characters, too few to be a secret: any local user or web page could guess it",
        _sections(idp, "token") + _server_keys(server, "token"),
        ("JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE"),
        f"Leave it out (a new random token is printed at every start) or use one of at least {MIN_TOKEN}"
        " characters, for example from: python3 -c 'import secrets; print(secrets.token_hex(16))'.",
    )
    check(
        hashed and passwd_check(hashed, ""),
        "PasswordIdentityProvider.hashed_password",
        "is the hash of an empty password, so an empty password logs in",
        _sections(idp, "hashed_password") + _server_keys(server, "password"),
    )
    check(
        server.allow_unauthenticated_access,
        "ServerApp.allow_unauthenticated_access",
        "is on, so requests without login reach endpoints that declare no login rule",
        _server_keys(server, "allow_unauthenticated_access"),
        ("JUPYTER_SERVER_ALLOW_UNAUTHENTICATED_ACCESS",),
    )
    check(
        not server.authenticate_prometheus,
        "ServerApp.authenticate_prometheus",
        "is off, so the /metrics endpoint answers without the token",
        _server_keys(server, "authenticate_prometheus"),
    )

    # --- requests from other web sites ---------------------------------------------------------
    settings = server.web_app.settings
    check(
        settings.get("disable_check_xsrf") or not settings.get("xsrf_cookies"),
        "ServerApp.disable_check_xsrf",
        "switches the XSRF check off, so any web page you visit could make the server run code",
        _server_keys(server, "disable_check_xsrf") + _tornado(server),
    )
    headers = {name.lower() for name in settings.get("headers", {})}
    check(
        settings.get("allow_origin") or settings.get("allow_origin_pat") or "access-control-allow-origin" in headers,
        "ServerApp.allow_origin",
        "lets web pages from other sites call the server and read its answers (CORS)",
        _server_keys(server, "allow_origin") + _server_keys(server, "allow_origin_pat") + _tornado(server),
    )

    # --- this machine only --------------------------------------------------------------------
    check(
        server.ip not in LOOPBACK,
        "ServerApp.ip",
        f"is {server.ip!r}, so the server listens beyond this machine",
        _server_keys(server, "ip"),
    )
    check(
        server.allow_remote_access or not set(server.local_hostnames) <= {"localhost"},
        "ServerApp.allow_remote_access",
        "accepts requests addressed to names other than this machine's (the guard against DNS rebinding)",
        _server_keys(server, "allow_remote_access") + _server_keys(server, "local_hostnames"),
    )
    check(
        kernel.transport == "tcp" and kernel.ip not in LOOPBACK,
        "KernelManager.ip",
        f"is {kernel.ip!r}, so the kernels' ports listen beyond this machine",
        _sections(kernel, "ip"),
    )
    check(
        not kernel.session.key,
        "Session.key",
        "is empty, so kernel messages are not signed and any local user can run code through a kernel's ports",
        _sections(kernel.session, "key") + _sections(kernel.session, "keyfile"),
    )

    # --- nothing fetched from the internet ----------------------------------------------------
    lab = server.starter_app
    if lab is not None:
        check(
            lab.extension_manager != "readonly",
            "LabApp.extension_manager",
            f"is {lab.extension_manager!r}, which downloads and installs extensions from the internet",
            _sections(lab, "extension_manager"),
        )
        check(
            lab.news_url is not None,
            "LabApp.news_url",
            f"is {lab.news_url!r}, so JupyterLab fetches news from the internet",
            _sections(lab, "news_url"),
        )
        check(
            lab.check_for_updates_class.__name__ != "NeverCheckForUpdate",
            "LabApp.check_for_updates_class",
            "asks the internet for newer JupyterLab versions",
            _sections(lab, "check_for_updates_class"),
        )

    # --- secrets fixed in a file (after the checks above, which say more about an empty one) ---
    said = {problem.setting for problem in found}
    return found + [problem for setting, problem in fixed.items() if setting not in said]


class Secret(NamedTuple):
    setting: str
    found: str  # why a value fixed in a file is unsafe
    targets: tuple[tuple[Any, str], ...]  # the (object, trait) pairs that set it
    instead: str


def _spelled(config: Any, sections: set[str], trait: str) -> list[tuple[str, Any]]:
    """Where ``config`` sets ``trait`` in a section named in ``sections``, at any depth: each as the
    user wrote it (``Session.key``, ``KernelManager.Session.key``), with its value."""
    found = []
    for key, value in config.items():
        if isinstance(value, dict) and key[:1].isupper():
            found += [(f"{key}.{name}", v) for name, v in _spelled(value, sections, trait)]
            if key in sections and trait in value:
                found.append((f"{key}.{trait}", value[trait]))
    return found


_UNSET = object()


def _given(config: Any, obj: Any, trait: str, moved: set[str]) -> Any:
    """The value one file's ``config`` gives ``trait`` of ``obj``, or _UNSET: as traitlets applies it
    (the sections of ``obj``'s classes, and those nested in the sections of the objects that made it),
    or from a section Jupyter moves onto the server (``moved``)."""
    find = getattr(obj, "_find_my_config", None)  # traitlets' own rule for which sections reach obj
    if find is None:  # a traitlets without it: any section of obj's classes counts, at any depth
        spelled = _spelled(config, set(type(obj).section_names()) | moved, trait)
        return spelled[-1][1] if spelled else _UNSET
    mine = find(config)
    if trait in mine:
        return mine[trait]
    for section in moved & set(config):
        if trait in config[section]:
            return config[section][trait]
    return _UNSET


def fixed_secrets(server: Any, session: Any) -> list[Problem]:
    """The secrets that protect ``server`` and that a configuration file fixes (``session`` is a
    kernel's message session): one problem per secret, naming every file and how it spelled it."""
    # Jupyter moves NotebookApp's and an extension app's (LabApp's) server settings onto ServerApp.
    moved = {"NotebookApp"} | {
        type(e).__name__ for app in server.extension_manager.extension_apps.values() for e in app
    }
    idp = server.identity_provider
    whoever = "whoever wrote that file (a package can ship one) or can read it knows it"
    secrets = [
        Secret(
            "IdentityProvider.token",
            f"is fixed in a configuration file: {whoever} and can log in",
            ((idp, "token"), (server, "token")),
            "Remove it: a new random token is printed at every start (for one of your own for this run,"
            " set JUPYTER_TOKEN).",
        ),
        Secret(
            "PasswordIdentityProvider.hashed_password",
            "is fixed in a configuration file: whoever wrote that file (a package can ship one) may know the"
            " password and can log in",
            ((idp, "hashed_password"), (server, "password")),
            "Remove it and log in with the token URL printed at start.",
        ),
        Secret(
            "Session.key",
            f"is fixed in a configuration file: {whoever} and can run code through a kernel's ports",
            ((session, "key"), (session, "keyfile")),
            "Remove it: every kernel gets a new random key.",
        ),
        Secret(
            "ServerApp.cookie_secret",
            f"is fixed in a configuration file: {whoever} and can forge a login cookie, using the server without"
            " the token",
            ((server, "cookie_secret"), (server, "cookie_secret_file"), (server, "tornado_settings")),
            "Remove it: Jupyter makes a random one and keeps it in its runtime folder (jupyter --runtime-dir).",
        ),
    ]
    where: dict[str, list[str]] = {secret.setting: [] for secret in secrets}
    for path in _config_files(server, ours=True):
        config = _load(path)
        for secret in secrets:
            named = []
            for obj, trait in secret.targets:
                reaches = moved if obj is server else set()
                value = _given(config, obj, trait, reaches)
                if value is _UNSET:
                    continue
                spelled = _spelled(config, set(type(obj).section_names()) | reaches, trait)
                spellings = [name for name, _ in spelled] or [f"{type(obj).__name__}.{trait}"]
                if trait != "tornado_settings":
                    named += spellings
                elif isinstance(value, dict) and "cookie_secret" in value:
                    named += [f"{name}['cookie_secret']" for name in spellings]
            if named:
                where[secret.setting].append(f"in {path} ({', '.join(dict.fromkeys(named))})")
    return [
        Problem(
            secret.setting, secret.found, (), where=("set " + "; ".join(where[secret.setting]),), instead=secret.instead
        )
        for secret in secrets
        if where[secret.setting]
    ]


def _config_files(server: Any, ours: bool = False) -> list[str]:
    """Every configuration file the server and its extensions read, in order; this repository's
    left out unless ``ours`` (it sets the safe values, but must fix no secret either)."""
    files = list(server.loaded_config_files)
    for app in server.extension_manager.extension_apps.values():
        for extension in app:
            files += getattr(extension, "loaded_config_files", [])
    return [f for i, f in enumerate(files) if f not in files[:i] and (ours or Path(f).resolve() != CONFIG_FILE)]


def _load(path: str) -> Any:
    from traitlets.config.loader import Config, JSONFileConfigLoader, PyFileConfigLoader

    loader = JSONFileConfigLoader if path.endswith(".json") else PyFileConfigLoader
    try:
        return loader(os.path.basename(path), path=os.path.dirname(path)).load_config()
    except Exception:  # the server read it a moment ago; if it cannot be read again, it names nothing
        return Config()


def sources(server: Any, problem: Problem) -> list[str]:
    """Where the setting of ``problem`` was made: environment variables, the command line, files."""
    found = [
        f"by the environment variable {name}" for name in problem.env if os.environ.get(name)
    ]  # as Jupyter reads them
    for section, trait in problem.keys:
        if trait in server.cli_config.get(section, {}):
            found.append(f"on the command line (--{section}.{trait})")
    configs = [(path, _load(path)) for path in _config_files(server)]
    for path, config in configs:
        named = [f"{s}.{t}" for s, t in problem.keys if s in config and t in config[s]]
        if named:
            found.append(f"in {path} ({', '.join(dict.fromkeys(named))})")
    return list(dict.fromkeys(found))


def line(server: Any, problem: Problem) -> str:
    """One line: which setting, what is wrong, where it was set, what to do."""
    where = sources(server, problem)
    said = (
        "; ".join(problem.where)
        if problem.where
        else "set " + "; ".join(where)
        if where
        else "set outside this repository's jupyter-config/ in a way this check cannot trace (Python code in a"
        " config file, a server extension or a package's config; `jupyter --paths` lists the folders read)"
    )
    return f"./tasks lab: refusing to start: {problem.setting} {problem.found}; {said}. {problem.instead}"


def main(argv: list[str]) -> int:
    """Set JupyterLab up, check the settings that took effect, then serve (or exit 2)."""
    from jupyter_core.application import NoStart
    from jupyterlab.labapp import LabApp

    before_dashes = argv[: argv.index("--")] if "--" in argv else argv
    if STOPPING & set(before_dashes):
        LabApp.launch_instance(argv)  # prints help or a version and exits; never serves
        return 0
    server = LabApp.initialize_server(argv=argv)
    found = problems(server)
    if found:
        for problem in found:
            print(line(server, problem), file=sys.stderr, flush=True)
        return 2
    try:
        server.start()
    except NoStart:  # as jupyter lab does
        pass
    return 0


def _defer_iri_parsers() -> None:
    """Let rfc3987-syntax build its IRI parsers when an IRI is first checked, not at import: about
    1.5 to 1.8 s of CPU of every server start (every ``./tasks lab`` and every JupyterLab the tests
    start).  The package's ``treatydata/_lazy_iri.py``, loaded by its path: this script imports
    only the standard library before JupyterLab, and nothing else of the package's."""
    import importlib.util

    path = HERE.parent / "treatydata" / "_lazy_iri.py"
    spec = importlib.util.spec_from_file_location("treatydata_lazy_iri", path)
    if spec is None or spec.loader is None:  # pragma: no cover - the file is in the repository
        return
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.defer("jupyter-config/lab_server.py")


if __name__ == "__main__":
    _defer_iri_parsers()
    sys.exit(main(sys.argv[1:]))
