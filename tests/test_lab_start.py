"""JupyterLab's start-time check (jupyter-config/lab_server.py) on a real server: settings that
switch a protection off, made where the flag check cannot see them (a Jupyter config file of the
user's or of the venv, through the ``NotebookApp`` compatibility layer) or given straight to the
server, and secrets fixed in a config file (known to whoever wrote it), make it stop before it listens, in seconds, with exit status 2 and one line per problem
naming the setting and where it was set.  Each server is started with ./tasks lab's own
configuration on 127.0.0.1, with a time limit; Jupyter's state stays in temporary folders."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 60  # seconds; a refusing server exits in about five


def load_guard():
    spec = importlib.util.spec_from_file_location("lab_guard", ROOT / "jupyter-config" / "lab_guard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


guard = load_guard()

# The reliability review's two lines (issue 18, F1): the compatibility layer copies NotebookApp's
# identity provider class over the repository's ServerApp setting, and the token is empty.
F1_PY = textwrap.dedent("""
    c.NotebookApp.identity_provider_class = "jupyter_server.auth.identity.PasswordIdentityProvider"
    c.IdentityProvider.token = ""
""")
F1_JSON = (
    '{"NotebookApp": {"identity_provider_class": "jupyter_server.auth.identity.PasswordIdentityProvider"},'
    ' "IdentityProvider": {"token": ""}}'
)


# The follow-up to F1 (issue 18, item 1): fixed, known values instead of empty ones.  With these two
# lines in ~/.jupyter/jupyter_config.py the server started, kernel connection files held the key
# "known", and a login cookie signed with that cookie secret was let in without the token.
FIXED_PY = 'c.Session.key = b"known"\nc.ServerApp.cookie_secret = b"0123456789abcdef0123456789abcdef"\n'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Start:
    def __init__(self, run: subprocess.CompletedProcess):
        self.code, self.stderr = run.returncode, run.stderr
        self.refusals = [line for line in run.stderr.splitlines() if line.startswith("./tasks lab: refusing to start:")]

    def line(self, setting: str) -> str:
        found = [line for line in self.refusals if f"refusing to start: {setting} " in line]
        assert len(found) == 1, (setting, self.refusals, self.stderr[-3000:])
        return found[0]


def start(args: list[str], *, python: str = sys.executable, config_dir: Path | None = None, **env_vars: str) -> Start:
    """Start JupyterLab as ./tasks lab does after its flag check: lab_server.py with the repository's
    config file and ``args``, on a free port of 127.0.0.1."""
    env = dict(os.environ, **env_vars)
    if config_dir is not None:
        env["JUPYTER_CONFIG_DIR"] = str(config_dir)
    command = [
        python,
        str(guard.LAUNCHER),
        f"--config={guard.CONFIG_FILE}",
        "--allow-root",
        "--no-browser",
        f"--ServerApp.port={free_port()}",
        *args,
    ]
    run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=LIMIT, stdin=subprocess.DEVNULL)
    started = Start(run)
    assert started.code == 2, (started.code, run.stderr[-3000:])
    # refused before serving; how fast is the benchmark's business, not a timed assertion's (one
    # failed at a load average of 10): the subprocess timeout above only catches a hang
    assert "is running at" not in run.stderr and "To access the server" not in run.stderr
    return started


def test_f1_user_config_cannot_switch_authentication_off(tmp_path):
    """F1: two lines in the user's jupyter_config.py served everything without a token."""
    user = tmp_path / "user-config"
    user.mkdir()
    (user / "jupyter_config.py").write_text(F1_PY)
    line = start([], config_dir=user).line("IdentityProvider.token")
    assert "authentication is off" in line and f"in {user / 'jupyter_config.py'} (IdentityProvider.token)" in line


