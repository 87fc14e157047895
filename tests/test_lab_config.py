"""JupyterLab's configuration for this repository (jupyter-config/) and the flags ``./tasks lab``
refuses: each refused flag gives exit status 2 and a line naming it with the reason, before any
set-up; harmless flags pass; the config file and the configuration JupyterLab really ends up with
(even against a user configuration that tries to weaken it) are 127.0.0.1, token, XSRF check, no
CORS, nothing fetched from the internet, with nothing for lab_server.py's start-time check to refuse;
as root without --allow-root, one line at once; and tests keep Jupyter's state out of the user's home.
(The start-time check on real servers: tests/test_lab_start.py.)"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = ROOT / "jupyter-config"


def load_guard():
    spec = importlib.util.spec_from_file_location("lab_guard", CONFIG_DIR / "lab_guard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


guard = load_guard()

# {a word the reason must contain: the arguments refused for it}.  Every spelling Jupyter would act
# on: '=' or two arguments, a parent or legacy class name, quotes that Jupyter strips, the short
# options.
REFUSED_FOR = {
    "authentication": [
        ["--IdentityProvider.token="],
        ["--IdentityProvider.token", ""],
        ["--ServerApp.token="],
        ["--NotebookApp.token="],
        ["--PasswordIdentityProvider.token=''"],
        ["--IdentityProvider.token=\"''\""],
    ],
    # A token under 16 characters (issue 18, item 1, follow-up: `--IdentityProvider.token=public` passed).
    "too short": [
        ["--IdentityProvider.token=public"],
        ["--ServerApp.token", "s3cret"],
        ["--IdentityProvider.token=0123456789abcde"],
    ],
    # The secret that signs login cookies: a known one forges a login (the follow-up's `cookie_secret=abc`).
    "forge a login": [
        ["--ServerApp.cookie_secret=abc"],
        ["--NotebookApp.cookie_secret", "abc"],
        ["--ServerApp.cookie_secret_file=/tmp/known"],
    ],
    "XSRF": [
        ["--ServerApp.disable_check_xsrf=True"],
        ["--ServerApp.disable_check_xsrf", "1"],
        ["--NotebookApp.disable_check_xsrf=true"],
        ["--ServerApp.tornado_settings=disable_check_xsrf=True"],
    ],
    "without the token": [["--ServerApp.allow_unauthenticated_access=True"]],
    "who may use": [
        ["--ServerApp.identity_provider_class=jupyter_server.auth.identity.IdentityProvider"],
        ["--ServerApp.authorizer_class=jupyter_server.auth.authorizer.Authorizer"],
        ["--ServerApp.login_handler_class=jupyter_server.auth.login.LoginFormHandler"],
    ],
    "CORS": [
        ["--ServerApp.allow_origin=*"],
        ["--ServerApp.allow_origin=https://example.org"],
        ["--ServerApp.allow_origin", ""],
        ["--ServerApp.allow_origin_pat=.*"],
        ["--ServerApp.allow_credentials=True"],
    ],
    "beyond this machine": [
        ["--ip=0.0.0.0"],
        ["--ip", "0.0.0.0"],
        ["--ServerApp.ip=0.0.0.0"],
        ["--ServerApp.ip", "192.168.1.5"],
        ["--ServerApp.ip="],
        ["--ServerApp.ip=*"],
        ["--JupyterApp.ip=0.0.0.0"],
    ],
    "DNS rebinding": [["--ServerApp.allow_remote_access=True"], ["--ServerApp.local_hostnames=example.org"]],
    "internet": [["--LabApp.extension_manager=pypi"], ["--LabApp.extension_manager", "pypi"]],
    "password": [
        ["--PasswordIdentityProvider.hashed_password=argon2:$argon2id$v=19$m=10240,t=10,p=8$AAAA$BBBB"],
        ["--ServerApp.password", "secret"],
        ["--NotebookApp.password="],
    ],
    "kernel's ports": [
        ["--Session.key="],
        ["--Session.key", "known"],
        ["--Session.signature_scheme=hmac-md5"],
        ["--Session.keyfile=/dev/null"],
        ["--Configurable.keyfile", "/tmp/known"],  # Configurable's settings reach Session
    ],
    "/metrics": [["--ServerApp.authenticate_prometheus=False"], ["--NotebookApp.authenticate_prometheus", "0"]],
    "config file": [
        ["--config=/tmp/mine.py"],
        ["--config", "mine.py"],
        ["--ServerApp.config_file=mine.py"],
        ["--JupyterApp.config_file_name=mine"],
    ],
}
REFUSED = [(args, word) for word, refused in REFUSED_FOR.items() for args in refused]

ALLOWED = [
    ["--allow-root"],
    ["--port=9999"],
    ["--ServerApp.port", "9999"],
    ["--no-browser"],
    ["--debug"],
    ["--ip=127.0.0.1"],
    ["--ServerApp.ip", "localhost"],
    ["--IdentityProvider.token=0123456789abcdef"],  # 16 characters, typed for this run
    ["--ServerApp.token", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c"],
    ["--ServerApp.disable_check_xsrf=False"],
    ["--ServerApp.allow_remote_access=false"],
    ["--LabApp.extension_manager=readonly"],
    ["--ServerApp.root_dir=/tmp"],
    ["--LabApp.expose_app_in_browser=True"],
    ["--ServerApp.authenticate_prometheus=True"],
    ["--ServerApp.keyfile=/etc/ssl/private/mine.key"],  # the HTTPS key, not the kernels' (Session.keyfile)
    ["--keyfile", "/etc/ssl/private/mine.key"],
    ["01_ratification_timelines.ipynb"],
]


@pytest.fixture(autouse=True)
def not_root(monkeypatch):
    """The flag tests hold as an ordinary user; the root check has tests of its own below."""
    monkeypatch.setattr(guard, "running_as_root", lambda: False)


def ids(case):
    return " ".join(case[0] if isinstance(case, tuple) else case) or "empty"


@pytest.mark.parametrize("case", REFUSED, ids=ids)
def test_refused_flag_exits_2_naming_flag_and_reason(case, capsys):
    args, word = case
    assert guard.main(["check", *args]) == 2
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    assert " ".join(args) in first and word in first and "Instead:" in first, err
    assert "nothing was started" in err


@pytest.mark.parametrize("args", ALLOWED, ids=ids)
def test_allowed_flags_pass(args, capsys):
    assert guard.main(["check", *args]) == 0
    assert capsys.readouterr().err == ""
    assert guard.lab_args(args) == [f"--config={guard.CONFIG_FILE}", *args]


def test_flag_check_and_start_check_want_the_same_token_length():
    """A token passes the flag check from 16 characters; the start check (JUPYTER_TOKEN, the file
    JUPYTER_TOKEN_FILE names) must not ask for another length."""
    spec = importlib.util.spec_from_file_location("lab_server", guard.LAUNCHER)
    server = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(server)
    assert server.MIN_TOKEN == guard.MIN_TOKEN
    assert guard.refusals([f"--IdentityProvider.token={'x' * guard.MIN_TOKEN}"]) == []
    assert guard.refusals([f"--IdentityProvider.token={'x' * (guard.MIN_TOKEN - 1)}"])


def test_server_start_leaves_the_iri_parsers_until_an_iri_is_checked():
    """lab_server.py, run as a program, puts off rfc3987-syntax's parsers (about 1.5 s of CPU of each
    server start): JupyterLab's imports bring in jsonschema but not the library; and with the
    stand-in in place an ``iri`` format check still answers as the real library does."""
    importtime = subprocess.run(
        [sys.executable, "-X", "importtime", str(guard.LAUNCHER), "--version"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert importtime.returncode == 0, importtime.stderr
    imported = {row.rsplit("|", 1)[-1].strip() for row in importtime.stderr.splitlines() if "|" in row}
    assert "jsonschema" in imported, "JupyterLab no longer imports jsonschema: nothing to put off"
    assert not {m for m in imported if m.startswith("rfc3987_syntax")}, "the IRI parsers were built at start"

    script = f"""
