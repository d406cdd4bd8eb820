// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/file_names.cc
// -----------------------------------------------------------------------------
//
// File-name parsing (core layer).

#include "fltctx/file_names.h"

#include <cwctype>

namespace fltctx {
namespace {

NameRange Range(size_t begin, size_t end) {
  NameRange r;
  r.offset = begin;
  r.length = end > begin ? end - begin : 0;
  r.present = true;
  return r;
}

// Fills final component, stream and extension for the component that
// starts at `begin` and runs to the end of `name`.
void ParseFinal(std::wstring_view name, size_t begin, NameParts* parts) {
  const size_t end = name.size();
  if (begin >= end) return;  // no final component ("\\" alone)
  parts->final_component = Range(begin, end);
  const size_t colon = name.find(L':', begin);
  const size_t base_end = colon == std::wstring_view::npos ? end : colon;
  if (colon != std::wstring_view::npos) parts->stream = Range(colon, end);
  const size_t dot = name.rfind(L'.', base_end == 0 ? 0 : base_end - 1);
  if (dot != std::wstring_view::npos && dot >= begin && dot < base_end) {
    parts->extension = Range(dot + 1, base_end);
  }
}

bool Allowed83(wchar_t c) {
  if (c >= 0x80) return false;
  if (std::iswalnum(static_cast<wint_t>(c))) return true;
  switch (c) {
    case L'!': case L'#': case L'$': case L'%': case L'&': case L'\'': case L'(':
    case L')': case L'-': case L'@': case L'^': case L'_': case L'`': case L'{':
    case L'}': case L'~':
      return true;
    default:
      return false;
  }
}

std::wstring Upper(std::wstring_view s) {
  std::wstring out(s);
  for (wchar_t& c : out) c = static_cast<wchar_t>(std::towupper(static_cast<wint_t>(c)));
  return out;
}

}  // namespace

NameParts ParseFileName(std::wstring_view name, size_t volume_chars, bool network,
                        NameFormat format) {
  NameParts parts;
  if (format == NameFormat::kShort) {
    ParseFinal(name, 0, &parts);
    parts.stream = NameRange();  // a short name has no stream
    return parts;
  }
  if (volume_chars > name.size()) volume_chars = name.size();
  parts.volume = Range(0, volume_chars);
  size_t path = volume_chars;
  if (network) {
    // "\\server\\share": the two components after the volume.
    size_t p = path;
    for (int i = 0; i < 2 && p < name.size(); ++i) {
      const size_t next = name.find(L'\\', p + 1);
      p = next == std::wstring_view::npos ? name.size() : next;
    }
    parts.share = Range(path, p);
    path = p;
  }
  if (path >= name.size()) return parts;  // the volume (or share) itself
  const size_t last = name.rfind(L'\\');
  if (last == std::wstring_view::npos || last < path) {
    ParseFinal(name, path, &parts);
    return parts;
  }
  // The parent directory without its trailing backslash, as Microsoft's
  // examples show; a file in the root has "\\".
  parts.parent_dir = last == path ? Range(path, path + 1) : Range(path, last);
  ParseFinal(name, last + 1, &parts);
  return parts;
}

std::wstring ShortNameOf(std::wstring_view long_name) {
  const size_t dot = long_name.rfind(L'.');
  std::wstring_view base = dot == std::wstring_view::npos ? long_name : long_name.substr(0, dot);
  std::wstring_view ext =
      dot == std::wstring_view::npos ? std::wstring_view() : long_name.substr(dot + 1);
  bool valid = !base.empty() && base.size() <= 8 && ext.size() <= 3;
  for (wchar_t c : base) valid = valid && Allowed83(c);
  for (wchar_t c : ext) valid = valid && Allowed83(c);
  if (valid) return Upper(long_name);
  std::wstring b;
  for (wchar_t c : base) {
    if (b.size() == 6) break;
    if (Allowed83(c)) b.push_back(c);
  }
  std::wstring e;
  for (wchar_t c : ext) {
    if (e.size() == 3) break;
    if (Allowed83(c)) e.push_back(c);
  }
  std::wstring out = Upper(b) + L"~1";
  if (!e.empty()) out += L"." + Upper(e);
  return out;
}

}  // namespace fltctx
