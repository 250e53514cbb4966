"""Build the Lambda deployment packages: ``build/lambda.zip`` and ``build/lambda-api.zip``.

``build/lambda.zip`` (ingest and dispatcher functions) holds the core and ``repflow[lambda]``;
``build/lambda-api.zip`` (the API function) adds ``repflow[server]`` (FastAPI, SQLAlchemy,
asyncpg). Each is also kept as ``build/<name>-<arch>.zip``.

Usage (``make lambda-bundle [ARCH=arm64|x86_64] [LLM=1]``)::

    .venv/bin/python scripts/lambda_bundle.py --arch arm64

Steps:

1. build Repflow's own wheel (``pip wheel --no-deps .``);
2. install it with the ``lambda`` extra (``--extras lambda,llm`` adds the LLM engine) for the
   Lambda runtime — CPython 3.13 on Amazon
   Linux 2023 (glibc 2.34) — from binary wheels only (``pip install --target ...
   --platform manylinux2014_<machine> --platform manylinux_2_28_<machine> --only-binary=:all:
   --python-version 3.13 --implementation cp``), so nothing is compiled for this machine;
3. drop what Lambda never runs (``bin/`` scripts, ``__pycache__`` of the build machine, and
   babel's locale data for locales no reply template uses: about 30 MB of the 36), then check
   that babel still formats an amount and a date in each reply locale;
4. when a Python 3.13 interpreter is at hand, precompile every module to bytecode
   (``unchecked-hash`` .pyc files: the Lambda file system is read-only, so without them every
   cold start compiles each imported module again);
5. zip it deterministically (sorted entries, fixed timestamps) and print the sizes.

Only what the handler imports goes in: the core and ``repflow[lambda]`` (Powertools). No
server, dashboard, SQL driver, CLI or dev package. boto3 and botocore come from the Lambda
runtime by default; ``--with-boto`` bundles the tested version instead (about 25 MB unzipped
more), for when the runtime's copy lags behind.

The build fails when the zip is over ``--max-zip-mb`` (25 MB) or the unzipped tree over
Lambda's 250 MB limit.

The ``ARCH`` must match the stack's ``Architecture`` parameter (``infra/template.yaml``), which
deploys ``build/lambda.zip`` and ``build/lambda-api.zip``, copies of the last archives built.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MACHINES = {"arm64": "aarch64", "x86_64": "x86_64"}
PYTHON_VERSION = "3.13"
#: Packages the Lambda runtime provides (left out with --exclude-boto).
BOTO_PACKAGES = ("boto3", "botocore", "s3transfer")
#: Lambda's limit for a function and its layers, unzipped.
UNZIPPED_LIMIT = 250 * 1024 * 1024
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def _run(command: list[str], **kwargs: object) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, **kwargs)  # type: ignore[call-overload]  # noqa: S603


def _clean_setuptools_build() -> None:
    """Remove setuptools' in-tree ``build/lib`` (stale files there would enter the wheel)."""
    for leftover in (ROOT / "build" / "lib", *(ROOT / "build").glob("bdist.*")):
        shutil.rmtree(leftover, ignore_errors=True)


def build_wheel(work: Path) -> Path:
    """Build Repflow's wheel into ``work`` and return its path."""
    _clean_setuptools_build()
    try:
        _run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "-w",
                str(work),
                str(ROOT),
            ]
        )
    finally:
        _clean_setuptools_build()
    [wheel] = sorted(work.glob("repflow-*.whl"))
    return wheel


def install(wheel: Path, target: Path, arch: str, extras: str) -> None:
    """Install ``wheel`` with ``extras`` and their dependencies for the Lambda runtime."""
    machine = MACHINES[arch]
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-compile",
        "--target",
        str(target),
        "--implementation",
        "cp",
        "--python-version",
        PYTHON_VERSION,
        "--only-binary=:all:",
    ]
    for platform in (f"manylinux2014_{machine}", f"manylinux_2_28_{machine}"):
        command += ["--platform", platform]
    _run([*command, f"{wheel}[{extras}]" if extras else str(wheel)])


def prune(target: Path, *, exclude_boto: bool) -> None:
    """Remove what Lambda never runs (and boto3/botocore when asked)."""
    for path in sorted(target.rglob("__pycache__"), reverse=True):
        shutil.rmtree(path, ignore_errors=True)
    shutil.rmtree(target / "bin", ignore_errors=True)
    if exclude_boto:
        for name in BOTO_PACKAGES:
            shutil.rmtree(target / name, ignore_errors=True)
            for info in target.glob(f"{name}-*.dist-info"):
                shutil.rmtree(info, ignore_errors=True)


def reply_locales() -> list[str]:
    """The babel locales the reply templates format amounts and dates in."""
    import tomllib

    found = set()
    for path in sorted((ROOT / "src" / "repflow" / "engine" / "replies").glob("*.toml")):
        locale = tomllib.loads(path.read_text(encoding="utf-8")).get("locale")
        if isinstance(locale, str):
            found.add(locale)
    return sorted(found)


def prune_babel(target: Path, locales: list[str]) -> int:
    """Keep babel's data for ``locales``, their languages and ``root``; returns files removed."""
    data = target / "babel" / "locale-data"
    if not data.is_dir():
        return 0
    keep = {"root"}
    for locale in locales:
        keep.add(locale)
        keep.add(locale.split("_")[0])
    removed = 0
    for path in data.glob("*.dat"):
        if path.stem not in keep:
            path.unlink()
            removed += 1
    return removed


