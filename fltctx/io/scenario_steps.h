// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/scenario_steps.h
// -----------------------------------------------------------------------------
//
// The scenario format's parsed form (simulated I/O, internal to the scenario
// library): the verbs, what each takes, and the Step the parser
// (scenario_parser.cc) resolves from a line and the runner (scenario.cc)
// replays on the fltctx::io API. Not for users: they call RunScenario and
// ValidateScenario of fltctx/io/scenario.h.

#ifndef FLTCTX_IO_SCENARIO_STEPS_H_
#define FLTCTX_IO_SCENARIO_STEPS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fltctx/filter_manager.h"
#include "fltctx/io/scenario.h"
#include "fltctx/wdk/fltkernel.h"

namespace fltctx {
namespace io {
namespace scenario_internal {

enum class Verb {
  kAttach,
  kOpen,
  kWrite,
  kRead,
  kRename,
  kDelete,
  kTruncate,
  kQuery,
  kCleanup,
  kClose,
  kReleaseCache,
  kExpectStreamContext,
  kExpectStreamHandleContext,
  kExpectFile,
  kExpectContents,
  kExpectLiveContexts,
  // The file system's features (docs/simulated-io.md, "Scenarios and the
  // file system's features").
  kOpenById,
  kDispose,
  kLink,
  kObjectId,
  kList,
  kTransaction,
  kCommit,
  kRollback,
};

// What a verb takes. `usage` is shown in errors.
struct VerbSpec {
  const char* word;
  Verb verb;
  int min_args;
  int max_args;
  bool takes_status;  // may end with "=> STATUS_..."
  const char* usage;
};

// The context types `expect-live-contexts` names.
inline constexpr struct {
  const char* word;
  fltctx::ContextType type;
} kContextTypes[] = {
    {"volume", fltctx::ContextType::kVolume},
    {"instance", fltctx::ContextType::kInstance},
    {"file", fltctx::ContextType::kFile},
    {"stream", fltctx::ContextType::kStream},
    {"stream-handle", fltctx::ContextType::kStreamHandle},
    {"transaction", fltctx::ContextType::kTransaction},
    {"section", fltctx::ContextType::kSection},
};

inline constexpr struct {
  const char* word;
  ULONG disposition;
} kDispositions[] = {
    {"supersede", FILE_SUPERSEDE}, {"open", FILE_OPEN},
    {"create", FILE_CREATE},       {"open-if", FILE_OPEN_IF},
    {"overwrite", FILE_OVERWRITE}, {"overwrite-if", FILE_OVERWRITE_IF},
};

// The create options `open` and `open-by-id` take as words.
inline constexpr struct {
  const char* word;
  ULONG option;
} kCreateOptions[] = {
    {"directory", FILE_DIRECTORY_FILE},
    {"non-directory", FILE_NON_DIRECTORY_FILE},
    {"delete-on-close", FILE_DELETE_ON_CLOSE},
};

// The FILE_DISPOSITION_INFORMATION_EX flags `dispose` takes as words.
inline constexpr struct {
  const char* word;
  ULONG flag;
} kDispositionFlags[] = {
    {"delete", FILE_DISPOSITION_DELETE},
    {"do-not-delete", FILE_DISPOSITION_DO_NOT_DELETE},
    {"posix", FILE_DISPOSITION_POSIX_SEMANTICS},
    {"on-close", FILE_DISPOSITION_ON_CLOSE},
    {"ignore-readonly", FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE},
    {"force-image-section-check", FILE_DISPOSITION_FORCE_IMAGE_SECTION_CHECK},
};

// The verbs, in the order errors list them.
const std::vector<VerbSpec>& Verbs();

// What `open-by-id` names: a file's ID (of a name, looked up when the step
// runs) or an object ID.
enum class OpenBy { kName, kFileId, kObjectId };

// What `object-id` does.
enum class ObjectIdAction { kCreate, kGet, kSet, kDelete };

// What `query` asks.
enum class QueryKind { kBasic, kStandard, kName, kDeletePending, kLinks };

struct Step {
  int line = 0;
  std::string text;  // the line without its comment, trimmed
  const VerbSpec* spec = nullptr;
  std::vector<std::string> args;
  NTSTATUS expected = STATUS_SUCCESS;
  // Resolved while parsing.
  ULONG disposition = FILE_OPEN_IF;
  ULONG create_options = 0;                       // open, open-by-id
  USHORT file_attributes = FILE_ATTRIBUTE_NORMAL;  // open
  std::optional<ACCESS_MASK> access;               // open: access=<mask>
  std::string transaction;  // open: tx=<name>; transaction, commit, rollback
  OpenBy open_by = OpenBy::kName;
  std::string id_name;      // open-by-id file: the name whose file ID
  std::string object_id;    // open-by-id object, object-id set: 16 bytes
  std::string label;        // open-by-id object, object-id create/get: the label
  ObjectIdAction object_id_action = ObjectIdAction::kCreate;
  ULONG disposition_flags = 0;  // dispose; delete: FILE_DISPOSITION_DELETE or 0
  uint64_t number = 0;     // read length, truncate size, query links
  bool flag = false;       // rename: replace; expect-*: present / exists; query: checked
  std::string filter;      // expect-*-context: the filter whose context
  QueryKind query = QueryKind::kBasic;
  std::vector<std::wstring> names;  // list: the names expected
  // close: a later expect-*-context names the handle, so the runner
  // remembers the contexts its stream and file object carry at the close.
  bool remember = false;
  // expect-*-context: the handle was closed (on `closed_line`); the check is
  // on the contexts remembered then.
  bool after_close = false;
  int closed_line = 0;
  // expect-live-contexts: the type counted, or all types.
  bool typed = false;
  fltctx::ContextType context_type = fltctx::ContextType::kStream;
};

// Parses the whole text (scenario_parser.cc): the steps, or kInvalidArgument
// naming the first bad line.
absl::StatusOr<std::vector<Step>> ParseScenario(absl::string_view text,
                                                const ScenarioOptions& options);

// The verbs' names, comma-separated, for errors.
std::string VerbList();

// 32 hexadecimal digits as the 16 bytes of an object ID, first byte first.
std::optional<std::string> ParseObjectId(absl::string_view hex);

// `text` with every byte that is not printable ASCII written as \xNN.
std::string Printable(absl::string_view text);

// A status name of the table (or 0x...), as `=>` accepts it.
std::optional<NTSTATUS> ParseStatus(absl::string_view text);

std::wstring Widen(absl::string_view s);

}  // namespace scenario_internal
}  // namespace io
}  // namespace fltctx

#endif  // FLTCTX_IO_SCENARIO_STEPS_H_
