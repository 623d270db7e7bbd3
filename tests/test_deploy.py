"""`manage.py check --deploy` with production settings reports no issues."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _python(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run this Python in the project folder with ``env``; output captured as text."""
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_with_production_settings_is_clean(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "STYRBAR_HTTPS": "1",
        "SECRET_KEY": "x" * 30 + "-production-like-secret-key-for-the-check-only-0123456789",
        "ALLOWED_HOSTS": "styrbar.eksempel.dk",
        "STYRBAR_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
    }
    result = _python(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_generated_into_var_when_unset(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "STYRBAR_VAR_DIR": str(tmp_path)})
    code = "from django.conf import settings; print(settings.SECRET_KEY)"

    def secret_key() -> str:
        """The SECRET_KEY a fresh process with these settings gets."""
        result = _python(env, "-c", "import django; django.setup();" + code)
        result.check_returncode()
        return result.stdout

    first, second = secret_key(), secret_key()
    assert first == second and len(first.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_each_gunicorn_instance_has_its_own_control_socket_or_none(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 17: two instances shared $XDG_RUNTIME_DIR/gunicorn.ctl."""
    import runpy
    from pathlib import Path

    conf = str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py")
    monkeypatch.delenv("GUNICORN_CONTROL_SOCKET", raising=False)
    assert runpy.run_path(conf)["control_socket_disable"] is True
    monkeypatch.setenv("GUNICORN_CONTROL_SOCKET", "/run/styrbar/web-8001.ctl")
    settings = runpy.run_path(conf)
    assert settings["control_socket"] == "/run/styrbar/web-8001.ctl"
    assert settings["control_socket_disable"] is False
