#!/usr/bin/env bash
# Checks that every fenced code block of docs/ksalloc.md is preceded by a
# "<!-- snippet: path -->" comment and appears verbatim in that file (a
# source that is compiled and tested), so the page shows only code that
# builds.
set -uo pipefail

page="$1"
python3 - "$page" <<'PY'
import re, sys
page = open(sys.argv[1]).read()
blocks = re.findall(r'<!-- snippet: (\S+) -->\n```[a-z]*\n(.*?)```', page, re.S)
fences = len(re.findall(r'^```[a-z]+$', page, re.M))
if fences == 0:
    sys.exit("FAIL: no code block in the page")
if len(blocks) != fences:
    sys.exit("FAIL: %d code blocks, %d with a snippet comment" % (fences, len(blocks)))
for path, code in blocks:
    try:
        source = open(path).read()
    except OSError as e:
        sys.exit("FAIL: %s: %s" % (path, e))
    if code not in source:
        sys.exit("FAIL: a block is not in %s:\n%s" % (path, code))
print("PASS: %d blocks" % len(blocks))
PY
