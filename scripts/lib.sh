# shellcheck shell=bash
# Shared helpers for scripts/run, scripts/test and .ci/run. Source it, do not execute it:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# It defines functions and variables only; the caller owns `set -euo pipefail` and the cwd.
#
# Environment knobs understood by the helpers:
#   BUILD_DIR          build directory (relative to the repo root or absolute); default "build"
#   CMAKE_BUILD_TYPE   build type for a fresh configure; default RelWithDebInfo
#   CCR_JOBS           parallel compile jobs; default 2 (a Beast unit needs ~0.7 GB of RAM)
#   CCR_NO_INSTALL=1   never call apt-get; fail with the list of missing packages instead

# Repository root: the parent of the folder holding this file.
CCR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CCR_JOBS="${CCR_JOBS:-2}"

# Debian 12 packages needed to build the server (compiler, build tools, libraries).
# g++ rather than build-essential: the project is C++ only and builds with Ninja, so make and
# dpkg-dev are not needed. Boost is the versioned -dev package, never libboost-all-dev.
# shellcheck disable=SC2034  # used by the scripts that source this file
CCR_BUILD_PACKAGES=(
  g++
  cmake
  ninja-build
  libboost1.81-dev
  nlohmann-json3-dev
  libspdlog-dev
  libsqlite3-dev
  libssl-dev
  libcli11-dev
  libjemalloc-dev
)
# Extra packages for building and running the test suite.
# shellcheck disable=SC2034
CCR_TEST_PACKAGES=(catch2)

ccr_log() {
  if [[ -t 2 ]]; then
    printf '\033[1m==> %s\033[0m\n' "$*" >&2
  else
    printf '==> %s\n' "$*" >&2
  fi
}
ccr_warn() { printf 'warning: %s\n' "$*" >&2; }
ccr_die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Print (one per line) those of the given Debian packages that are not installed.
ccr_missing_packages() {
  local pkg status
  for pkg in "$@"; do
    status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != "install ok installed" ]]; then
      printf '%s\n' "$pkg"
    fi
  done
}

# Install whichever of the given packages are missing, as root or through sudo.
# Does nothing (and never calls apt-get) when all are present.
ccr_ensure_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    ccr_warn "dpkg-query not found: not a Debian system, so not checking packages ($*)"
    return 0
  fi
  local missing=()
  mapfile -t missing < <(ccr_missing_packages "$@")
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  ccr_log "Missing Debian packages: ${missing[*]}"
  if [[ "${CCR_NO_INSTALL:-0}" == 1 ]]; then
    ccr_die "CCR_NO_INSTALL=1 is set; install them with: apt-get install --no-install-recommends ${missing[*]}"
  fi

  local -a as_root
  if ((EUID == 0)); then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    # Without a terminal sudo cannot ask for a password: fail at once instead of hanging.
    if [[ -t 0 ]]; then
      as_root=(sudo)
    elif sudo -n true 2>/dev/null; then
      as_root=(sudo -n)
    else
      ccr_die "these packages are missing and sudo needs a password, but there is no terminal:
    ${missing[*]}
  Run this script from a terminal, or install them as root with:
    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    fi
  else
    ccr_die "these packages are missing and I am neither root nor able to use sudo:
    ${missing[*]}
  Install them as root with:
    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  fi

  # `env` (run as root) sets the variable even where sudo's env_reset would drop it.
  local -a apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
  ccr_log "Installing with apt-get (${as_root[*]:-as root})"
  if ! "${apt[@]}" update -q; then
    ccr_die "apt-get update failed (network, mirror or sudo problem; see above)"
  fi
  if ! "${apt[@]}" install -y -q --no-install-recommends "${missing[@]}"; then
    ccr_die "apt-get install failed for: ${missing[*]}"
  fi
  mapfile -t missing < <(ccr_missing_packages "$@")
  if ((${#missing[@]} != 0)); then
    ccr_die "still missing after apt-get install: ${missing[*]}"
  fi
}

# Absolute path of the build directory: $BUILD_DIR (default "build") relative to the repo root.
ccr_build_dir() {
  local dir="${BUILD_DIR:-build}"
  [[ "$dir" == /* ]] || dir="$CCR_ROOT/$dir"
  printf '%s\n' "$dir"
}

# Configure a Ninja build tree: ccr_configure DIR [extra -D options...]
# A tree configured earlier with another generator is reset (only its CMake cache), since
# CMake refuses to switch generators in place.
ccr_configure() {
  local dir="$1"
  shift
  if [[ -f "$dir/CMakeCache.txt" ]] &&
    ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$dir/CMakeCache.txt"; then
    ccr_warn "$dir was configured with another generator; resetting its CMake cache"
    rm -rf "$dir/CMakeCache.txt" "$dir/CMakeFiles"
  fi
  ccr_log "Configuring $dir"
  cmake -S "$CCR_ROOT" -B "$dir" -G Ninja \
    -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" "$@"
}

# Build targets (all when none are given): ccr_build DIR [targets...]
ccr_build() {
  local dir="$1"
  shift
  local -a targets=()
  if (($# > 0)); then targets=(--target "$@"); fi
  ccr_log "Building $dir ${*:-(all)} with -j$CCR_JOBS"
  cmake --build "$dir" -j "$CCR_JOBS" "${targets[@]}"
}