def test_f1_a_venv_config_file_cannot_switch_authentication_off(tmp_path):
    """F1: the same settings in <venv>/etc/jupyter/jupyter_config.json, a file any pip package could
    ship.  A throw-away venv on top of this one (its site-packages through a .pth file), so that the
    real venv is not written to."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=LIMIT)
    python = venv / "bin" / "python"
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    (site / "outer_venv.pth").write_text(f"import site; site.addsitedir({sysconfig.get_path('purelib')!r})\n")
    (venv / "etc" / "jupyter").mkdir(parents=True)
    (venv / "etc" / "jupyter" / "jupyter_config.json").write_text(F1_JSON)
    empty = tmp_path / "user-config"
    empty.mkdir()
    line = start([], python=str(python), config_dir=empty).line("IdentityProvider.token")
    assert f"in {venv / 'etc' / 'jupyter' / 'jupyter_config.json'} (IdentityProvider.token)" in line


def test_secrets_fixed_in_configuration_files_are_refused(tmp_path):
    """The follow-up's two lines in the user's jupyter_config.py, and a known token and password
    hash in the jupyter_config.json of a JUPYTER_CONFIG_PATH folder (as a package could ship one;
    the token under NotebookApp, which Jupyter moves onto the server): one start, one line per
    secret, each naming the setting and the file."""
    from jupyter_server.auth import passwd

    user = tmp_path / "user-config"
    user.mkdir()
    (user / "jupyter_config.py").write_text(FIXED_PY)
    shipped = tmp_path / "shipped-config"
    shipped.mkdir()
    (shipped / "jupyter_config.json").write_text(
        json.dumps(
            {
                "NotebookApp": {"token": "a-token-written-in-a-file"},
                "PasswordIdentityProvider": {"hashed_password": passwd("known")},
            }
        )
    )
    started = start([], config_dir=user, JUPYTER_CONFIG_PATH=str(shipped))
    for setting, where in {
        "Session.key": f"in {user / 'jupyter_config.py'} (Session.key).",
        "ServerApp.cookie_secret": f"in {user / 'jupyter_config.py'} (ServerApp.cookie_secret).",
        "IdentityProvider.token": f"in {shipped / 'jupyter_config.json'} (NotebookApp.token).",
        "PasswordIdentityProvider.hashed_password": (
            f"in {shipped / 'jupyter_config.json'} (PasswordIdentityProvider.hashed_password)."
        ),
    }.items():
        line = started.line(setting)
        assert "is fixed in a configuration file" in line and where in line, line
    assert len(started.refusals) == 4, started.refusals


@pytest.fixture(scope="module")
def given_to_the_server():
    """F4, F5 and F14 handed to the server directly, past the flag check (which refuses them too,
    tests/test_lab_config.py): one server start for the three."""
    from jupyter_server.auth import passwd

    return start(
        [
            "--Session.key=",
            f"--PasswordIdentityProvider.hashed_password={passwd('')}",
            "--ServerApp.authenticate_prometheus=False",
        ]
    )


def test_f4_unsigned_kernel_messages_are_refused(given_to_the_server):
    line = given_to_the_server.line("Session.key")
    assert "not signed" in line and "on the command line (--Session.key)" in line


def test_f5_an_empty_password_is_refused(given_to_the_server):
    line = given_to_the_server.line("PasswordIdentityProvider.hashed_password")
    assert "empty password" in line and "(--PasswordIdentityProvider.hashed_password)" in line


def test_f14_metrics_without_the_token_are_refused(given_to_the_server):
    line = given_to_the_server.line("ServerApp.authenticate_prometheus")
    assert "/metrics" in line and "(--ServerApp.authenticate_prometheus)" in line
    assert len(given_to_the_server.refusals) == 3, given_to_the_server.refusals


def test_web_server_settings_underneath_jupyter_are_checked(tmp_path):
    """tornado_settings reach under the XSRF and CORS settings (``xsrf_cookies`` False means the
    XSRF check is never called), here from a jupyter_lab_config.py; and an address moved over by the
    compatibility layer from the user's jupyter_config.py (the reliability review's server bound it);
    an empty token from the file JUPYTER_TOKEN_FILE names."""
    user = tmp_path / "user-config"
    user.mkdir()
    (user / "jupyter_lab_config.py").write_text(
        'c.ServerApp.tornado_settings = {"xsrf_cookies": False, "headers": {"Access-Control-Allow-Origin": "*"}}\n'
    )
    (user / "jupyter_config.py").write_text(
        F1_PY.replace('c.IdentityProvider.token = ""', 'c.NotebookApp.ip = "127.0.0.2"')
    )
    (tmp_path / "token").write_text("")
    started = start([], config_dir=user, JUPYTER_TOKEN_FILE=str(tmp_path / "token"))
    where = f"in {user / 'jupyter_lab_config.py'} (ServerApp.tornado_settings)"
    assert where in started.line("ServerApp.disable_check_xsrf")
    assert where in started.line("ServerApp.allow_origin")
    address = started.line("ServerApp.ip")
    assert "'127.0.0.2'" in address and f"in {user / 'jupyter_config.py'} (NotebookApp.ip)" in address
    assert "set by the environment variable JUPYTER_TOKEN_FILE." in started.line("IdentityProvider.token")
    assert len(started.refusals) == 4, started.refusals
