#!/usr/bin/env bash
# Validates the hand-written OpenAPI document of the web API with openapi-spec-validator (installed from PyPI
# when missing). Usage: scripts/check-openapi.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
command -v openapi-spec-validator >/dev/null || pip install -q openapi-spec-validator
tmp="$(mktemp --suffix=.json)"
trap 'rm -f "$tmp"' EXIT
# The document is the raw string between #""" and """# in OpenAPIDocument.swift.
awk '/#"""/{on=1; next} /^[[:space:]]*"""#/{on=0} on' "$root/Sources/MandatServer/OpenAPIDocument.swift" > "$tmp"
openapi-spec-validator "$tmp"
