#!/usr/bin/env bash
# Regenerates Sources/MandatReports/Desk/DefaultLetterTemplates.swift from templates/letters/*.mustache.
# SwiftPM resources must live inside a target, so the bundled letters are compiled in; a test
# (bundledTemplatesAreTheFilesInTemplatesLetters) fails when the two disagree.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/Sources/MandatReports/Desk/DefaultLetterTemplates.swift"
{
    echo '// Generated from templates/letters/*.mustache by scripts/gen-letter-templates.sh (a test checks they stay'
    echo '// equal): the bundled letter templates. SwiftPM resources must live inside a target, so the defaults are'
    echo '// compiled in; `--templates DIR` overrides them.'
    echo
    echo '/// The bundled letter templates, by file name (`reminder.md.mustache`, `reminder.en.md.mustache`, …).'
    echo 'enum DefaultLetterTemplates {'
    echo '    static let files: [String: String] = ['
    for f in $(cd "$root/templates/letters" && ls *.mustache | LC_ALL=C sort); do
        grep -q '"""#' "$root/templates/letters/$f" && { echo "$f contains \"\"\"#" >&2; exit 1; }
        printf '        "%s": #"""\n' "$f"
        cat "$root/templates/letters/$f"
        printf '\n"""#,\n'
    done
    echo '    ]'
    echo '}'
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out"
