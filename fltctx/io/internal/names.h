// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/names.h
// -----------------------------------------------------------------------------
//
// Names in the simulated file system (test side, internal to fltctx/io):
// case-insensitive keys, stream names, the name a FILE_OBJECT carries.

#ifndef FLTCTX_IO_INTERNAL_NAMES_H_
#define FLTCTX_IO_INTERNAL_NAMES_H_

#include <string>

#include "fltctx/wdk/fltkernel.h"

namespace fltctx {
namespace io {
namespace io_internal {

// The case-insensitive key of a name (lower case).
std::wstring Key(const std::wstring& name);

// `name` with every character above 0x7F replaced by '?'.
std::string Narrow(const std::wstring& name);

// Splits an open name into the file's name and the stream's: "\\a.txt:ads"
// (or "\\a.txt:ads:$DATA") names the stream "ads" of "\\a.txt"; "\\a.txt" and
// "\\a.txt::$DATA" its unnamed stream (stream name empty). Returns false if
// the name is malformed (a stream type other than $DATA, a '\\' in the
// stream name).
bool SplitStreamName(const std::wstring& full, std::wstring* file, std::wstring* stream);

// The FileName of `fo`.
std::wstring NameOf(PFILE_OBJECT fo);

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx

#endif  // FLTCTX_IO_INTERNAL_NAMES_H_
