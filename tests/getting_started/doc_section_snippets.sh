#!/bin/bash
# Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
#
# Usage: doc_section_snippets.sh PAGE HEADING...
# In each section of PAGE that starts at a line "HEADING" (up to the next
# heading of the same level), every ```c, ```cpp or ```python block must
# carry a `<!-- snippet: PATH -->` marker and appear, byte for byte, in PATH
# (a file the build compiles or loads). Paths are relative to the runfiles
# root. Exits non-zero, naming each wrong block, if one is not.
set -u
root="${TEST_SRCDIR}/${TEST_WORKSPACE}"
page="$1"
shift
failures=0
for heading in "$@"; do
perl -e '
  use strict;
  my ($root, $page, $heading) = @ARGV;
  open(my $fh, "<", "$root/$page") or die "cannot read $page\n";
  my ($level) = $heading =~ /^(#+) /;
  my ($on, $marker, $in, $lang, $body, $start, $bad, $checked) = (0, undef, 0, "", "", 0, 0, 0);
  my $n = 0;
  while (my $line = <$fh>) {
    ++$n;
    if (!$in && $line eq "$heading\n") { $on = 1; next; }
    next unless $on;
    last if !$in && $line =~ /^(#+) / && length($1) <= length($level);
    if (!$in && $line =~ /^<!-- snippet: (\S+) -->$/) { $marker = $1; next; }
    if (!$in && $line =~ /^```(\w*)\s*$/) { ($in, $lang, $body, $start) = (1, $1, "", $n); next; }
    if ($in && $line =~ /^```\s*$/) {
      $in = 0;
      if ($lang =~ /^(c|cpp|python)$/) {
        if (!defined $marker) { print "FAIL: $page:$start: a $lang block without a snippet marker\n"; ++$bad; }
        elsif (!open(my $src, "<", "$root/$marker")) { print "FAIL: $page:$start: $marker not found\n"; ++$bad; }
        else {
          local $/; my $text = <$src>;
          if (index($text, $body) < 0) { print "FAIL: $page:$start: the block is not in $marker\n"; ++$bad; }
          else { ++$checked; }
        }
      }
      $marker = undef;
      next;
    }
    if ($in) { $body .= $line; } elsif ($line !~ /^\s*$/) { $marker = undef; }
  }
  if (!$on) { print "FAIL: $page has no line \"$heading\"\n"; exit 1; }
  if ($checked == 0 && $bad == 0) { print "FAIL: $page, \"$heading\": no code block\n"; exit 1; }
  print(($bad ? "FAIL" : "ok") . ": $page, \"$heading\": $checked code block(s) in their files, $bad wrong\n");
  exit($bad ? 1 : 0);
' "${root}" "${page}" "${heading}" || failures=$((failures + 1))
done
exit "${failures}"
