# Sourced by the scripts in scripts/: what several of them need.

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# ensure_packages [--no-install-recommends] WHAT PACKAGE...
# Installs the Debian packages that are not installed yet. The wait on the dpkg
# lock covers a machine that is still running its own apt at boot.
ensure_packages() {
  local options=()
  if [ "$1" = --no-install-recommends ]; then options+=("$1"); shift; fi
  local what=$1 package missing=()
  shift
  for package in "$@"; do
    [[ "$(dpkg -s "$package" 2>/dev/null)" == *"Status: install ok installed"* ]] || missing+=("$package")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  echo "== installing $what: ${missing[*]}"
  as_root apt-get -o DPkg::Lock::Timeout=300 update -q
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=300 install -y -q "${options[@]}" "${missing[@]}"
}

# start_xvfb FOLDER [XVFB-OPTION...]
# A virtual display on a number Xvfb picks itself; DISPLAY is exported once it
# is ready, and its process id is left in xvfb_pid.
start_xvfb() {
  local folder=$1
  shift
  Xvfb -displayfd 1 "$@" -screen 0 1280x800x24 -nolisten tcp >"$folder/display" 2>/dev/null &
  xvfb_pid=$!
  for _ in $(seq 1 100); do [ -s "$folder/display" ] && break; sleep 0.1; done
  [ -s "$folder/display" ] || { echo "Xvfb did not start" >&2; return 1; }
  DISPLAY=:$(head -1 "$folder/display")
  export DISPLAY
}

# What scripts/macos installs; scripts/test installs it before starting that
# check in the background, so that two apt runs never meet.
macos_check_packages=(rustc-web cargo-web rust-web-src python3 python3-venv shellcheck)
