#!/usr/bin/env bash
# Copies Sources/MyCandidateAPI/openapi.json into OpenAPIDocument.swift, which serves it.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../Sources/MyCandidateAPI" && pwd)"
{
  echo '// Kept identical to openapi.json by a test (OpenAPIDocumentTests); after editing the'
  echo '// document, run `scripts/embed-openapi.sh`.'
  echo
  echo '/// The API'"'"'s contract, served at `/api/openapi.json`. Compiled in so the binary stays the whole'
  echo '/// deployable; the generator reads the same text from `openapi.json`.'
  echo 'enum OpenAPIDocument {'
  echo '    static let json = #"""'
  cat "$dir/openapi.json"
  echo
  echo '"""#'
  echo '}'
} > "$dir/OpenAPIDocument.swift"