import importlib.util, sys
spec = importlib.util.spec_from_file_location("lab_server", {str(guard.LAUNCHER)!r})
server = importlib.util.module_from_spec(spec)
spec.loader.exec_module(server)
server._defer_iri_parsers()
import jsonschema
check = jsonschema.FormatChecker()
values = ["http://example.org/caf\u00e9", "not an iri", "urn:isbn:0451450523", "http://[::1"]
before = [check.conforms(v, "iri") for v in values]
import rfc3987_syntax
real = [rfc3987_syntax.is_valid_syntax("iri", v) for v in values]
print(before == real, before)
"""
    answered = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.startswith("True"), answered.stdout


def test_a_file_setting_is_read_as_traitlets_applies_it():
    """lab_server.py asks traitlets which sections of a file reach an object (its classes, nested in
    its parent's); without that method in some traitlets, any section of its classes counts."""
    from traitlets import Bytes
    from traitlets.config import Config, Configurable

    spec = importlib.util.spec_from_file_location("lab_server", guard.LAUNCHER)
    server = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(server)

    class Maker(Configurable):
        pass

    class Session(Configurable):
        key = Bytes().tag(config=True)

    session = Session(parent=Maker())
    nested, elsewhere = Config(), Config()
    nested.Maker.Session.key = b"known"
    elsewhere.Other.Session.key = b"known"
    assert server._given(nested, session, "key", set()) == b"known"
    assert server._given(elsewhere, session, "key", set()) is server._UNSET  # traitlets ignores it
    assert server._given(Config({"NotebookApp": {"key": b"moved"}}), session, "key", {"NotebookApp"}) == b"moved"

    class Plain:  # no _find_my_config: any section of its classes, at any depth
        section_names = Session.section_names

    assert server._given(elsewhere, Plain(), "key", set()) == b"known"
    assert server._spelled(nested, {"Session"}, "key") == [("Maker.Session.key", b"known")]


def test_one_line_per_refused_flag_and_allowed_ones_ignored(capsys):
    args = [
        "--allow-root",
        "--IdentityProvider.token=",
        "--port=1",
        "--ServerApp.ip",
        "0.0.0.0",
        "--no-browser",
        "--ServerApp.allow_origin=*",
    ]
    assert guard.main(["check", *args]) == 2
    refused = [line for line in capsys.readouterr().err.splitlines() if "refused" in line]
    assert len(refused) == 3
    assert [r.flag for r in guard.refusals(args)] == [
        "--IdentityProvider.token=",
        "--ServerApp.ip 0.0.0.0",
        "--ServerApp.allow_origin=*",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["--IdentityProvider.token", ""],
        ["--ServerApp.disable_check_xsrf=True"],
        ["--ip", "0.0.0.0"],
    ],
    ids=ids,
)
def test_tasks_lab_refuses_before_setup(args, tmp_path, record_property):
    """``./tasks lab`` stops before set-up: the venv it would create is never made."""
    venv = tmp_path / "venv-never-made"
    env = dict(os.environ, TREATYDATA_VENV=str(venv))
    start = time.perf_counter()
    run = subprocess.run([str(ROOT / "tasks"), "lab", *args], capture_output=True, text=True, env=env, timeout=60)
    record_property("seconds", round(time.perf_counter() - start, 3))  # about 0.1 s here
    assert run.returncode == 2, run
    assert f"refused {' '.join(args)}:" in run.stderr
    assert not venv.exists() and "==" not in run.stdout + run.stderr


