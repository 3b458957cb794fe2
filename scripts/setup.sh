#!/usr/bin/env bash
# Idempotent machine set-up for microaot on Debian bookworm: installs the
# missing Debian packages and the project virtualenv (.venv/). A second run
# does no apt or pip work. Quiet on success; on failure prints the log tail.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

readonly debian_packages=(
  build-essential cmake ninja-build clang clang-format libclang-rt-14-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  flatbuffers-compiler libflatbuffers-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi qemu-system-arm
  libonnx-dev libonnx-testdata libprotobuf-dev protobuf-compiler chromium
  python3-venv
)
readonly venv_dir="$repo_root/.venv"
readonly requirements="$repo_root/tests/python/requirements.txt"
readonly pip_stamp="$venv_dir/.requirements.sha256"

log_file="$(mktemp -t microaot-setup.XXXXXX)"
trap 'rm -f "$log_file"' EXIT

fail() {
  echo "setup.sh: $1 failed; last lines of its output:" >&2
  tail -n 40 "$log_file" >&2
  exit 1
}

# Runs a command with its output kept in the log (shown only on failure).
run_logged() {
  local what="$1"
  shift
  "$@" >>"$log_file" 2>&1 || fail "$what"
}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "setup.sh: need root (or sudo) to run: $*" >&2
    exit 1
  fi
}

package_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == "installed" ]]
}

install_debian_packages() {
  local missing=()
  local pkg
  for pkg in "${debian_packages[@]}"; do
    package_installed "$pkg" || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  echo "setup.sh: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  run_logged "apt-get update" as_root apt-get update -q
  run_logged "apt-get install" as_root apt-get install -y -q "${missing[@]}"
}

install_python_venv() {
  local wanted_hash
  wanted_hash="$(sha256sum "$requirements" | cut -d' ' -f1)"
  if [[ -x "$venv_dir/bin/python" && -f "$pip_stamp" && "$(cat "$pip_stamp")" == "$wanted_hash" ]]; then
    return 0
  fi
  echo "setup.sh: installing Python packages into .venv/ (tests/python/requirements.txt)"
  if [[ ! -x "$venv_dir/bin/python" ]]; then
    run_logged "python3 -m venv .venv" python3 -m venv "$venv_dir"
  fi
  run_logged "pip install" "$venv_dir/bin/python" -m pip install -q --disable-pip-version-check \
    --pre -r "$requirements"
  echo "$wanted_hash" >"$pip_stamp"
}

install_debian_packages
install_python_venv
