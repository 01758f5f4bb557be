#!/usr/bin/env bash
# Install the Debian packages AluHub's tests and tools need, only when they are absent.
#
#   scripts/ensure-system-deps.sh            # everything make test needs
#   scripts/ensure-system-deps.sh gettext    # only some components
#
# Components: venv (python3 -m venv), gettext (msgfmt, for translations),
# chromium (/usr/bin/chromium, driven by Playwright: we never download a browser),
# postgresql (server binaries for the throwaway test cluster), fonts (so screenshots
# and PDF rendering have glyphs for French text), poppler (pdftoppm: first-page previews
# of teaching PDFs in Alu-Compétences; without it the pages show a placeholder card).
#
# Idempotent and quiet: prints one line per package it installs, nothing when all is
# present. Runs apt-get as root (CI) and refuses, with a clear message, when it is not
# root and something is missing (a developer machine: install the listed packages).
set -euo pipefail

components=("$@")
if [ ${#components[@]} -eq 0 ]; then
    components=(venv gettext chromium postgresql fonts poppler)
fi

missing=()

has_postgres_server() {
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

for component in "${components[@]}"; do
    case "$component" in
        venv)
            # Debian splits ensurepip (needed by `python3 -m venv`) into python3-venv.
            if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
                missing+=(python3-venv)
            fi
            ;;
        gettext)
            command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
            ;;
        chromium)
            [ -x /usr/bin/chromium ] || missing+=(chromium)
            ;;
        postgresql)
            has_postgres_server || missing+=(postgresql)
            ;;
        fonts)
            [ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
            ;;
        poppler)
            command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
            ;;
        *)
            echo "ensure-system-deps: unknown component '$component'" >&2
            echo "  known: venv gettext chromium postgresql fonts poppler" >&2
            exit 2
            ;;
    esac
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-system-deps: missing system packages: ${missing[*]}" >&2
    echo "  Install them once as root, then rerun:" >&2
    echo "    sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-system-deps: missing ${missing[*]} and no apt-get on this machine;" \
        "install them with your package manager." >&2
    exit 1
fi

for package in "${missing[@]}"; do
    echo "ensure-system-deps: installing $package"
done

export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >"$log" 2>&1; then
    cat "$log" >&2
    echo "ensure-system-deps: apt-get failed installing: ${missing[*]}" >&2
    exit 1
fi

# Check the result instead of trusting apt's exit status.
if [[ " ${missing[*]} " == *" chromium "* ]] && [ ! -x /usr/bin/chromium ]; then
    echo "ensure-system-deps: chromium installed but /usr/bin/chromium is missing" >&2
    exit 1
fi
if [[ " ${missing[*]} " == *" postgresql "* ]] && ! has_postgres_server; then
    echo "ensure-system-deps: postgresql installed but no initdb under /usr/lib/postgresql" >&2
    exit 1
fi
echo "ensure-system-deps: done"
