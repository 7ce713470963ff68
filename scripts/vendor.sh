#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry (versions in package.json).
# The application serves these copies; no page loads anything from the internet.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
vendor=src/maillage/web/static/vendor
for spec in $(node -e 'const d=require("./package.json").dependencies;for(const k in d)console.log(k+"@"+d[k])'); do
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
done
for tgz in "$work"/*.tgz; do mkdir -p "${tgz%.tgz}" && tar xzf "$tgz" -C "${tgz%.tgz}"; done
pkg() { echo "$work"/"$1"-*/package; }
mkdir -p "$vendor"/{leaflet/images,htmx,swagger-ui,axe-core}
cp "$(pkg leaflet)"/dist/leaflet.{js,css} "$(pkg leaflet)"/LICENSE "$vendor/leaflet/"
cp "$(pkg leaflet)"/dist/images/* "$vendor/leaflet/images/"
cp "$(pkg htmx.org)"/dist/htmx.min.js "$(pkg htmx.org)"/LICENSE "$vendor/htmx/"
cp "$(pkg swagger-ui-dist)"/{swagger-ui-bundle.js,swagger-ui.css,LICENSE,NOTICE,swagger-ui-bundle.js.LICENSE.txt} "$vendor/swagger-ui/"
# Accessibility rules the browser tests inject into every main page (no page loads it).
cp "$(pkg axe-core)"/{axe.min.js,LICENSE,LICENSE-3RD-PARTY.txt} "$vendor/axe-core/"
echo "vendored into $vendor"
