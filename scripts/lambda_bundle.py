"""Build the Lambda deployment package: ``build/lambda-<arch>.zip`` (and ``build/lambda.zip``).

Usage (``make lambda-bundle [ARCH=arm64|x86_64]``)::

    .venv/bin/python scripts/lambda_bundle.py --arch arm64

Steps:

1. build Repflow's own wheel (``pip wheel --no-deps .``);
2. install it with its runtime dependencies for the Lambda runtime — CPython 3.13 on Amazon
   Linux 2023 (glibc 2.34) — from binary wheels only (``pip install --target ...
   --platform manylinux2014_<machine> --platform manylinux_2_28_<machine> --only-binary=:all:
   --python-version 3.13 --implementation cp``), so nothing is compiled for this machine;
3. drop what Lambda never runs (``bin/`` scripts, ``__pycache__`` of the build machine);
4. when a Python 3.13 interpreter is at hand, precompile every module to bytecode
   (``unchecked-hash`` .pyc files: the Lambda file system is read-only, so without them every
   cold start compiles each imported module again);
5. zip it deterministically (sorted entries, fixed timestamps) and print the sizes.

boto3 and botocore are bundled although the Lambda runtime has its own copy: the runtime's
copy lags behind and changes under you; the bundled one is the version the tests ran against.
``--exclude-boto`` leaves them out (about 25 MB unzipped less).

The ``ARCH`` must match the stack's ``Architecture`` parameter (``infra/template.yaml``); the
template deploys ``build/lambda.zip``, a copy of the last archive built.
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


def install(wheel: Path, target: Path, arch: str) -> None:
    """Install ``wheel`` and its dependencies for the Lambda runtime into ``target``."""
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
    _run([*command, str(wheel)])


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


def main(argv: list[str] | None = None) -> int:
    """Build the bundle; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arch", choices=sorted(MACHINES), default="arm64")
    parser.add_argument("--out", type=Path, default=ROOT / "build")
    parser.add_argument("--exclude-boto", action="store_true", help="leave boto3/botocore out")
    parser.add_argument("--no-compile", action="store_true", help="do not precompile .pyc")
    args = parser.parse_args(argv)

    out: Path = args.out.resolve()
    target = out / f"lambda-{args.arch}"
    archive = out / f"lambda-{args.arch}.zip"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as work:
        wheel = build_wheel(Path(work))
        install(wheel, target, args.arch)
    prune(target, exclude_boto=args.exclude_boto)
    compiled = False if args.no_compile else precompile(target)
    zipped, unzipped = write_zip(target, archive)
    shutil.copyfile(archive, out / "lambda.zip")

    mb = 1024 * 1024
    print(
        f"{archive.relative_to(ROOT) if archive.is_relative_to(ROOT) else archive}: "
        f"{zipped / mb:.1f} MB zipped, {unzipped / mb:.1f} MB unzipped "
        f"({args.arch}, CPython {PYTHON_VERSION}, "
        f"{'with' if compiled else 'without'} bytecode, "
        f"boto3 {'excluded' if args.exclude_boto else 'included'}); copied to build/lambda.zip"
    )
    if unzipped > UNZIPPED_LIMIT:
        print("WARNING: above Lambda's 250 MB unzipped limit", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
