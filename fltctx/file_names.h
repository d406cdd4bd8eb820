// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/file_names.h
// -----------------------------------------------------------------------------
//
// File-name parsing (core layer, pure functions): how the filter manager
// splits a file name into its volume, share, parent directory, final
// component, extension and stream (FltParseFileNameInformation,
// docs/file-names.md), and the simulated 8.3 short name. No WDK types: the
// result is character ranges into the name.

#ifndef FLTCTX_FILE_NAMES_H_
#define FLTCTX_FILE_NAMES_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace fltctx {

// The three name formats (FLT_FILE_NAME_NORMALIZED 1, _OPENED 2, _SHORT 3).
enum class NameFormat { kNormalized = 1, kOpened = 2, kShort = 3 };

// NameRange
//
// A part of a name: `length` characters from `offset`. Empty (length 0) when
// the part is absent; `present` says whether it was found at all (an empty
// extension after a trailing dot is present with length 0).
struct NameRange {
  size_t offset = 0;
  size_t length = 0;
  bool present = false;
};

// NameParts
//
// The parts of one name, as FltParseFileNameInformation fills them.
struct NameParts {
  NameRange volume;           // "\\Device\\HarddiskVolume1"
  NameRange share;            // "\\server\\share" (network volumes only)
  NameRange parent_dir;       // "\\dir\\sub" ("\\" for a file in the root)
  NameRange final_component;  // "a.txt:ads" (includes the stream)
  NameRange extension;        // "txt" (of the final component, without the stream)
  NameRange stream;           // ":ads" or ":ads:$DATA" (with the leading ':')
};

// ParseFileName()
//
// Splits `name`. For kNormalized and kOpened, the first `volume_chars`
// characters are the volume (the device name); on a network volume
// (`network`) the two components after it are the share. For kShort the
// whole name is the final component (no volume, share, parent or stream).
// Pure; thread-safe.
NameParts ParseFileName(std::wstring_view name, size_t volume_chars, bool network,
                        NameFormat format);

// ShortNameOf()
//
// The simulated 8.3 name of `long_name` (a final component without a
// stream): the name itself, upper-cased, if it is already a valid 8.3 name;
// otherwise the first six allowed characters of the base upper-cased, "~1",
// and the first three of the extension ("Long File.text" -> "LONGFI~1.TEX").
// Deviation: the suffix is always ~1 (no collision numbering).
std::wstring ShortNameOf(std::wstring_view long_name);

}  // namespace fltctx

#endif  // FLTCTX_FILE_NAMES_H_
