// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/names.cc
// -----------------------------------------------------------------------------
//
// Names in the simulated file system (test side, internal to fltctx/io).

#include "fltctx/io/internal/names.h"

#include <cwctype>

namespace fltctx {
namespace io {
namespace io_internal {

std::wstring Key(const std::wstring& name) {
  std::wstring k = name;
  for (wchar_t& c : k) c = static_cast<wchar_t>(std::towlower(static_cast<wint_t>(c)));
  return k;
}

std::string Narrow(const std::wstring& name) {
  std::string out;
  out.reserve(name.size());
  for (wchar_t c : name) out.push_back(c < 0x80 ? static_cast<char>(c) : '?');
  return out;
}

bool SplitStreamName(const std::wstring& full, std::wstring* file, std::wstring* stream) {
  const size_t colon = full.find(L':');
  if (colon == std::wstring::npos) {
    *file = full;
    stream->clear();
    return true;
  }
  *file = full.substr(0, colon);
  std::wstring rest = full.substr(colon + 1);
  const size_t type = rest.find(L':');
  if (type != std::wstring::npos) {
    if (Key(rest.substr(type + 1)) != L"$data") return false;
    rest.resize(type);
  }
  if (rest.find(L'\\') != std::wstring::npos) return false;
  *stream = rest;
  return true;
}

std::wstring NameOf(PFILE_OBJECT fo) {
  return std::wstring(fo->FileName.Buffer, fo->FileName.Length / sizeof(WCHAR));
}

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx
