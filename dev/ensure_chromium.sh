#!/usr/bin/env bash
# Headless Chromium for the report's browser tests (tests_python/test_report.py): Debian's
# `chromium` package, installed when absent. Idempotent. Exits non-zero, saying why, when it
# cannot be installed (not root and no sudo, no apt-get, no package source): the tests then skip.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_chromium: no apt-get here; install Chromium by hand (the report tests need it)" >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    as_root() { "$@"; }
elif sudo -n true 2>/dev/null; then
    as_root() { sudo -n "$@"; }
else
    echo "ensure_chromium: Chromium is absent and installing it needs root (or sudo without a password)" >&2
    exit 1
fi
echo "ensure_chromium: Chromium is absent; installing Debian's chromium package" >&2
export DEBIAN_FRONTEND=noninteractive
as_root apt-get install -y -q chromium >/dev/null || {
    as_root apt-get update -q >/dev/null
    as_root apt-get install -y -q chromium >/dev/null
}
command -v chromium >/dev/null 2>&1
