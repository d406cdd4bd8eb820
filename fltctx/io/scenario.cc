// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The scenario format: a line parser that checks the whole text (verbs,
// arguments, handle names and their states) before a runner replays it on
// the fltctx::io API.

#include "fltctx/io/scenario.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/match.h"
#include "poolsim/stack_trace.h"

namespace fltctx {
namespace io {
namespace {

struct StatusName {
  NTSTATUS status;
  const char* name;
};

// The statuses the simulated I/O path and its filters commonly return.
constexpr StatusName kStatusNames[] = {
    {STATUS_SUCCESS, "STATUS_SUCCESS"},
    {STATUS_PENDING, "STATUS_PENDING"},
    {STATUS_BUFFER_OVERFLOW, "STATUS_BUFFER_OVERFLOW"},
    {STATUS_UNSUCCESSFUL, "STATUS_UNSUCCESSFUL"},
    {STATUS_NOT_IMPLEMENTED, "STATUS_NOT_IMPLEMENTED"},
    {STATUS_INVALID_INFO_CLASS, "STATUS_INVALID_INFO_CLASS"},
    {STATUS_INFO_LENGTH_MISMATCH, "STATUS_INFO_LENGTH_MISMATCH"},
    {STATUS_INVALID_HANDLE, "STATUS_INVALID_HANDLE"},
    {STATUS_INVALID_PARAMETER, "STATUS_INVALID_PARAMETER"},
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
    {STATUS_INSUFFICIENT_RESOURCES, "STATUS_INSUFFICIENT_RESOURCES"},
    {STATUS_NOT_SUPPORTED, "STATUS_NOT_SUPPORTED"},
    {STATUS_CANCELLED, "STATUS_CANCELLED"},
    {STATUS_FILE_CLOSED, "STATUS_FILE_CLOSED"},
    {STATUS_NOT_FOUND, "STATUS_NOT_FOUND"},
    {STATUS_FLT_DELETING_OBJECT, "STATUS_FLT_DELETING_OBJECT"},
    {STATUS_FLT_CONTEXT_ALREADY_DEFINED, "STATUS_FLT_CONTEXT_ALREADY_DEFINED"},
    {STATUS_FLT_CONTEXT_ALREADY_LINKED, "STATUS_FLT_CONTEXT_ALREADY_LINKED"},
};

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

constexpr VerbSpec kVerbs[] = {
    {"attach", Verb::kAttach, 2, 2, false, "attach <filter> <altitude>"},
    {"open", Verb::kOpen, 2, 3, true,
     "open <handle> <\\name> [open|create|open-if|overwrite|overwrite-if|supersede]"},
    {"write", Verb::kWrite, 2, 2, true, "write <handle> <data>"},
    {"read", Verb::kRead, 2, 3, true, "read <handle> <length> [<expected data>]"},
    {"rename", Verb::kRename, 2, 3, true, "rename <handle> <\\new name> [replace]"},
    {"delete", Verb::kDelete, 1, 1, true, "delete <handle>"},
    {"truncate", Verb::kTruncate, 2, 2, true, "truncate <handle> <size>"},
    {"query", Verb::kQuery, 2, 3, true,
     "query <handle> basic|standard|name [<expected end of file or name>]"},
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
};

// The context types `expect-live-contexts` names.
constexpr struct {
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

constexpr struct {
  const char* word;
  ULONG disposition;
} kDispositions[] = {
    {"supersede", FILE_SUPERSEDE}, {"open", FILE_OPEN},
    {"create", FILE_CREATE},       {"open-if", FILE_OPEN_IF},
    {"overwrite", FILE_OVERWRITE}, {"overwrite-if", FILE_OVERWRITE_IF},
};

struct Step {
  int line = 0;
  std::string text;  // the line without its comment, trimmed
  const VerbSpec* spec = nullptr;
  std::vector<std::string> args;
  NTSTATUS expected = STATUS_SUCCESS;
  // Resolved while parsing.
  ULONG disposition = FILE_OPEN_IF;
  uint64_t number = 0;     // read length, truncate size
  bool flag = false;       // rename: replace; expect-*: present / exists
  std::string filter;      // expect-*-context: the filter whose context
  FILE_INFORMATION_CLASS query_class = FileBasicInformation;  // query
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

// Returns `text` with every byte that is not printable ASCII written as
// \xNN, so a message shows what the text holds (a byte-order mark, a
// control character) instead of invisible bytes.
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

constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string VerbList() {
  std::vector<std::string> words;
  for (const VerbSpec& v : kVerbs) words.push_back(v.word);
  return absl::StrJoin(words, ", ");
}

absl::Status LineError(int line, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", Printable(message)));
}

bool IsAscii(absl::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::wstring Widen(absl::string_view s) { return std::wstring(s.begin(), s.end()); }

// A handle name's state while parsing.
struct HandleState {
  enum Phase { kOpen, kCleanedUp, kClosed } phase = kOpen;
  int line = 0;  // where it reached `phase`
  size_t step = 0;  // the index of the step that reached it
};

class Parser {
 public:
  explicit Parser(const ScenarioOptions& options) : options_(options) {}

  absl::StatusOr<std::vector<Step>> Parse(absl::string_view text) {
    std::vector<Step> steps;
    int line_number = 0;
    // A file saved with a UTF-8 byte-order mark: the mark is not text.
    if (absl::StartsWith(text, kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
    if (absl::StartsWith(text, "\xFF\xFE") || absl::StartsWith(text, "\xFE\xFF")) {
      return LineError(1, "the text starts with a UTF-16 byte-order mark; save the scenario as "
                          "UTF-8 or ASCII");
    }
    for (absl::string_view raw : absl::StrSplit(text, '\n')) {
      ++line_number;
      if (absl::StrContains(raw, kUtf8Bom)) {
        return LineError(line_number, "a UTF-8 byte-order mark (bytes EF BB BF) inside the text; "
                                      "only the start of a file may carry one");
      }
      absl::string_view line = StripComment(raw);
      line = absl::StripAsciiWhitespace(line);
      if (line.empty()) continue;
      Step step;
      step.line = line_number;
      step.text = std::string(line);
      next_step_ = steps.size();
      absl::Status s = ParseLine(line, &step);
      if (!s.ok()) return s;
      steps.push_back(std::move(step));
    }
    for (size_t index : remember_) steps[index].remember = true;
    return steps;
  }

 private:
  // `#` starts a comment at the start of a line or after white space.
  static absl::string_view StripComment(absl::string_view line) {
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '#' && (i == 0 || absl::ascii_isspace(static_cast<unsigned char>(line[i - 1])))) {
        return line.substr(0, i);
      }
    }
    return line;
  }

  absl::Status ParseLine(absl::string_view line, Step* step) {
    const int n = step->line;
    std::vector<std::string> tokens = absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
    for (const std::string& t : tokens) {
      if (!IsAscii(t)) return LineError(n, absl::StrCat("'", t, "' is not ASCII"));
    }
    const std::string& word = tokens[0];
    for (const VerbSpec& v : kVerbs) {
      if (word == v.word) step->spec = &v;
    }
    if (step->spec == nullptr) {
      return LineError(n, absl::StrCat("unknown verb '", word, "'; expected one of: ", VerbList()));
    }
    const VerbSpec& spec = *step->spec;
    std::vector<std::string> args(tokens.begin() + 1, tokens.end());
    // An expected status: "=> STATUS_NAME" at the end.
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i] != "=>") continue;
      if (!spec.takes_status) {
        return LineError(n, absl::StrCat("'", spec.word, "' takes no expected status; usage: ",
                                         spec.usage));
      }
      if (i + 2 != args.size()) {
        return LineError(n, absl::StrCat("expected one status name after '=>' at the end of the "
                                         "line (e.g. '=> STATUS_OBJECT_NAME_COLLISION')"));
      }
      std::optional<NTSTATUS> status = ParseStatus(args[i + 1]);
      if (!status) {
        return LineError(n, absl::StrCat("unknown status '", args[i + 1],
                                         "'; expected a name such as STATUS_ACCESS_DENIED or a "
                                         "value such as 0xC0000022"));
      }
      step->expected = *status;
      args.resize(i);
      break;
    }
    if (static_cast<int>(args.size()) < spec.min_args) {
      return LineError(n, absl::StrCat("'", spec.word, "' is missing arguments; usage: ",
                                       spec.usage));
    }
    if (static_cast<int>(args.size()) > spec.max_args) {
      return LineError(n, absl::StrCat("'", spec.word, "' has too many arguments ('",
                                       args[spec.max_args], "' and after); usage: ", spec.usage));
    }
    step->args = args;
    switch (spec.verb) {
      case Verb::kAttach: {
        if (options_.filters.count(args[0]) == 0) {
          std::vector<std::string> known;
          for (const auto& f : options_.filters) known.push_back(f.first);
          return LineError(n, absl::StrCat("unknown filter '", args[0], "'; the runner knows: ",
                                           known.empty() ? "(none)" : absl::StrJoin(known, ", ")));
        }
        double altitude = 0;
        if (!absl::SimpleAtod(args[1], &altitude) || altitude < 0 ||
            args[1].find_first_not_of("0123456789.") != std::string::npos) {
          return LineError(n, absl::StrCat("expected an altitude such as 370030 or 385100.5, got '",
                                           args[1], "'"));
        }
        if (attached_.count(args[0]) != 0) {
          return LineError(n, absl::StrCat("filter '", args[0], "' is already attached (line ",
                                           attached_[args[0]], ")"));
        }
        attached_[args[0]] = n;
        if (first_filter_.empty()) first_filter_ = args[0];
        return absl::OkStatus();
      }
      case Verb::kOpen: {
        auto it = handles_.find(args[0]);
        if (it != handles_.end() && it->second.phase != HandleState::kClosed) {
          return LineError(n, absl::StrCat("handle '", args[0], "' is already open (line ",
                                           it->second.line, "); close it first"));
        }
        if (args.size() == 3) {
          bool found = false;
          for (const auto& d : kDispositions) {
            if (args[2] == d.word) {
              step->disposition = d.disposition;
              found = true;
            }
          }
          if (!found) {
            return LineError(n, absl::StrCat("unknown disposition '", args[2],
                                             "'; expected open, create, open-if, overwrite, "
                                             "overwrite-if or supersede"));
          }
        }
        if (NT_SUCCESS(step->expected)) handles_[args[0]] = {HandleState::kOpen, n};
        return absl::OkStatus();
      }
      case Verb::kWrite:
      case Verb::kDelete:
        return RequireHandle(n, args[0], /*allow_cleaned_up=*/false);
      case Verb::kRead:
      case Verb::kTruncate: {
        absl::Status s = RequireHandle(n, args[0], false);
        if (!s.ok()) return s;
        // A read is at most 1 MiB; an end of file fits FILE_END_OF_FILE_INFORMATION's
        // signed 64-bit EndOfFile (a size beyond the volume fails when run).
        const uint64_t limit = spec.verb == Verb::kRead
                                   ? uint64_t{1} << 20
                                   : static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
        const bool parsed = absl::SimpleAtoi(args[1], &step->number);
        if (!parsed || step->number > limit) {
          const bool say_limit = spec.verb == Verb::kRead || parsed;
          return LineError(n, absl::StrCat("expected a byte count",
                                           say_limit ? absl::StrCat(" up to ", limit) : "",
                                           ", got '", args[1], "'"));
        }
        return absl::OkStatus();
      }
      case Verb::kQuery: {
        absl::Status s = RequireHandle(n, args[0], false);
        if (!s.ok()) return s;
        if (args[1] == "basic") {
          step->query_class = FileBasicInformation;
        } else if (args[1] == "standard") {
          step->query_class = FileStandardInformation;
        } else if (args[1] == "name") {
          step->query_class = FileNameInformation;
        } else {
          return LineError(n, absl::StrCat("unknown information class '", args[1],
                                           "'; expected basic, standard or name"));
        }
        if (args.size() == 3) {
          if (step->query_class == FileBasicInformation) {
            return LineError(n, "'query <handle> basic' takes no expected value");
          }
          if (step->query_class == FileStandardInformation) {
            if (!absl::SimpleAtoi(args[2], &step->number)) {
              return LineError(n, absl::StrCat("expected an end of file (a byte count), got '",
                                               args[2], "'"));
            }
            step->flag = true;
          } else if (args[2].empty() || args[2][0] != '\\') {
            return LineError(n, absl::StrCat("expected a name starting with '\\', got '",
                                             args[2], "'"));
          } else {
            step->flag = true;
          }
        }
        return absl::OkStatus();
      }
      case Verb::kRename: {
        absl::Status s = RequireHandle(n, args[0], false);
        if (!s.ok()) return s;
        if (args.size() == 3) {
          if (args[2] != "replace") {
            return LineError(n, absl::StrCat("expected 'replace' or nothing after the new name, got '",
                                             args[2], "'"));
          }
          step->flag = true;
        }
        return absl::OkStatus();
      }
      case Verb::kCleanup: {
        absl::Status s = RequireHandle(n, args[0], false);
        if (!s.ok()) return s;
        handles_[args[0]] = {HandleState::kCleanedUp, n};
        return absl::OkStatus();
      }
      case Verb::kClose: {
        absl::Status s = RequireHandle(n, args[0], true);
        if (!s.ok()) return s;
        handles_[args[0]] = {HandleState::kClosed, n, next_step_};
        return absl::OkStatus();
      }
      case Verb::kReleaseCache:
        return absl::OkStatus();
      case Verb::kExpectStreamContext:
      case Verb::kExpectStreamHandleContext: {
        // After `close h`, the check is on the contexts h's stream and file
        // object carried at the close (remembered by the runner then).
        auto closed = handles_.find(args[0]);
        if (closed != handles_.end() && closed->second.phase == HandleState::kClosed) {
          step->after_close = true;
          step->closed_line = closed->second.line;
          remember_.push_back(closed->second.step);
        } else {
          absl::Status s = RequireHandle(n, args[0], true);
          if (!s.ok()) return s;
        }
        if (args[1] != "present" && args[1] != "absent") {
          return LineError(n, absl::StrCat("expected 'present' or 'absent', got '", args[1], "'"));
        }
        step->flag = args[1] == "present";
        if (args.size() == 3) {
          if (attached_.count(args[2]) == 0) {
            return LineError(n, absl::StrCat("filter '", args[2],
                                             "' is not attached; attach it first with 'attach ",
                                             args[2], " <altitude>'"));
          }
          step->filter = args[2];
        } else if (first_filter_.empty()) {
          return LineError(n, "no filter is attached; attach one first with "
                              "'attach <filter> <altitude>'");
        } else {
          step->filter = first_filter_;
        }
        return absl::OkStatus();
      }
      case Verb::kExpectFile:
        if (args[1] != "exists" && args[1] != "missing") {
          return LineError(n, absl::StrCat("expected 'exists' or 'missing', got '", args[1], "'"));
        }
        step->flag = args[1] == "exists";
        return absl::OkStatus();
      case Verb::kExpectContents:
        return absl::OkStatus();
      case Verb::kExpectLiveContexts: {
        if (args.size() == 2) {
          bool found = false;
          for (const auto& t : kContextTypes) {
            if (args[0] == t.word) {
              step->context_type = t.type;
              found = true;
            }
          }
          if (!found) {
            return LineError(n, absl::StrCat("unknown context type '", args[0],
                                             "'; expected volume, instance, file, stream, "
                                             "stream-handle, transaction or section"));
          }
          step->typed = true;
        }
        if (!absl::SimpleAtoi(args.back(), &step->number)) {
          return LineError(n, absl::StrCat("expected a count of contexts, got '", args.back(),
                                           "'"));
        }
        return absl::OkStatus();
      }
    }
    return absl::OkStatus();
  }

  absl::Status RequireHandle(int n, const std::string& name, bool allow_cleaned_up) {
    auto it = handles_.find(name);
    if (it == handles_.end()) {
      return LineError(n, absl::StrCat("unknown handle '", name, "'; open it first with 'open ",
                                       name, " <\\name>'"));
    }
    if (it->second.phase == HandleState::kClosed) {
      return LineError(n, absl::StrCat("handle '", name, "' is used after its close on line ",
                                       it->second.line));
    }
    if (it->second.phase == HandleState::kCleanedUp && !allow_cleaned_up) {
      return LineError(n, absl::StrCat("handle '", name, "' is used after its cleanup on line ",
                                       it->second.line, "; only close and expect-* may follow"));
    }
    return absl::OkStatus();
  }

  const ScenarioOptions& options_;
  size_t next_step_ = 0;           // the index the line being parsed gets
  std::vector<size_t> remember_;   // close steps whose contexts are checked later
  std::map<std::string, HandleState> handles_;
  std::map<std::string, int> attached_;
  std::string first_filter_;
};

absl::Status StepFailure(const Step& step, absl::string_view what) {
  return absl::FailedPreconditionError(
      absl::StrCat("line ", step.line, ": ", Printable(step.text), ": ", Printable(what)));
}

// Whether `fo` carries `filter`'s context of `type` (looked up through its
// instance, as the filter would).
absl::StatusOr<bool> HasContext(PFLT_INSTANCE instance, PFILE_OBJECT fo, bool stream_handle,
                                PFLT_CONTEXT* found = nullptr) {
  PFLT_CONTEXT context = nullptr;
  NTSTATUS status = stream_handle ? FltGetStreamHandleContext(instance, fo, &context)
                                  : FltGetStreamContext(instance, fo, &context);
  if (NT_SUCCESS(status)) {
    if (found != nullptr) *found = context;
    FltReleaseContext(context);
    return true;
  }
  if (status == STATUS_NOT_FOUND) return false;
  return absl::FailedPreconditionError(
      absl::StrCat("the context lookup returned ", NtStatusName(status)));
}

// What a closed handle's stream and file object carried at the close, per
// filter: the context (null if none), or why the lookup failed.
struct Remembered {
  PFLT_CONTEXT context = nullptr;
  std::string error;
};
// (handle, filter, stream-handle?)
using RememberedKey = std::tuple<std::string, std::string, bool>;

}  // namespace

std::string NtStatusName(NTSTATUS status) {
  for (const StatusName& s : kStatusNames) {
    if (s.status == status) return s.name;
  }
  return absl::StrFormat("0x%08X", static_cast<uint32_t>(status));
}

absl::Status ValidateScenario(std::string_view text, const ScenarioOptions& options) {
  Parser parser(options);
  return parser.Parse(absl::string_view(text.data(), text.size())).status();
}

absl::StatusOr<ScenarioResult> RunScenario(std::string_view text, FilterManager& manager,
                                           const ScenarioOptions& options) {
  Parser parser(options);
  absl::StatusOr<std::vector<Step>> steps =
      parser.Parse(absl::string_view(text.data(), text.size()));
  if (!steps.ok()) return steps.status();

  ScenarioResult result;
  Volume volume(manager, options.volume);
  std::map<std::string, Handle> handles;
  std::map<std::string, PFLT_INSTANCE> instances;
  std::map<RememberedKey, Remembered> remembered;

  auto check_status = [&](const Step& step, NTSTATUS status) -> absl::Status {
    result.trace.push_back(absl::StrCat(step.line, ": ", step.text, " -> ", NtStatusName(status)));
    if (status == step.expected) return absl::OkStatus();
    return StepFailure(step, absl::StrCat("returned ", NtStatusName(status), ", expected ",
                                          NtStatusName(step.expected),
                                          NT_SUCCESS(step.expected)
                                              ? absl::StrCat(" (add '=> ", NtStatusName(status),
                                                             "' to expect it)")
                                              : ""));
  };
  auto ok = [&](const Step& step) {
    result.trace.push_back(absl::StrCat(step.line, ": ", step.text, " -> ok"));
    return absl::OkStatus();
  };

  const std::string source = options.source_name.empty() ? "scenario" : options.source_name;
  for (const Step& step : *steps) {
    ++result.steps;
    // Stacks captured during the step (a context reference the filter
    // takes) name the step below the filter's frames.
    const poolsim::ScopedStackNote note(source, step.line,
                                        absl::StrCat("scenario step \"", step.text, "\""));
    const std::vector<std::string>& a = step.args;
    absl::Status s;
    switch (step.spec->verb) {
      case Verb::kAttach: {
        PFLT_INSTANCE instance = volume.Attach(options.filters.at(a[0]), a[1]);
        if (instance == nullptr) {
          s = StepFailure(step, "the instance did not attach");
        } else {
          instances[a[0]] = instance;
          s = ok(step);
        }
        break;
      }
      case Verb::kOpen: {
        Handle h = volume.Create(Widen(a[1]), step.disposition);
        s = check_status(step, h.status());
        if (s.ok() && h.is_open()) handles[a[0]] = std::move(h);
        break;
      }
      case Verb::kWrite:
        s = check_status(step, handles[a[0]].Write(a[1]));
        break;
      case Verb::kRead: {
        std::string data;
        s = check_status(step, handles[a[0]].Read(static_cast<ULONG>(step.number), &data));
        if (s.ok() && a.size() == 3 && data != a[2]) {
          s = StepFailure(step, absl::StrCat("read '", data, "', expected '", a[2], "'"));
        }
        break;
      }
      case Verb::kRename:
        s = check_status(step, handles[a[0]].Rename(Widen(a[1]), step.flag));
        break;
      case Verb::kDelete:
        s = check_status(step, handles[a[0]].SetDeleteOnClose(true));
        break;
      case Verb::kTruncate:
        s = check_status(step, handles[a[0]].SetEndOfFile(static_cast<LONGLONG>(step.number)));
        break;
      case Verb::kQuery: {
        Handle& h = handles[a[0]];
        if (step.query_class == FileBasicInformation) {
          s = check_status(step, h.QueryBasic(nullptr));
        } else if (step.query_class == FileStandardInformation) {
          FILE_STANDARD_INFORMATION info = {};
          s = check_status(step, h.QueryStandard(&info));
          if (s.ok() && step.flag && NT_SUCCESS(step.expected) &&
              static_cast<uint64_t>(info.EndOfFile.QuadPart) != step.number) {
            s = StepFailure(step, absl::StrCat("the end of file is ", info.EndOfFile.QuadPart));
          }
        } else {
          std::wstring name;
          s = check_status(step, h.QueryName(&name));
          if (s.ok() && step.flag && NT_SUCCESS(step.expected) && name != Widen(a[2])) {
            std::string narrow;
            for (wchar_t c : name) narrow.push_back(c < 0x80 ? static_cast<char>(c) : '?');
            s = StepFailure(step, absl::StrCat("the name is '", narrow, "'"));
          }
        }
        break;
      }
      case Verb::kCleanup:
        handles[a[0]].Cleanup();
        s = ok(step);
        break;
      case Verb::kClose:
        if (step.remember) {
          for (const auto& [name, instance] : instances) {
            for (bool stream_handle : {false, true}) {
              Remembered& r = remembered[{a[0], name, stream_handle}];
              r = Remembered();
              absl::StatusOr<bool> has =
                  HasContext(instance, handles[a[0]].file_object(), stream_handle, &r.context);
              if (!has.ok()) r.error = std::string(has.status().message());
            }
          }
        }
        handles[a[0]].Close();
        handles.erase(a[0]);
        s = ok(step);
        break;
      case Verb::kReleaseCache:
        volume.ReleaseCache();
        s = ok(step);
        break;
      case Verb::kExpectStreamContext:
      case Verb::kExpectStreamHandleContext: {
        const bool stream_handle = step.spec->verb == Verb::kExpectStreamHandleContext;
        const char* kind = stream_handle ? "stream-handle" : "stream";
        if (step.after_close) {
          // The context the handle's stream (or file object) carried at its
          // close is present while it is still attached to it.
          const Remembered& r = remembered[{a[0], step.filter, stream_handle}];
          if (!r.error.empty()) {
            s = StepFailure(step, absl::StrCat("at the close on line ", step.closed_line, ", ",
                                               r.error));
            break;
          }
          const bool has = r.context != nullptr &&
                           manager.Inspect(r.context).state == ContextState::kLinked;
          if (has != step.flag) {
            s = StepFailure(step,
                            r.context == nullptr
                                ? absl::StrCat("'", a[0], "' had no ", kind, " context of '",
                                               step.filter, "' at its close on line ",
                                               step.closed_line)
                                : absl::StrCat("the ", kind, " context of '", step.filter,
                                               "' that '", a[0], "' had at its close on line ",
                                               step.closed_line, " is ",
                                               has ? "still attached" : "gone"));
          } else {
            s = ok(step);
          }
          break;
        }
        absl::StatusOr<bool> has = HasContext(instances.at(step.filter),
                                              handles[a[0]].file_object(), stream_handle);
        if (!has.ok()) {
          s = StepFailure(step, has.status().message());
        } else if (*has != step.flag) {
          s = StepFailure(step, absl::StrCat("the ", kind, " context of '", step.filter, "' is ",
                                             *has ? "present" : "absent"));
        } else {
          s = ok(step);
        }
        break;
      }
      case Verb::kExpectFile: {
        const bool exists = volume.Exists(Widen(a[0]));
        s = exists == step.flag ? ok(step)
                                : StepFailure(step, exists ? "the file exists" : "the file is missing");
        break;
      }
      case Verb::kExpectContents: {
        const std::string expected = a.size() == 2 ? a[1] : std::string();
        const std::string actual = volume.Contents(Widen(a[0]));
        s = actual == expected ? ok(step)
                               : StepFailure(step, absl::StrCat("the contents are '", actual, "'"));
        break;
      }
      case Verb::kExpectLiveContexts: {
        const size_t live = step.typed ? manager.LiveContextCount(step.context_type)
                                       : manager.LiveContextCount();
        s = live == step.number
                ? ok(step)
                : StepFailure(step, absl::StrCat(live, " ", step.typed ? a[0] + " " : "",
                                                 "context(s) are live (not yet freed)"));
        break;
      }
    }
    if (!s.ok()) return s;
  }
  return result;
}

}  // namespace io
}  // namespace fltctx
