"""Let oscrypto 1.3.0 read OpenSSL version strings such as "3.0.19".

Why this exists
    ``flask_ask_sdk.skill_adapter`` imports ``ask_sdk_webservice_support.verifier``, which imports
    ``certvalidator``, which imports ``oscrypto``. oscrypto 1.3.0 (the latest release) finds the
    libcrypto version with the regex ``\\b(\\d\\.\\d\\.\\d[a-z]*)\\b``: one digit per part, so
    "OpenSSL 3.0.10" and later (this machine: 3.0.19) do not match and the import fails with
    ``LibraryNotFoundError: Error detecting the version of libcrypto``. The web service (``webhost.web``)
    cannot even start. Upstream: https://github.com/wbond/oscrypto/issues/75 and
    https://github.com/wbond/oscrypto/issues/78; the fix (``\\d+`` for every part) is on oscrypto's
    main branch but was never released.

How it works
    :func:`install` puts a finder at the front of ``sys.meta_path`` that intercepts exactly
    ``oscrypto._openssl._libcrypto_cffi`` and ``oscrypto._openssl._libcrypto_ctypes``. It reads the
    *installed* source, swaps the old regex literal for the upstream one, compiles that text itself and
    executes it as the module. Compiling ourselves matters: the stock loader would use the installed
    ``.pyc``, which still holds the old regex. site-packages is never written to.

    If the installed source no longer contains the old literal (a fixed oscrypto was installed, or the
    file was changed some other way), the finder steps aside and the normal import runs untouched, so the
    shim cannot break a fixed oscrypto.

When to delete it
    As soon as an oscrypto release newer than 1.3.0 is the minimum we depend on: remove this module,
    its ``install()`` call in ``webhost/web.py`` and ``tests/test_compat.py``.

The Lambda entry point never imports flask-ask-sdk, so only the web service needs this.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

__all__ = [
    "FIXED_VERSION_PATTERN",
    "LIBRESSL_VERSION_PATTERN",
    "OLD_VERSION_PATTERN",
    "TARGET_MODULES",
    "detect_version",
    "install",
    "patched_source",
]

#: The regex oscrypto 1.3.0 uses: one digit per version part, so "3.0.19" is not found.
OLD_VERSION_PATTERN = r"\b(\d\.\d\.\d[a-z]*)\b"

#: The regex on oscrypto's main branch (wbond/oscrypto#78): any number of digits per part.
FIXED_VERSION_PATTERN = r"\b(\d+\.\d+\.\d+[a-z]*)\b"

#: oscrypto's fallback for LibreSSL strings such as "LibreSSL 3.3"; left exactly as upstream has it.
LIBRESSL_VERSION_PATTERN = r"(?<=LibreSSL )(\d\.\d(\.\d)?)\b"

#: The only modules the finder touches: the two libcrypto bindings that parse the version string.
TARGET_MODULES = frozenset({"oscrypto._openssl._libcrypto_cffi", "oscrypto._openssl._libcrypto_ctypes"})

# The modules that import the targets; present in sys.modules only once libcrypto loaded successfully.
_LIBCRYPTO_MODULE = "oscrypto._openssl._libcrypto"


def _as_source_literal(pattern: str) -> str:
    """Spell ``pattern`` the way oscrypto's source does: a single-quoted literal with doubled backslashes.

    Deriving the literal from the pattern keeps the text we search for and the regex we document in step.
    """
    return "'" + pattern.replace("\\", "\\\\") + "'"


_OLD_LITERAL = _as_source_literal(OLD_VERSION_PATTERN)
_FIXED_LITERAL = _as_source_literal(FIXED_VERSION_PATTERN)


def patched_source(text: str) -> str | None:
    """Return ``text`` with the old version regex literal replaced by the fixed one.

    ``None`` means "nothing to patch": the old literal is absent, so oscrypto was fixed (or changed) and
    the caller must fall back to the normal import instead of guessing.
    """
    if _OLD_LITERAL not in text:
        return None
    return text.replace(_OLD_LITERAL, _FIXED_LITERAL)


def detect_version(version_string: str) -> str | None:
    """Parse a libcrypto version string the way patched oscrypto does; ``None`` when it cannot.

    Mirrors oscrypto's two steps (the numeric regex, then the LibreSSL fallback) so tests can pin the
    behaviour of the patched module without loading a C library.
    """
    match = re.search(FIXED_VERSION_PATTERN, version_string)
    if match is None:
        match = re.search(LIBRESSL_VERSION_PATTERN, version_string)
    return None if match is None else match.group(1)


class _PatchedSourceLoader(importlib.abc.Loader):
    """Execute already-patched source text as the module, compiled here so no stale ``.pyc`` is used."""

    def __init__(self, fullname: str, path: str, source: str) -> None:
        self._fullname = fullname
        self._path = path
        self._source = source

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        """Use the default module creation; only the code differs."""
        return None

    def exec_module(self, module: ModuleType) -> None:
        """Compile with the real file name so tracebacks still point at the installed file.

        ``dont_inherit`` keeps this module's own ``from __future__`` flags out of oscrypto's code.
        """
        code = compile(self._source, self._path, "exec", dont_inherit=True)
        exec(code, module.__dict__)

    def get_source(self, fullname: str) -> str:
        """Expose the patched text so debuggers and ``inspect`` show what actually ran."""
        return self._source


class _OscryptoOpenSSL3Finder(importlib.abc.MetaPathFinder):
    """Meta-path finder that patches oscrypto's libcrypto bindings and ignores every other import."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        """Return a spec for the patched module, or ``None`` to let the normal import machinery run."""
        if fullname not in TARGET_MODULES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
            return None  # not installed as plain source (zip, .pyc only): nothing we can safely patch
        try:
            text = importlib.util.decode_source(Path(spec.origin).read_bytes())
        except OSError:
            return None
        source = patched_source(text)
        if source is None:
            return None
        loader = _PatchedSourceLoader(fullname, spec.origin, source)
        patched = importlib.util.spec_from_file_location(fullname, spec.origin, loader=loader)
        if patched is not None:
            patched.cached = None  # the .pyc next to the source is exactly what we must not claim to be
        return patched


def _forget_failed_imports() -> None:
    """Drop leftovers of an earlier failed libcrypto import so the next import goes through the finder.

    Python already removes a module whose body raised, but a binding module can survive when the failure
    happened later (in ``_libcrypto`` itself). While ``_libcrypto`` is absent nothing can be using such a
    leftover, so removing it is safe; once ``_libcrypto`` loaded, the working modules are left alone.
    """
    if _LIBCRYPTO_MODULE in sys.modules:
        return
    parent = sys.modules.get("oscrypto._openssl")
    for name in TARGET_MODULES:
        if sys.modules.pop(name, None) is not None and parent is not None:
            attribute = name.rpartition(".")[2]
            if hasattr(parent, attribute):
                delattr(parent, attribute)


def install() -> None:
    """Put the patching finder at the front of ``sys.meta_path`` (once; later calls do nothing).

    Call it before anything imports ``flask_ask_sdk``/``certvalidator``. It is also safe after such an
    import already failed: the failed modules are forgotten and the next import retries through the finder.
    """
    if not any(isinstance(finder, _OscryptoOpenSSL3Finder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _OscryptoOpenSSL3Finder())
    _forget_failed_imports()
