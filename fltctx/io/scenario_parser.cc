// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/scenario_parser.cc
// -----------------------------------------------------------------------------
//
// The scenario format's parser (simulated I/O): checks the whole text (verbs,
// arguments, handle names and their states, transactions, object-ID labels)
// before anything runs, and resolves each line into a Step for the runner in
// scenario.cc. Single-threaded: one Parser per text.

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "fltctx/io/scenario_steps.h"

namespace fltctx {
namespace io {
namespace scenario_internal {
namespace {

constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

absl::Status LineError(int line, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", Printable(message)));
}

bool IsAscii(absl::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// A handle name's state while parsing.
struct HandleState {
  enum Phase { kOpen, kCleanedUp, kClosed } phase = kOpen;
  int line = 0;  // where it reached `phase`
  size_t step = 0;  // the index of the step that reached it
};

// A transaction name's state while parsing.
struct TransactionState {
  int line = 0;              // where it began, or completed
  const char* completed = nullptr;  // "commit" or "rollback" once completed
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
    for (const VerbSpec& v : Verbs()) {
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
      case Verb::kOpen:
        return ParseOpen(n, args, 2, step);
      case Verb::kOpenById: {
        if (args[1] == "file") {
          if (args[2].empty() || args[2][0] != '\\') {
            return LineError(n, absl::StrCat("expected a name starting with '\\' after 'file', "
                                             "got '", args[2], "'"));
          }
          step->open_by = OpenBy::kFileId;
          step->id_name = args[2];
        } else if (args[1] == "object") {
          step->open_by = OpenBy::kObjectId;
          absl::Status s = ResolveObjectId(n, args[2], step);
          if (!s.ok()) return s;
        } else {
          return LineError(n, absl::StrCat("expected 'file' or 'object' after the handle, got '",
                                           args[1], "'"));
        }
        step->disposition = FILE_OPEN;
        return ParseOpen(n, args, 3, step);
      }
      case Verb::kWrite:
        return RequireHandle(n, args[0], /*allow_cleaned_up=*/false);
      case Verb::kDelete: {
        absl::Status s = RequireHandle(n, args[0], false);
        if (!s.ok()) return s;
        step->disposition_flags = FILE_DISPOSITION_DELETE;
        if (args.size() == 2) {
          if (args[1] != "cancel") {
            return LineError(n, absl::StrCat("expected 'cancel' or nothing after the handle, got '",
                                             args[1], "'"));
          }
          step->disposition_flags = 0;
        }
        return absl::OkStatus();
      }
      case Verb::kDispose:
        return ParseDispose(n, args, step);
      case Verb::kLink:
        return ParseRenameOrLink(n, args, step);
      case Verb::kObjectId:
        return ParseObjectIdStep(n, args, step);
      case Verb::kList: {
        absl::Status s = RequireHandle(n, args[0], false);
        if (!s.ok()) return s;
        if (args.size() == 2) {
          step->flag = true;
          for (absl::string_view name : absl::StrSplit(args[1], ',')) {
            if (name.empty()) {
              return LineError(n, absl::StrCat("expected names separated by single commas, got '",
                                               args[1], "'"));
            }
            step->names.push_back(Widen(name));
          }
        }
        return absl::OkStatus();
      }
      case Verb::kTransaction:
      case Verb::kCommit:
      case Verb::kRollback:
        return ParseTransactionStep(n, spec, args, step);
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
      case Verb::kQuery:
        return ParseQuery(n, args, step);
      case Verb::kRename:
        return ParseRenameOrLink(n, args, step);
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

  // `open` and `open-by-id`: the handle is free; from args[first] an
  // optional disposition, then create options.
  absl::Status ParseOpen(int n, const std::vector<std::string>& args, size_t first, Step* step) {
    auto it = handles_.find(args[0]);
    if (it != handles_.end() && it->second.phase != HandleState::kClosed) {
      return LineError(n, absl::StrCat("handle '", args[0], "' is already open (line ",
                                       it->second.line, "); close it first"));
    }
    for (size_t i = first; i < args.size(); ++i) {
      const std::string& a = args[i];
      bool found = false;
      if (i == first) {
        for (const auto& d : kDispositions) {
          if (a == d.word) {
            step->disposition = d.disposition;
            found = true;
          }
        }
      }
      for (const auto& o : kCreateOptions) {
        if (a == o.word) {
          step->create_options |= o.option;
          found = true;
        }
      }
      if (a == "readonly" && step->spec->verb == Verb::kOpen) {
        step->file_attributes = FILE_ATTRIBUTE_READONLY;
        found = true;
      } else if (absl::StartsWith(a, "access=")) {
        uint32_t mask = 0;
        const absl::string_view hex = absl::string_view(a).substr(7);
        if (!absl::StartsWithIgnoreCase(hex, "0x") || !absl::SimpleHexAtoi(hex.substr(2), &mask)) {
          return LineError(n, absl::StrCat("expected an access mask such as access=0x00130197, "
                                           "got '", a, "'"));
        }
        step->access = mask;
        found = true;
      } else if (absl::StartsWith(a, "tx=")) {
        step->transaction = a.substr(3);
        absl::Status s = RequireTransaction(n, step->transaction);
        if (!s.ok()) return s;
        found = true;
      }
      if (found) continue;
      if (i == first && step->spec->verb == Verb::kOpen) {
        return LineError(n, absl::StrCat("unknown disposition '", a,
                                         "'; expected open, create, open-if, overwrite, "
                                         "overwrite-if or supersede"));
      }
      return LineError(n, absl::StrCat("unknown create option '", a, "'; expected ",
                                       i == first ? "a disposition, " : "",
                                       "directory, non-directory, delete-on-close, ",
                                       step->spec->verb == Verb::kOpen ? "readonly, " : "",
                                       "access=<mask> or tx=<transaction>"));
    }
    if (NT_SUCCESS(step->expected)) handles_[args[0]] = {HandleState::kOpen, n};
    return absl::OkStatus();
  }

  // An object ID given as 32 hexadecimal digits, or a label an earlier
  // `object-id ... create|get <label>` bound.
  absl::Status ResolveObjectId(int n, const std::string& text, Step* step) {
    if (std::optional<std::string> bytes = ParseObjectId(text)) {
      step->object_id = *bytes;
      return absl::OkStatus();
    }
    if (labels_.count(text) == 0) {
      return LineError(n, absl::StrCat("unknown object ID '", text,
                                       "'; give 32 hex digits or a label bound first with "
                                       "'object-id <handle> create ", text, "'"));
    }
    step->label = text;
    return absl::OkStatus();
  }

  absl::Status ParseRenameOrLink(int n, const std::vector<std::string>& args, Step* step) {
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

  absl::Status ParseDispose(int n, const std::vector<std::string>& args, Step* step) {
    absl::Status s = RequireHandle(n, args[0], false);
    if (!s.ok()) return s;
    for (size_t i = 1; i < args.size(); ++i) {
      bool found = false;
      for (const auto& f : kDispositionFlags) {
        if (args[i] == f.word) {
          step->disposition_flags |= f.flag;
          found = true;
        }
      }
      uint32_t value = 0;
      if (!found && absl::StartsWithIgnoreCase(args[i], "0x") &&
          absl::SimpleHexAtoi(absl::string_view(args[i]).substr(2), &value)) {
        step->disposition_flags |= value;
        found = true;
      }
      if (!found) {
        return LineError(n, absl::StrCat("unknown disposition flag '", args[i],
                                         "'; expected delete, do-not-delete, posix, on-close, "
                                         "ignore-readonly, force-image-section-check or a value "
                                         "such as 0x3"));
      }
    }
    return absl::OkStatus();
  }

  absl::Status ParseObjectIdStep(int n, const std::vector<std::string>& args, Step* step) {
    absl::Status s = RequireHandle(n, args[0], false);
    if (!s.ok()) return s;
    const std::string& action = args[1];
    if (action == "create" || action == "get") {
      step->object_id_action = action == "create" ? ObjectIdAction::kCreate : ObjectIdAction::kGet;
      if (args.size() == 3) {
        if (ParseObjectId(args[2])) {
          step->object_id = *ParseObjectId(args[2]);
        } else {
          step->label = args[2];
          // A later line may name the ID by its label once this one succeeds.
          if (NT_SUCCESS(step->expected)) labels_.insert(args[2]);
        }
      }
      return absl::OkStatus();
    }
    if (action == "set") {
      step->object_id_action = ObjectIdAction::kSet;
      if (args.size() != 3) {
        return LineError(n, absl::StrCat("'object-id <handle> set' needs the ID; usage: ",
                                         step->spec->usage));
      }
      return ResolveObjectId(n, args[2], step);
    }
    if (action == "delete") {
      step->object_id_action = ObjectIdAction::kDelete;
      if (args.size() == 3) {
        return LineError(n, absl::StrCat("'object-id <handle> delete' takes nothing more; usage: ",
                                         step->spec->usage));
      }
      return absl::OkStatus();
    }
    return LineError(n, absl::StrCat("unknown object-ID action '", action,
                                     "'; expected create, get, set or delete"));
  }

  absl::Status ParseQuery(int n, const std::vector<std::string>& args, Step* step) {
    absl::Status s = RequireHandle(n, args[0], false);
    if (!s.ok()) return s;
    constexpr struct {
      const char* word;
      QueryKind kind;
    } kKinds[] = {{"basic", QueryKind::kBasic},
                  {"standard", QueryKind::kStandard},
                  {"name", QueryKind::kName},
                  {"delete-pending", QueryKind::kDeletePending},
                  {"links", QueryKind::kLinks}};
    bool found = false;
    for (const auto& k : kKinds) {
      if (args[1] == k.word) {
        step->query = k.kind;
        found = true;
      }
    }
    if (!found) {
      return LineError(n, absl::StrCat("unknown information class '", args[1],
                                       "'; expected basic, standard, name, delete-pending or "
                                       "links"));
    }
    if (args.size() < 3) {
      if (step->query == QueryKind::kDeletePending || step->query == QueryKind::kLinks) {
        return LineError(n, absl::StrCat("'query <handle> ", args[1], "' needs the value ",
                                         "expected (", step->query == QueryKind::kLinks
                                                           ? "a count of links"
                                                           : "yes or no",
                                         ")"));
      }
      return absl::OkStatus();
    }
    step->flag = true;
    switch (step->query) {
      case QueryKind::kBasic:
        return LineError(n, "'query <handle> basic' takes no expected value");
      case QueryKind::kStandard:
      case QueryKind::kLinks:
        if (!absl::SimpleAtoi(args[2], &step->number)) {
          return LineError(n, absl::StrCat(step->query == QueryKind::kLinks
                                               ? "expected a count of links"
                                               : "expected an end of file (a byte count)",
                                           ", got '", args[2], "'"));
        }
        return absl::OkStatus();
      case QueryKind::kDeletePending:
        if (args[2] != "yes" && args[2] != "no") {
          return LineError(n, absl::StrCat("expected 'yes' or 'no', got '", args[2], "'"));
        }
        step->number = args[2] == "yes" ? 1 : 0;
        return absl::OkStatus();
      case QueryKind::kName:
        if (args[2].empty() || args[2][0] != '\\') {
          return LineError(n, absl::StrCat("expected a name starting with '\\', got '", args[2],
                                           "'"));
        }
        return absl::OkStatus();
    }
    return absl::OkStatus();
  }

  absl::Status ParseTransactionStep(int n, const VerbSpec& spec,
                                    const std::vector<std::string>& args, Step* step) {
    step->transaction = args[0];
    if (spec.verb == Verb::kTransaction) {
      auto it = transactions_.find(args[0]);
      if (it != transactions_.end() && it->second.completed == nullptr) {
        return LineError(n, absl::StrCat("transaction '", args[0], "' is already begun (line ",
                                         it->second.line, "); commit or roll it back first"));
      }
      transactions_[args[0]] = {n, nullptr};
      return absl::OkStatus();
    }
    absl::Status s = RequireTransaction(n, args[0]);
    if (!s.ok()) return s;
    transactions_[args[0]] = {n, spec.verb == Verb::kCommit ? "commit" : "rollback"};
    return absl::OkStatus();
  }

  absl::Status RequireTransaction(int n, const std::string& name) {
    auto it = transactions_.find(name);
    if (it == transactions_.end()) {
      return LineError(n, absl::StrCat("unknown transaction '", name,
                                       "'; begin it first with 'transaction ", name, "'"));
    }
    if (it->second.completed != nullptr) {
      return LineError(n, absl::StrCat("transaction '", name, "' is used after its ",
                                       it->second.completed, " on line ", it->second.line));
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
  std::map<std::string, TransactionState> transactions_;
  std::set<std::string> labels_;   // object-ID labels bound so far
  std::string first_filter_;
};

}  // namespace

absl::StatusOr<std::vector<Step>> ParseScenario(absl::string_view text,
                                                const ScenarioOptions& options) {
  Parser parser(options);
  return parser.Parse(text);
}

}  // namespace scenario_internal

}  // namespace io
}  // namespace fltctx
