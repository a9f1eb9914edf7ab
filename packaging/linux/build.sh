#!/usr/bin/env bash
# XenPilot's Linux packages from one build of the binary, and what they must hold:
#
#   packaging/linux/build.sh [--profile release|dev] [--no-build] [--rpm]
#
# Builds the binary (unless --no-build: CI packages the one `cargo test` built), has it write
# its man pages and completions (`xenpilot package-files`), makes the .deb with cargo-deb and,
# with --rpm, the .rpm with cargo-generate-rpm (both configured in Cargo.toml), then lists each
# package and fails, naming it, on any file missing. The packages land in target/packages/
# (under the repository: Cargo.toml's asset paths are fixed).
# Needs cargo-deb (and cargo-generate-rpm, rpm for --rpm), strip, gzip, dpkg-deb.
set -euo pipefail
cd "$(dirname "$0")/../.."

profile=release
build=yes
rpm=no
while [ $# -gt 0 ]; do
    case "$1" in
        --profile) profile="$2"; shift 2 ;;
        --no-build) build=no; shift ;;
        --rpm) rpm=yes; shift ;;
        *) echo "usage: $0 [--profile release|dev] [--no-build] [--rpm]" >&2; exit 2 ;;
    esac
done
fail() { echo "error: packaging: $*" >&2; exit 1; }

# cargo's folder for the profile: dev builds go to debug/.
dir="$profile"
[ "$profile" = dev ] && dir=debug
target="${CARGO_TARGET_DIR:-target}"
stage=target/package-files
out=target/packages

if [ "$build" = yes ]; then
    cargo build --locked --profile "$profile" --bin xenpilot
fi
bin="$target/$dir/xenpilot"
[ -x "$bin" ] || fail "$bin is missing: build it first (cargo build --profile $profile)"

rm -rf "$stage"
"$bin" package-files "$stage" || fail "xenpilot package-files failed"
# Debian and Fedora both want man pages gzipped; -n keeps the bytes reproducible.
gzip -9nf "$stage"/man/*.1
# cargo-generate-rpm does not strip: one stripped copy serves both (cargo deb --no-strip).
strip -o "$stage/xenpilot" "$bin"

rm -rf "$out"
mkdir -p "$out"
cargo deb --no-build --no-strip --output "$out/" || fail "cargo deb failed"
if [ "$rpm" = yes ]; then
    cargo generate-rpm --output "$out/" || fail "cargo generate-rpm failed"
fi

# What an install must bring: the binary, the desktop entry, the metainfo, the icon at every
# size, the man pages and the completions.
expected=(
    usr/bin/xenpilot
    usr/share/applications/xenpilot.desktop
    usr/share/metainfo/io.github.xenpilot.xenpilot.metainfo.xml
    usr/share/icons/hicolor/scalable/apps/xenpilot.svg
)
for size in 16 22 24 32 48 64 128 256 512; do
    expected+=("usr/share/icons/hicolor/${size}x${size}/apps/xenpilot.png")
done
for page in "$stage"/man/*.1.gz; do
    expected+=("usr/share/man/man1/$(basename "$page")")
done
[ -e "$stage/man/xenpilot.1.gz" ] || fail "no man page xenpilot.1 was generated"
common_completions=(
    usr/share/bash-completion/completions/xenpilot
    usr/share/fish/vendor_completions.d/xenpilot.fish
    usr/share/xenpilot/completions/_xenpilot.ps1
)

# check PACKAGE LISTING PATH...: every PATH is in the package's listing (one path a line).
check() {
    local package="$1" listing="$2" missing=()
    shift 2
    for path in "$@"; do
        grep -qxF "/$path" <<<"$listing" || missing+=("/$path")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "error: packaging: $package lacks:" >&2
        printf '  %s\n' "${missing[@]}" >&2
        echo "It holds:" >&2
        echo "$listing" >&2
        exit 1
    fi
    echo "$(basename "$package"): all $# expected files"
}

deb="$(ls "$out"/xenpilot_*.deb)"
listing="$(dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -e 's|^\./|/|' -e 's|/$||')"
check "$deb" "$listing" "${expected[@]}" "${common_completions[@]}" \
    usr/share/zsh/vendor-completions/_xenpilot
# The binary in the package is the one built, and runs.
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/xenpilot | cmp -s - "$stage/xenpilot" \
    || fail "$deb's usr/bin/xenpilot is not the binary just built"

# The plain archive: the .deb's files under bin/ and share/, to unpack into /usr/local or
# ~/.local (the layout every desktop looks in).
version="$("$stage/xenpilot" --version | awk '{print $2}')"
name="xenpilot-$version-$(uname -m)-linux"
tree="$(mktemp -d)"
dpkg-deb -x "$deb" "$tree"
mv "$tree/usr" "$tree/$name"
tar -C "$tree" -czf "$out/$name.tar.gz" --owner=0 --group=0 "$name"
rm -rf "$tree"
echo "$name.tar.gz"

if [ "$rpm" = yes ]; then
    rpmfile="$(ls "$out"/xenpilot-*.rpm)"
    listing="$(rpm -qlp "$rpmfile")"
    check "$rpmfile" "$listing" "${expected[@]}" "${common_completions[@]}" \
        usr/share/zsh/site-functions/_xenpilot
fi