@pytest.mark.parametrize(
    "args", [[], ["--port=9999"], ["--ServerApp.allow_root=False"], ["--ServerApp.allow_root", "0"]], ids=ids
)
def test_root_without_allow_root_is_refused_in_one_line(args, monkeypatch, capsys):
    """As root, Jupyter stops with 'Running as root is not recommended' only after the set-up
    (two minutes on a fresh machine): the guard says it at once."""
    monkeypatch.setattr(guard, "running_as_root", lambda: True)
    assert guard.main(["check", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "running as root" in err and "add --allow-root" in err, err


@pytest.mark.parametrize(
    "args",
    [["--allow-root"], ["--allow_root"], ["--no-browser", "--allow-root"], ["--ServerApp.allow_root=True"]],
    ids=ids,
)
def test_root_with_allow_root_passes(args, monkeypatch, capsys):
    monkeypatch.setattr(guard, "running_as_root", lambda: True)
    assert guard.main(["check", *args]) == 0
    assert capsys.readouterr().err == ""


def test_root_and_refused_flags_are_all_said(monkeypatch, capsys):
    monkeypatch.setattr(guard, "running_as_root", lambda: True)
    assert guard.main(["check", "--ip=0.0.0.0"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert "refused --ip=0.0.0.0" in err[0] and "running as root" in err[1] and "nothing was started" in err[2]


def test_running_as_root_reads_the_user_id():
    assert load_guard().running_as_root() is (os.geteuid() == 0)  # a fresh copy: `guard` is patched


@pytest.mark.skipif(os.geteuid() != 0, reason="shows ./tasks lab as root; this test run is not root")
def test_tasks_lab_as_root_refuses_before_setup(tmp_path):
    venv = tmp_path / "venv-never-made"
    env = dict(os.environ, TREATYDATA_VENV=str(venv))
    run = subprocess.run([str(ROOT / "tasks"), "lab"], capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 2 and run.stdout == "", run
    assert run.stderr == guard.ROOT_REFUSAL + "\n"
    assert not venv.exists()


# --- against the installed Jupyter --------------------------------------------------------------


@pytest.fixture(scope="module")
def jupyter_parser():
    """Parse a command line the way ``jupyter lab`` does; return the settings it makes."""
    from jupyter_server.serverapp import ServerApp
    from jupyterlab.labapp import LabApp

    def parse(args):
        app = ServerApp()
        app.aliases = {**app.aliases, **LabApp.aliases}
        app.flags = {**app.flags, **LabApp.flags}
        app.parse_command_line(args)
        return {
            (section, trait): value for section, traits in app.cli_config.items() for trait, value in traits.items()
        }

    return parse


@pytest.mark.parametrize("case", REFUSED, ids=ids)
def test_each_refused_flag_really_sets_the_setting(case, jupyter_parser):
    """No refusal is about a spelling Jupyter ignores: it reads each as setting a guarded trait."""
    settings = jupyter_parser(case[0])
    assert any(guard.rule_for(f"{section}.{trait}") for section, trait in settings), settings


def test_guard_knows_every_jupyterlab_option_that_sets_a_guarded_trait():
    """If a JupyterLab upgrade adds a short option or flag for a guarded setting, this fails."""
    from jupyter_server.serverapp import ServerApp
    from jupyterlab.labapp import LabApp

    server, lab = ServerApp(), LabApp()
    for name, target in {**server.aliases, **lab.aliases}.items():
        target = target[0] if isinstance(target, tuple) else target
        if guard.rule_for(target):
            names = name if isinstance(name, tuple) else (name,)
            assert any(guard.ALIASES.get(n.lstrip("-")) == target.rsplit(".", 1)[1] for n in names), (name, target)
    for name, (settings, _help) in {**server.flags, **lab.flags}.items():
        for section, traits in settings.items():
            for trait, value in traits.items():
                rule = guard.rule_for(f"{section}.{trait}")
                if rule:
                    assert rule.broken_by(str(value)) is None, (name, section, trait, value)


def test_config_file_sets_the_security_defaults():
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(guard.CONFIG_FILE.name, path=str(guard.CONFIG_FILE.parent)).load_config()
    server, lab = config.ServerApp, config.LabApp
    assert server.ip == "127.0.0.1"
    assert server.allow_remote_access is False and server.local_hostnames == ["localhost"]
    assert server.disable_check_xsrf is False
    assert server.allow_origin == "" and server.allow_origin_pat == "" and server.allow_credentials is False
    assert server.allow_unauthenticated_access is False
    assert server.identity_provider_class == "jupyter_server.auth.identity.PasswordIdentityProvider"
    assert server.authenticate_prometheus is True
    for section in ("ServerApp", "IdentityProvider", "PasswordIdentityProvider", "NotebookApp"):
        assert "token" not in config[section], "no fixed token: Jupyter generates one per start"
    assert lab.news_url is None
    assert lab.check_for_updates_class == "jupyterlab.handlers.announcements.NeverCheckForUpdate"
    assert lab.extension_manager == "readonly"
    assert Path(server.root_dir) == ROOT / "notebooks"
    assert Path(lab.app_settings_dir) == CONFIG_DIR / "lab-settings"


def test_jupyterlab_does_not_ask_about_news():
    """JupyterLab asks "Would you like to get notified about official Jupyter news?" while its
    setting fetchNews is "none" (its default); the repository's defaults answer "false" (Never), a
    value the setting's schema accepts.  (tests/test_jupyterlab.py looks at the page itself.)"""
    from jupyterlab.labapp import LabApp

    overrides = json.loads((CONFIG_DIR / "lab-settings" / "overrides.json").read_text())
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}
    schema = Path(LabApp().schemas_dir, "@jupyterlab", "apputils-extension", "notification.json")
    allowed = {choice["const"] for choice in json.loads(schema.read_text())["properties"]["fetchNews"]["oneOf"]}
    assert notification["fetchNews"] in allowed - {"none"}


EFFECTIVE = textwrap.dedent("""
    import json, runpy, sys
    launcher = runpy.run_path(sys.argv.pop(1))
    launcher["_defer_iri_parsers"]()  # as lab_server.py does before JupyterLab's imports
    from jupyterlab.labapp import LabApp
    server = LabApp.initialize_server(argv=sys.argv[1:])
    lab = server.starter_app
    found = launcher["problems"](server)
    kernel = server.kernel_manager.kernel_manager_factory(parent=server.kernel_manager, log=server.log)
    secrets = dict(
        token=server.identity_provider.token, password=server.identity_provider.hashed_password,
        key=kernel.session.key.decode(), cookie=str(server.web_app.settings["cookie_secret"]),
        cookie_file=server.cookie_secret_file)
    print(json.dumps(dict(
        ip=server.ip, token=server.identity_provider.token, remote=server.allow_remote_access,
        xsrf_off=server.web_app.settings["disable_check_xsrf"], origin=server.allow_origin,
        origin_pat=server.allow_origin_pat, unauthenticated=server.allow_unauthenticated_access,
        news=lab.news_url, updates=lab.check_for_updates_class.__name__, manager=lab.extension_manager,
        root=server.root_dir, settings=lab.app_settings_dir, problems=[p.setting for p in found],
        lines=[launcher["line"](server, p) for p in found], secrets=secrets)))
""")


def start_with_user_config(tmp_path, text, json_text=None, json_name="jupyter_server_config.json", **env_vars):
    """Initialise (not start) JupyterLab with the same arguments as ``./tasks lab``, with the
    user's own Jupyter config files all saying ``text`` (and ``env_vars`` set); print the settings
    that took effect and what lab_server.py's start-time check finds in them."""
    user = tmp_path / "user-config"
    user.mkdir()
    for name in ("jupyter_config.py", "jupyter_server_config.py", "jupyter_lab_config.py"):
        (user / name).write_text(text)
    if json_text:
        (user / json_name).write_text(json_text)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(user), **env_vars)
    return subprocess.run(
        [sys.executable, "-c", EFFECTIVE, str(guard.LAUNCHER), *guard.lab_args(["--allow-root"])],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_settings_win_over_a_weakening_user_configuration(tmp_path):
    """What JupyterLab really uses when the user's config files try to open everything up that
    this repository's file sets: this repository's settings."""
    run = start_with_user_config(
        tmp_path,
        textwrap.dedent("""
        c.ServerApp.ip = "0.0.0.0"
        c.ServerApp.disable_check_xsrf = True
        c.ServerApp.allow_origin = "*"
        c.ServerApp.allow_remote_access = True
        c.ServerApp.allow_unauthenticated_access = True
        c.LabApp.extension_manager = "pypi"
        c.LabApp.news_url = "https://example.org/feed"
        c.LabApp.check_for_updates_class = "jupyterlab.handlers.announcements.CheckForUpdate"
    """),
        json.dumps({"ServerApp": {"allow_origin_pat": ".*"}}),
    )
    assert run.returncode == 0, run.stderr[-3000:]
    got = json.loads(run.stdout.strip().splitlines()[-1])
    assert len(got.pop("token")) >= 32
    got.pop("secrets")
    assert got == dict(
        ip="127.0.0.1",
        remote=False,
        xsrf_off=False,
        origin="",
        origin_pat="",
        unauthenticated=False,
        news=None,
        updates="NeverCheckForUpdate",
        manager="readonly",
        root=str(ROOT / "notebooks"),
        settings=str(CONFIG_DIR / "lab-settings"),
        problems=[],  # lab_server.py's check finds nothing to refuse in them
        lines=[],
    )
    assert "JupyterServerAuthWarning" not in run.stderr


def test_secrets_fixed_in_files_are_refused_under_every_name_that_reaches_them(tmp_path):
    """A configuration file reaches a secret under other names than its own class's: a nested section
    (the kernel's Session inside the section of the kernel manager that makes it), an extension app's
    section and the NotebookApp section (both moved onto ServerApp by Jupyter), ``cookie_secret``
    inside ``tornado_settings`` (JSON).  Each takes effect, as the values the server ended up with show,
    and each is refused in the one line of its secret, naming the file and the spelling.  A token
    given for this run in JUPYTER_TOKEN is allowed only from 16 characters (the start check in
    tests/test_lab_start.py covers the plain spellings on a real server)."""
    from jupyter_server.auth import passwd

    known = tmp_path / "known-secret"
    known.write_text("known")
    hashed = passwd("known")
    text = textwrap.dedent(f"""
        c.KernelManager.Session.keyfile = {str(known)!r}
        c.MappingKernelManager.Session.key = b"not reached"  # traitlets does not apply this one
        c.LabApp.cookie_secret_file = {str(known)!r}
        c.NotebookApp.password = {hashed!r}
    """)
    json_text = json.dumps({"ServerApp": {"tornado_settings": {"cookie_secret": "known"}}})
    run = start_with_user_config(tmp_path, text, json_text, "jupyter_lab_config.json", JUPYTER_TOKEN="0123456789abcde")
    assert run.returncode == 0, run.stderr[-3000:]
    got = json.loads(run.stdout.strip().splitlines()[-1])
    assert got["secrets"] == dict(
        token="0123456789abcde", password=hashed, key="known", cookie="known", cookie_file=str(known)
    )
    lines = dict(zip(got["problems"], got["lines"], strict=True))
    assert sorted(lines) == [
        "IdentityProvider.token",
        "PasswordIdentityProvider.hashed_password",
        "ServerApp.cookie_secret",
        "Session.key",
    ]
    user = tmp_path / "user-config"
    assert "15 characters, too few" in lines["IdentityProvider.token"]
    assert "set by the environment variable JUPYTER_TOKEN." in lines["IdentityProvider.token"]
    for setting, named in {
        "Session.key": "KernelManager.Session.keyfile",
        "ServerApp.cookie_secret": "LabApp.cookie_secret_file",
        "PasswordIdentityProvider.hashed_password": "NotebookApp.password",
    }.items():
        assert f"in {user / 'jupyter_config.py'} ({named})" in lines[setting], lines[setting]
        assert f"refusing to start: {setting} is fixed in a configuration file" in lines[setting]
    assert "MappingKernelManager" not in lines["Session.key"]  # named only where it takes effect
    where = f"in {user / 'jupyter_lab_config.json'} (ServerApp.tornado_settings['cookie_secret'])"
    assert where in lines["ServerApp.cookie_secret"]


# --- tests keep Jupyter's state out of the user's home -----------------------------------------


def real_home_dirs():
    home = Path(os.path.expanduser("~"))
    return [home / ".jupyter", home / ".local" / "share" / "jupyter", home / ".ipython"]


def test_jupyterlab_state_of_tests_goes_to_temporary_folders(private_jupyter_state):
    """Before the session fixture, the JupyterLab test saved its workspace in ~/.jupyter/lab/workspaces,
    and the user's next ./tasks lab reopened that notebook and started a kernel for it."""

    # What `jupyter lab path`, `jupyter --config-dir`, `--data-dir`, `--runtime-dir` and `--paths` print,
    # from the functions those commands call, in one fresh process that inherits the session's variables.
    asked = """
import json
from jupyter_core import paths
from jupyterlab.commands import get_user_settings_dir, get_workspaces_dir
print(json.dumps({
    "written": [get_workspaces_dir(), get_user_settings_dir(), paths.jupyter_config_dir(),
                paths.jupyter_data_dir(), paths.jupyter_runtime_dir()],
    "config": paths.jupyter_config_path(), "data": paths.jupyter_path(), "runtime": [paths.jupyter_runtime_dir()],
}))
"""
    told = subprocess.run([sys.executable, "-c", asked], capture_output=True, text=True, timeout=60, check=True)
    paths = json.loads(told.stdout)
    written = paths["written"]
    assert len(written) == 5 and all(written), written
    for path in written:
        assert Path(path).is_relative_to(private_jupyter_state), (path, private_jupyter_state)
    for path in paths["config"] + paths["data"] + paths["runtime"]:
        assert not any(Path(path).is_relative_to(home) for home in real_home_dirs()), path


def test_kernel_registered_in_the_venv_is_still_found(private_jupyter_state):
    """``./tasks`` registers the kernel with ``ipykernel install --sys-prefix``: it stays visible."""
    spec = Path(sys.prefix, "share", "jupyter", "kernels", "treatydata")
    if not spec.is_dir():
        pytest.skip("this environment was not set up by ./tasks (no treatydata kernel in sys.prefix)")
    out = subprocess.run(
        [sys.executable, "-m", "jupyter", "kernelspec", "list", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    found = json.loads(out)["kernelspecs"]
    assert Path(found["treatydata"]["resource_dir"]) == spec
