#!/usr/bin/env bash
# Installs the .deb that build.sh made (with apt, so its Depends are installed and checked),
# runs the installed binary, validates the installed desktop entry and AppStream metainfo,
# then removes the package again. Needs root and apt-get (CI has both); the validators come
# from Debian's desktop-file-utils and appstream.
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "error: installed package: $*" >&2; exit 1; }

deb="$(ls target/packages/xenpilot_*.deb)" || fail "no .deb in target/packages: run build.sh"
# apt takes a local file only as a path with a slash.
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "$(realpath "$deb")" >/dev/null || fail "apt-get install $deb failed"
trap 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq xenpilot >/dev/null' EXIT

[ "$(command -v xenpilot)" = /usr/bin/xenpilot ] \
    || fail "xenpilot on PATH is $(command -v xenpilot || echo nothing), not /usr/bin/xenpilot"
installed="$(/usr/bin/xenpilot --version)" || fail "xenpilot --version failed"
built="$(target/package-files/xenpilot --version)"
[ "$installed" = "$built" ] || fail "xenpilot --version says '$installed', the build '$built'"
echo "installed: $installed"
tree="$(RUST_LOG=error /usr/bin/xenpilot tree --lang en-US)" || fail "xenpilot tree failed"
grep -q "^XenPilot Demo Pool$" <<<"$tree" \
    || fail "xenpilot tree did not print the demo pool; it printed: $tree"
echo "xenpilot tree: $(wc -l <<<"$tree") lines, the demo pool"

desktop-file-validate /usr/share/applications/xenpilot.desktop \
    || fail "desktop-file-validate rejects xenpilot.desktop"
# Not --strict: Debian 12's AppStream (0.16) reports the 1.0 <developer> tag as unknown (an
# info); any warning or error fails.
appstreamcli validate --no-net /usr/share/metainfo/io.github.xenpilot.xenpilot.metainfo.xml \
    || fail "appstreamcli rejects the metainfo"
echo "desktop entry and metainfo: valid"
