#!/usr/bin/env bash
# Regenerates the bundled plotly.js (toolkit/src/main/resources/seqlab/plot/) from the npm registry.
#
# Usage: toolkit/plotly/update-plotly.sh [VERSION]      (default: the version pinned below)
#
# Why 2.x: tablesaw-jsplot 0.44 writes titles as plain strings (`title: 'Loss'`) and the old `titlefont`
# attribute; plotly.js 3 dropped both, so a 3.x/4.x bundle draws jsplot charts without their titles.
# Stay on the last 2.x release until jsplot writes `title: {text: ...}`.
set -euo pipefail

version="${1:-2.35.3}"
here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/../src/main/resources/seqlab/plot"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v npm >/dev/null || { echo "npm is required (Debian: apt-get install npm)" >&2; exit 1; }

(cd "$work" && npm pack --silent "plotly.js-dist-min@$version" >/dev/null)
tar -xzf "$work"/plotly.js-dist-min-*.tgz -C "$work" package/plotly.min.js package/LICENSE package/package.json

resolved="$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$work/package/package.json" | head -1)"
cp "$work/package/plotly.min.js" "$dest/plotly.min.js"
cp "$work/package/LICENSE" "$dest/LICENSE"
sha="$(sha256sum "$dest/plotly.min.js" | cut -d' ' -f1)"
cat > "$dest/SOURCE.md" <<MD
# plotly.js (bundled)

- package: \`plotly.js-dist-min\` on the npm registry
- version: $resolved
- file: \`plotly.min.js\` from the package, unchanged
- sha256: $sha
- license: MIT (\`LICENSE\` next to this file, copied from the package)
- regenerate: \`toolkit/plotly/update-plotly.sh [VERSION]\`

Bundled so charts render offline: seqlab never loads plotly.js from a CDN.
MD
echo "plotly.js $resolved -> $dest"
