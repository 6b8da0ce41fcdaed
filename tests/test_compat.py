"""The oscrypto/OpenSSL 3 shim: the regex it installs, and that it makes flask-ask-sdk importable.

Import checks run in fresh interpreters: the shim's whole job is to change what the *first* import of
oscrypto does, which the test process (where other tests may already have imported it) cannot show.
"""

from __future__ import annotations

import importlib.util
import re
import ssl
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from webhost.compat import oscrypto_openssl3
from webhost.compat.oscrypto_openssl3 import (
    FIXED_VERSION_PATTERN,
    OLD_VERSION_PATTERN,
    TARGET_MODULES,
    detect_version,
    install,
    patched_source,
)

_REPO = Path(__file__).resolve().parent.parent

# The lines exactly as oscrypto 1.3.0 ships them (both binding modules use the same text).
_OLD_LINE = "version_match = re.search('\\\\b(\\\\d\\\\.\\\\d\\\\.\\\\d[a-z]*)\\\\b', version_string)\n"
_FIXED_LINE = "version_match = re.search('\\\\b(\\\\d+\\\\.\\\\d+\\\\.\\\\d+[a-z]*)\\\\b', version_string)\n"


def _installed_source(name: str) -> str | None:
    """The installed text of an oscrypto module, or None when oscrypto is not installed as source."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin).read_text(encoding="utf-8")


def _installed_needs_patch() -> bool:
    """True when the installed oscrypto still carries the old regex (so the shim has work to do)."""
    return any(
        (text := _installed_source(name)) is not None and patched_source(text) is not None
        for name in TARGET_MODULES
    )


def _run(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter from the repo root, capturing output."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=_REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# --------------------------------------------------------------------------------------------------
# The regex
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version_string", "expected"),
    [
        ("OpenSSL 3.0.19 27 Jan 2026", "3.0.19"),
        ("OpenSSL 3.0.10 1 Aug 2023", "3.0.10"),
        ("OpenSSL 1.1.1w  11 Sep 2023", "1.1.1w"),
        ("OpenSSL 3.0.2 15 Mar 2022", "3.0.2"),
        ("OpenSSL 3.10.1 1 Jan 2030", "3.10.1"),
        ("LibreSSL 3.3.6", "3.3.6"),
        ("LibreSSL 2.8", "2.8"),
        ("no version here", None),
    ],
)
def test_detect_version_reads_multi_digit_parts(version_string: str, expected: str | None) -> None:
    assert detect_version(version_string) == expected


@pytest.mark.parametrize(
    "version_string",
    ["OpenSSL 1.1.1w  11 Sep 2023", "OpenSSL 3.0.2 15 Mar 2022", "LibreSSL 3.3.6", "LibreSSL 2.8"],
)
def test_fixed_regex_agrees_with_old_one_where_the_old_one_worked(version_string: str) -> None:
    old = re.search(OLD_VERSION_PATTERN, version_string)
    new = re.search(FIXED_VERSION_PATTERN, version_string)
    assert (old.group(1) if old else None) == (new.group(1) if new else None)


def test_the_old_regex_fails_on_this_machines_openssl_exactly_when_the_shim_is_needed() -> None:
    # The premise of the module, checked against this machine, not a constant: the installed
    # oscrypto's regex cannot read the OpenSSL here iff that OpenSSL is 3.0.10 or later.
    version = ssl.OPENSSL_VERSION
    parts = detect_version(version)
    assert parts is not None, version
    numbers = tuple(int(p) for p in re.findall(r"\d+", parts)[:3])
    old_reads_it = re.search(OLD_VERSION_PATTERN, version) is not None
    assert old_reads_it == (numbers < (3, 0, 10) or not version.startswith("OpenSSL")), (version, numbers)
    assert _installed_needs_patch() == (
        not old_reads_it
        and any(
            _installed_source(name) is not None and patched_source(_installed_source(name) or "") is not None
            for name in sorted(TARGET_MODULES)
        )
    )


# --------------------------------------------------------------------------------------------------
# patched_source
# --------------------------------------------------------------------------------------------------


def test_patched_source_swaps_only_the_version_regex() -> None:
    text = "import re\n" + _OLD_LINE + "other = 1\n"
    assert patched_source(text) == "import re\n" + _FIXED_LINE + "other = 1\n"


def test_patched_source_result_runs_and_parses_3_0_19() -> None:
    source = patched_source("import re\nversion_string = 'OpenSSL 3.0.19 27 Jan 2026'\n" + _OLD_LINE)
    assert source is not None
    namespace: dict[str, object] = {}
    exec(compile(source, "<patched>", "exec"), namespace)
    match = namespace["version_match"]
    assert isinstance(match, re.Match)
    assert match.group(1) == "3.0.19"


def test_patched_source_returns_none_for_already_fixed_text() -> None:
    assert patched_source("import re\n" + _FIXED_LINE) is None
    assert patched_source("") is None


def test_patched_source_patches_the_installed_oscrypto_when_it_is_old() -> None:
    for name in sorted(TARGET_MODULES):
        text = _installed_source(name)
        if text is None or patched_source(text) is None:
            pytest.skip(f"{name} is not the old oscrypto source")
        fixed = patched_source(text)
        assert fixed is not None
        assert fixed.count("\\\\d+\\\\.\\\\d+\\\\.\\\\d+") == 1
        assert patched_source(fixed) is None  # patching is a one-shot


# --------------------------------------------------------------------------------------------------
# install()
# --------------------------------------------------------------------------------------------------


def test_install_is_idempotent() -> None:
    finder_type = oscrypto_openssl3._OscryptoOpenSSL3Finder
    before = [f for f in sys.meta_path if isinstance(f, finder_type)]
    install()
    install()
    after = [f for f in sys.meta_path if isinstance(f, finder_type)]
    assert len(after) == 1
    assert before in ([], after)


def test_finder_ignores_every_other_module() -> None:
    finder = oscrypto_openssl3._OscryptoOpenSSL3Finder()
    assert finder.find_spec("oscrypto._openssl._libssl_cffi", None) is None
    assert finder.find_spec("json", None) is None


def test_flask_ask_sdk_imports_after_install_in_a_fresh_interpreter() -> None:
    result = _run(
        """
        from webhost.compat.oscrypto_openssl3 import install
        install()
        import flask_ask_sdk.skill_adapter
        from oscrypto._openssl._libcrypto import libcrypto_version_info as info
        assert len(info) >= 3 and all(isinstance(part, int) for part in info[:3]), info
        print("ok")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_ctypes_backend_is_patched_too() -> None:
    result = _run(
        """
        import oscrypto
        oscrypto.use_ctypes()
        from webhost.compat.oscrypto_openssl3 import install
        install()
        from oscrypto import asymmetric
        public, private = asymmetric.generate_pair("rsa", bit_size=1024)
        signature = asymmetric.rsa_pkcs1v15_sign(private, b"body", "sha256")
        asymmetric.rsa_pkcs1v15_verify(public, signature, b"body", "sha256")
        print("ok")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_install_after_a_failed_import_lets_the_retry_succeed() -> None:
    result = _run(
        """
        try:
            import flask_ask_sdk.skill_adapter
            first = "ok"
        except Exception as error:
            first = type(error).__name__
        from webhost.compat.oscrypto_openssl3 import install
        install()
        import flask_ask_sdk.skill_adapter
        print(first)
        """
    )
    assert result.returncode == 0, result.stderr
    if _installed_needs_patch():
        assert result.stdout.strip() == "LibraryNotFoundError"


def test_without_the_shim_the_import_fails_here_exactly_when_it_is_needed() -> None:
    """Proof the shim is still needed where it is: without it, flask-ask-sdk cannot be imported on a
    machine whose OpenSSL the installed oscrypto cannot read; elsewhere it imports as it is."""
    result = _run("import flask_ask_sdk.skill_adapter")
    if _installed_needs_patch() and re.search(OLD_VERSION_PATTERN, ssl.OPENSSL_VERSION) is None:
        assert result.returncode != 0
        assert "Error detecting the version of libcrypto" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
