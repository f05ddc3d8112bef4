#!/bin/sh
# What some tests open outputs with, installed before `make test` runs them, after saying what and why:
# Debian's chromium and its driver (the gallery and the live preview in a real browser) and LibreOffice
# (Word notices and spreadsheets opened as Writer and Calc open them). Each argument is
# "command or file that shows it is there:package". Where it cannot install (not root, no apt-get),
# or with REGISTRY_NO_TEST_TOOLS=1, nothing is installed and those tests skip, each saying why.
missing=""
for tool in "$@"; do
  { command -v "${tool%%:*}" || test -e "${tool%%:*}"; } >/dev/null 2>&1 || missing="$missing ${tool#*:}"
done
[ -z "$missing" ] && exit 0
if [ -n "$REGISTRY_NO_TEST_TOOLS" ] || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "not installing$missing: the browser and LibreOffice tests will skip and say why"
  exit 0
fi
echo "make test installs Debian packages for the tests that open outputs as a person would:"
for package in $missing; do
  case "$package" in
    chromium*) echo "  $package: the snippet gallery and the live preview in a headless browser" ;;
    libreoffice*) echo "  $package: Word notices and exported spreadsheets opened by Writer and Calc" ;;
    *) echo "  $package" ;;
  esac
done
apt-get update -qq >/dev/null 2>&1
# apt-get's own estimate of the download and of the room they take, answered 'no'
apt-get install --no-install-recommends --assume-no $missing 2>/dev/null | grep -E '^(Need to get|After this operation)' | sed 's/^/  /'
echo "  (REGISTRY_NO_TEST_TOOLS=1 make test skips this; the tests that need them then skip)"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
  echo "$missing could not all be installed: the tests that need them will skip and say why"
