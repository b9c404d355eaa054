#!/bin/sh
# Refresh the dashboard's vendored JavaScript from the npm registry (run by hand,
# never at install or run time). The page loads only files the package ships.
#
#   sh scripts/vendor-web.sh            # the pinned version below
#   CYTOSCAPE_VERSION=3.34.4 sh scripts/vendor-web.sh
#
# It writes src/pactwatch/web/static/vendor/: cytoscape.esm.min.js (the
# package's dist/cytoscape.esm.min.mjs, renamed so every server sends it as
# JavaScript), its LICENSE, and VERSIONS.txt with the version and sha256.
set -eu
VERSION="${CYTOSCAPE_VERSION:-3.34.4}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$HERE/src/pactwatch/web/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "cytoscape@$VERSION" >/dev/null && tar xzf "cytoscape-$VERSION.tgz")
mkdir -p "$OUT"
cp "$WORK/package/dist/cytoscape.esm.min.mjs" "$OUT/cytoscape.esm.min.js"
cp "$WORK/package/LICENSE" "$OUT/cytoscape.LICENSE"
SUM="$(sha256sum "$OUT/cytoscape.esm.min.js" | cut -d' ' -f1)"
cat > "$OUT/VERSIONS.txt" <<NOTE
cytoscape $VERSION (MIT, see cytoscape.LICENSE), from the npm registry
  dist/cytoscape.esm.min.mjs -> cytoscape.esm.min.js  sha256 $SUM
Refresh: sh scripts/vendor-web.sh (or make vendor-web); CYTOSCAPE_VERSION=X.Y.Z to change it.
NOTE
echo "vendored cytoscape $VERSION into $OUT"