def check_babel(target: Path, locales: list[str]) -> None:
    """Format an amount and a date in each locale with the pruned babel (pure Python)."""
    code = (
        "import sys, datetime; sys.path.insert(0, sys.argv[1]);"
        "from babel.numbers import format_currency, get_currency_precision;"
        "from babel.dates import format_date;"
        "[(format_currency(1500, 'EUR', locale=l), format_date(datetime.date(2026, 5, 1),"
        " format='long', locale=l)) for l in sys.argv[2:]];"
        "assert get_currency_precision('JPY') == 0"
    )
    _run([sys.executable, "-S", "-c", code, str(target), *locales])


def find_python(version: str) -> list[str] | None:
    """A command running a Python ``version`` interpreter, or None."""
    candidates = [[f"python{version}"]]
    if shutil.which("pyenv"):
        candidates.append(["env", f"PYENV_VERSION={_pyenv_version(version)}", f"python{version}"])
    for command in candidates:
        if not shutil.which(command[0]):
            continue
        probe = [*command, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]
        try:
            result = subprocess.run(probe, capture_output=True, text=True, timeout=30)  # noqa: S603
        except (OSError, subprocess.TimeoutExpired):
            continue
        if result.returncode == 0 and result.stdout.strip() == version:
            return command
    return None


def _pyenv_version(version: str) -> str:
    try:
        listed = subprocess.run(
            ["pyenv", "versions", "--bare"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout.split()
    except OSError:
        return version
    matches = sorted(v for v in listed if v.startswith(f"{version}."))
    return matches[-1] if matches else version


def precompile(target: Path) -> bool:
    """Compile every module with a Python 3.13 interpreter; False when there is none."""
    python = find_python(PYTHON_VERSION)
    if python is None:
        print(f"no Python {PYTHON_VERSION} interpreter found: shipping sources only")
        return False
    _run(
        [
            *python,
            "-m",
            "compileall",
            "-q",
            "-j",
            "0",
            "--invalidation-mode",
            "unchecked-hash",
            str(target),
        ],
        stdout=subprocess.DEVNULL,
    )
    return True


def write_zip(source: Path, archive: Path) -> tuple[int, int]:
    """Zip ``source`` deterministically; returns (zipped, unzipped) sizes in bytes."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    unzipped = 0
    files = sorted(p for p in source.rglob("*") if p.is_file())
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(source).as_posix(), date_time=_FIXED_TIME)
            mode = 0o755 if os.access(path, os.X_OK) else 0o644
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = path.read_bytes()
            unzipped += len(data)
            bundle.writestr(info, data, compresslevel=9)
    return archive.stat().st_size, unzipped


def build_one(
    wheel: Path, out: Path, name: str, args: argparse.Namespace, extras: str
) -> tuple[Path, int, int, bool]:
    """Install, prune, compile and zip one bundle; returns (archive, zipped, unzipped, compiled)."""
    target = out / f"{name}-{args.arch}"
    archive = out / f"{name}-{args.arch}.zip"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    install(wheel, target, args.arch, extras)
    prune(target, exclude_boto=not args.with_boto)
    locales = reply_locales()
    removed = prune_babel(target, locales)
    check_babel(target, locales)
    print(f"babel: kept locale data for {', '.join(locales)} ({removed} other locales removed)")
    compiled = False if args.no_compile else precompile(target)
    zipped, unzipped = write_zip(target, archive)
    shutil.copyfile(archive, out / f"{name}.zip")
    return archive, zipped, unzipped, compiled


def main(argv: list[str] | None = None) -> int:
    """Build the bundles; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arch", choices=sorted(MACHINES), default="arm64")
    parser.add_argument("--out", type=Path, default=ROOT / "build")
    parser.add_argument(
        "--extras",
        default="lambda",
        help="extras of the ingest/dispatcher bundle (default: lambda; lambda,llm adds the LLM)",
    )
    parser.add_argument(
        "--api-extras",
        default="lambda,server",
        help="extras of the API bundle, build/lambda-api.zip (default: lambda,server; "
        "empty: no API bundle)",
    )
    parser.add_argument(
        "--with-boto", action="store_true", help="bundle boto3/botocore (default: the runtime's)"
    )
    parser.add_argument(
        "--max-zip-mb",
        type=float,
        default=25.0,
        help="fail when build/lambda.zip is above this size (default 25)",
    )
    parser.add_argument("--no-compile", action="store_true", help="do not precompile .pyc")
    args = parser.parse_args(argv)

    out: Path = args.out.resolve()
    bundles = [("lambda", args.extras)]
    if args.api_extras:
        bundles.append(("lambda-api", args.api_extras))
    mb = 1024 * 1024
    status = 0
    with tempfile.TemporaryDirectory() as work:
        wheel = build_wheel(Path(work))
        for name, extras in bundles:
            archive, zipped, unzipped, compiled = build_one(wheel, out, name, args, extras)
            shown = archive.relative_to(ROOT) if archive.is_relative_to(ROOT) else archive
            print(
                f"{shown}: {zipped / mb:.1f} MB zipped, {unzipped / mb:.1f} MB unzipped "
                f"({args.arch}, CPython {PYTHON_VERSION}, "
                f"{'with' if compiled else 'without'} bytecode, extras [{extras}], "
                f"boto3 {'bundled' if args.with_boto else 'from the runtime'}); "
                f"copied to build/{name}.zip"
            )
            if name == "lambda" and zipped > args.max_zip_mb * mb:
                budget = f"{args.max_zip_mb:g} MB"
                print(f"FAIL: {name}.zip is over the {budget} budget", file=sys.stderr)
                status = 1
            if unzipped > UNZIPPED_LIMIT:
                print(f"FAIL: {name} is above Lambda's 250 MB unzipped limit", file=sys.stderr)
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
