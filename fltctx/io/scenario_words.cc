// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/scenario_words.cc
// -----------------------------------------------------------------------------
//
// The scenario format's vocabulary (simulated I/O): the verbs and their
// usage, the status names `=>` accepts and NtStatusName prints, and the
// spelling helpers the parser and the runner share. Constant tables only:
// thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "fltctx/io/scenario_steps.h"

namespace fltctx {
namespace io {
namespace scenario_internal {
namespace {

const VerbSpec kVerbs[] = {
    {"attach", Verb::kAttach, 2, 2, false, "attach <filter> <altitude>"},
    {"open", Verb::kOpen, 2, 9, true,
     "open <handle> <\\name> [open|create|open-if|overwrite|overwrite-if|supersede] "
     "[directory|non-directory|delete-on-close|readonly|access=<mask>|tx=<transaction> ...]"},
    {"write", Verb::kWrite, 2, 2, true, "write <handle> <data>"},
    {"read", Verb::kRead, 2, 3, true, "read <handle> <length> [<expected data>]"},
    {"rename", Verb::kRename, 2, 3, true, "rename <handle> <\\new name> [replace]"},
    {"delete", Verb::kDelete, 1, 2, true, "delete <handle> [cancel]"},
    {"truncate", Verb::kTruncate, 2, 2, true, "truncate <handle> <size>"},
    {"query", Verb::kQuery, 2, 3, true,
     "query <handle> basic|standard|name|delete-pending|links [<expected end of file, name, "
     "yes|no or count>]"},
    {"cleanup", Verb::kCleanup, 1, 1, false, "cleanup <handle>"},
    {"close", Verb::kClose, 1, 1, false, "close <handle>"},
    {"release-cache", Verb::kReleaseCache, 0, 0, false, "release-cache"},
    {"expect-stream-context", Verb::kExpectStreamContext, 2, 3, false,
     "expect-stream-context <handle> present|absent [<filter>]"},
    {"expect-stream-handle-context", Verb::kExpectStreamHandleContext, 2, 3, false,
     "expect-stream-handle-context <handle> present|absent [<filter>]"},
    {"expect-file", Verb::kExpectFile, 2, 2, false, "expect-file <\\name> exists|missing"},
    {"expect-contents", Verb::kExpectContents, 1, 2, false,
     "expect-contents <\\name> [<data>]"},
    {"expect-live-contexts", Verb::kExpectLiveContexts, 1, 2, false,
     "expect-live-contexts [volume|instance|file|stream|stream-handle|transaction|section] "
     "<count>"},
    {"open-by-id", Verb::kOpenById, 3, 9, true,
     "open-by-id <handle> file <\\name>|object <label or 32 hex digits> [open|open-if|...] "
     "[directory|non-directory|delete-on-close|access=<mask>|tx=<transaction> ...]"},
    {"dispose", Verb::kDispose, 2, 7, true,
     "dispose <handle> delete|do-not-delete|posix|on-close|ignore-readonly|"
     "force-image-section-check|<0xflags> ..."},
    {"link", Verb::kLink, 2, 3, true, "link <handle> <\\link name> [replace]"},
    {"object-id", Verb::kObjectId, 2, 3, true,
     "object-id <handle> create [<label>]|get [<label>]|set <label or 32 hex digits>|delete"},
    {"list", Verb::kList, 1, 2, true, "list <directory handle> [<name>,<name>,...]"},
    {"transaction", Verb::kTransaction, 1, 1, false, "transaction <name>"},
    {"commit", Verb::kCommit, 1, 1, false, "commit <transaction>"},
    {"rollback", Verb::kRollback, 1, 1, false, "rollback <transaction>"},
};

struct StatusName {
  NTSTATUS status;
  const char* name;
};

#ifndef STATUS_DUPLICATE_NAME
#define STATUS_DUPLICATE_NAME ((NTSTATUS)0xC00000BDL)
#endif

// The statuses the simulated I/O path and its filters commonly return.
constexpr StatusName kStatusNames[] = {
    {STATUS_SUCCESS, "STATUS_SUCCESS"},
    {STATUS_PENDING, "STATUS_PENDING"},
    {STATUS_REPARSE, "STATUS_REPARSE"},
    {STATUS_BUFFER_OVERFLOW, "STATUS_BUFFER_OVERFLOW"},
    {STATUS_NO_MORE_FILES, "STATUS_NO_MORE_FILES"},
    {STATUS_UNSUCCESSFUL, "STATUS_UNSUCCESSFUL"},
    {STATUS_NOT_IMPLEMENTED, "STATUS_NOT_IMPLEMENTED"},
    {STATUS_INVALID_INFO_CLASS, "STATUS_INVALID_INFO_CLASS"},
    {STATUS_INFO_LENGTH_MISMATCH, "STATUS_INFO_LENGTH_MISMATCH"},
    {STATUS_INVALID_HANDLE, "STATUS_INVALID_HANDLE"},
    {STATUS_INVALID_PARAMETER, "STATUS_INVALID_PARAMETER"},
    {STATUS_NO_SUCH_FILE, "STATUS_NO_SUCH_FILE"},
    {STATUS_INVALID_DEVICE_REQUEST, "STATUS_INVALID_DEVICE_REQUEST"},
    {STATUS_END_OF_FILE, "STATUS_END_OF_FILE"},
    {STATUS_NO_MEMORY, "STATUS_NO_MEMORY"},
    {STATUS_ACCESS_DENIED, "STATUS_ACCESS_DENIED"},
    {STATUS_OBJECT_NAME_INVALID, "STATUS_OBJECT_NAME_INVALID"},
    {STATUS_OBJECT_NAME_NOT_FOUND, "STATUS_OBJECT_NAME_NOT_FOUND"},
    {STATUS_OBJECT_NAME_COLLISION, "STATUS_OBJECT_NAME_COLLISION"},
    {STATUS_OBJECT_PATH_NOT_FOUND, "STATUS_OBJECT_PATH_NOT_FOUND"},
    {STATUS_SHARING_VIOLATION, "STATUS_SHARING_VIOLATION"},
    {STATUS_DELETE_PENDING, "STATUS_DELETE_PENDING"},
    {STATUS_DISK_FULL, "STATUS_DISK_FULL"},
    {STATUS_INSUFFICIENT_RESOURCES, "STATUS_INSUFFICIENT_RESOURCES"},
    {STATUS_FILE_IS_A_DIRECTORY, "STATUS_FILE_IS_A_DIRECTORY"},
    {STATUS_NOT_SUPPORTED, "STATUS_NOT_SUPPORTED"},
    {STATUS_DUPLICATE_NAME, "STATUS_DUPLICATE_NAME"},
    {STATUS_DIRECTORY_NOT_EMPTY, "STATUS_DIRECTORY_NOT_EMPTY"},
    {STATUS_NOT_A_DIRECTORY, "STATUS_NOT_A_DIRECTORY"},
    {STATUS_CANCELLED, "STATUS_CANCELLED"},
    {STATUS_CANNOT_DELETE, "STATUS_CANNOT_DELETE"},
    {STATUS_FILE_DELETED, "STATUS_FILE_DELETED"},
    {STATUS_FILE_CLOSED, "STATUS_FILE_CLOSED"},
    {STATUS_OBJECTID_NOT_FOUND, "STATUS_OBJECTID_NOT_FOUND"},
    {STATUS_NOT_FOUND, "STATUS_NOT_FOUND"},
    {STATUS_FLT_DELETING_OBJECT, "STATUS_FLT_DELETING_OBJECT"},
    {STATUS_FLT_CONTEXT_ALREADY_DEFINED, "STATUS_FLT_CONTEXT_ALREADY_DEFINED"},
    {STATUS_FLT_CONTEXT_ALREADY_LINKED, "STATUS_FLT_CONTEXT_ALREADY_LINKED"},
};

}  // namespace

std::string VerbList() {
  std::vector<std::string> words;
  for (const VerbSpec& v : kVerbs) words.push_back(v.word);
  return absl::StrJoin(words, ", ");
}


std::optional<std::string> ParseObjectId(absl::string_view hex) {
  if (hex.size() != 32) return std::nullopt;
  std::string bytes;
  for (size_t i = 0; i < 32; i += 2) {
    uint32_t byte = 0;
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(hex[i])) ||
        !absl::ascii_isxdigit(static_cast<unsigned char>(hex[i + 1])) ||
        !absl::SimpleHexAtoi(hex.substr(i, 2), &byte)) {
      return std::nullopt;
    }
    bytes.push_back(static_cast<char>(byte));
  }
  return bytes;
}

const std::vector<VerbSpec>& Verbs() {
  static const std::vector<VerbSpec>* const verbs =
      new std::vector<VerbSpec>(std::begin(kVerbs), std::end(kVerbs));
  return *verbs;
}

std::string Printable(absl::string_view text) {
  std::string out;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7F) {
      absl::StrAppendFormat(&out, "\\x%02X", u);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<NTSTATUS> ParseStatus(absl::string_view text) {
  for (const StatusName& s : kStatusNames) {
    if (text == s.name) return s.status;
  }
  uint32_t value = 0;
  if (absl::StartsWithIgnoreCase(text, "0x") && absl::SimpleHexAtoi(text.substr(2), &value)) {
    return static_cast<NTSTATUS>(value);
  }
  return std::nullopt;
}

std::wstring Widen(absl::string_view s) { return std::wstring(s.begin(), s.end()); }

}  // namespace scenario_internal

std::string NtStatusName(NTSTATUS status) {
  for (const scenario_internal::StatusName& s : scenario_internal::kStatusNames) {
    if (s.status == status) return s.name;
  }
  return absl::StrFormat("0x%08X", static_cast<uint32_t>(status));
}

}  // namespace io
}  // namespace fltctx
