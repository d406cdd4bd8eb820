// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/scenario.cc
// -----------------------------------------------------------------------------
//
// The scenario format's runner (simulated I/O): replays the steps the parser
// (scenario_parser.cc) checked on a new fltctx::io::Volume, one fltctx::io
// call (or one WDK lookup, for the expect-* checks) per step, and compares
// each outcome with what the line expects. Single-threaded: one Runner per
// RunScenario call.

#include "fltctx/io/scenario.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "fltctx/io/scenario_steps.h"
#include "fltctx/wdk/simulation.h"
#include "poolsim/stack_trace.h"

namespace fltctx {
namespace io {
namespace {

using scenario_internal::ObjectIdAction;
using scenario_internal::OpenBy;
using scenario_internal::Printable;
using scenario_internal::QueryKind;
using scenario_internal::Step;
using scenario_internal::Verb;
using scenario_internal::Widen;

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

std::string Narrow(const std::wstring& name) {
  std::string narrow;
  for (wchar_t c : name) narrow.push_back(c >= 0x20 && c < 0x7F ? static_cast<char>(c) : '?');
  return narrow;
}

std::string Hex(const UCHAR* bytes, size_t size) {
  std::string out;
  for (size_t i = 0; i < size; ++i) absl::StrAppend(&out, absl::Hex(bytes[i], absl::kZeroPad2));
  return out;
}

class Runner {
 public:
  Runner(FilterManager& manager, const ScenarioOptions& options)
      : manager_(manager), options_(options), volume_(manager, options.volume) {}

  // Handles left open are closed, and transactions left active rolled back
  // (as when their last handle goes without a commit), before the volume.
  ~Runner() {
    handles_.clear();
    for (const auto& [name, tx] : transactions_) {
      if (tx != nullptr) volume_.CompleteTransaction(tx, /*commit=*/false);
    }
  }

  ABSL_ATTRIBUTE_NOINLINE absl::StatusOr<ScenarioResult> Run(const std::vector<Step>& steps) {
    const std::string source = options_.source_name.empty() ? "scenario" : options_.source_name;
    for (const Step& step : steps) {
      ++result_.steps;
      // Stacks captured during the step (a context reference the filter
      // takes) name the step below the filter's frames.
      const poolsim::ScopedStackNote note(source, step.line,
                                          absl::StrCat("scenario step \"", step.text, "\""));
      absl::Status s = RunStep(step);
      if (!s.ok()) return s;
    }
    return result_;
  }

 private:
  absl::Status CheckStatus(const Step& step, NTSTATUS status) {
    result_.trace.push_back(
        absl::StrCat(step.line, ": ", step.text, " -> ", NtStatusName(status)));
    if (status == step.expected) return absl::OkStatus();
    return StepFailure(step, absl::StrCat("returned ", NtStatusName(status), ", expected ",
                                          NtStatusName(step.expected),
                                          NT_SUCCESS(step.expected)
                                              ? absl::StrCat(" (add '=> ", NtStatusName(status),
                                                             "' to expect it)")
                                              : ""));
  }
  absl::Status Ok(const Step& step) {
    result_.trace.push_back(absl::StrCat(step.line, ": ", step.text, " -> ok"));
    return absl::OkStatus();
  }
  // A check after a successful step: its failure, or the step's success.
  absl::Status Then(const Step& step, absl::Status s, bool holds, const std::string& what) {
    if (!s.ok() || !NT_SUCCESS(step.expected) || holds) return s;
    return StepFailure(step, what);
  }

  // Never inlined (nor is Run): a frame inlined into another is symbolized by its short
  // name ("RunStep"), which the report's frame filter cannot tell apart from
  // a driver's function, so it would stay in the stacks above the step.
  ABSL_ATTRIBUTE_NOINLINE absl::Status RunStep(const Step& step);
  ABSL_ATTRIBUTE_NOINLINE absl::Status Open(const Step& step);
  ABSL_ATTRIBUTE_NOINLINE absl::Status Query(const Step& step);
  ABSL_ATTRIBUTE_NOINLINE absl::Status ObjectId(const Step& step);
  ABSL_ATTRIBUTE_NOINLINE absl::Status List(const Step& step);
  ABSL_ATTRIBUTE_NOINLINE absl::Status Close(const Step& step);
  ABSL_ATTRIBUTE_NOINLINE absl::Status ExpectContext(const Step& step);

  FilterManager& manager_;
  const ScenarioOptions& options_;
  ScenarioResult result_;
  Volume volume_;
  std::map<std::string, Handle> handles_;
  std::map<std::string, PFLT_INSTANCE> instances_;
  std::map<RememberedKey, Remembered> remembered_;
  // Active transactions (null once committed or rolled back).
  std::map<std::string, PKTRANSACTION> transactions_;
  // Object IDs by the label a create or get bound.
  std::map<std::string, std::string> object_ids_;
};

absl::Status Runner::RunStep(const Step& step) {
  const std::vector<std::string>& a = step.args;
  switch (step.spec->verb) {
    case Verb::kAttach: {
      PFLT_INSTANCE instance = volume_.Attach(options_.filters.at(a[0]), a[1]);
      if (instance == nullptr) return StepFailure(step, "the instance did not attach");
      instances_[a[0]] = instance;
      return Ok(step);
    }
    case Verb::kOpen:
    case Verb::kOpenById:
      return Open(step);
    case Verb::kWrite:
      return CheckStatus(step, handles_[a[0]].Write(a[1]));
    case Verb::kRead: {
      std::string data;
      absl::Status s = CheckStatus(step, handles_[a[0]].Read(static_cast<ULONG>(step.number), &data));
      if (s.ok() && a.size() == 3 && data != a[2]) {
        s = StepFailure(step, absl::StrCat("read '", data, "', expected '", a[2], "'"));
      }
      return s;
    }
    case Verb::kRename:
      return CheckStatus(step, handles_[a[0]].Rename(Widen(a[1]), step.flag));
    case Verb::kLink:
      return CheckStatus(step, handles_[a[0]].Link(Widen(a[1]), step.flag));
    case Verb::kDelete:
      return CheckStatus(step, handles_[a[0]].SetDeleteOnClose(step.disposition_flags != 0));
    case Verb::kDispose:
      return CheckStatus(step, handles_[a[0]].SetDisposition(step.disposition_flags));
    case Verb::kTruncate:
      return CheckStatus(step, handles_[a[0]].SetEndOfFile(static_cast<LONGLONG>(step.number)));
    case Verb::kQuery:
      return Query(step);
    case Verb::kObjectId:
      return ObjectId(step);
    case Verb::kList:
      return List(step);
    case Verb::kCleanup:
      handles_[a[0]].Cleanup();
      return Ok(step);
    case Verb::kClose:
      return Close(step);
    case Verb::kReleaseCache:
      volume_.ReleaseCache();
      return Ok(step);
    case Verb::kTransaction:
      transactions_[a[0]] = wdk::CreateTransaction(manager_);
      return Ok(step);
    case Verb::kCommit:
    case Verb::kRollback: {
      PKTRANSACTION& tx = transactions_[a[0]];
      volume_.CompleteTransaction(tx, step.spec->verb == Verb::kCommit);
      tx = nullptr;
      return Ok(step);
    }
    case Verb::kExpectStreamContext:
    case Verb::kExpectStreamHandleContext:
      return ExpectContext(step);
    case Verb::kExpectFile: {
      const bool exists = volume_.Exists(Widen(a[0]));
      return exists == step.flag
                 ? Ok(step)
                 : StepFailure(step, exists ? "the file exists" : "the file is missing");
    }
    case Verb::kExpectContents: {
      const std::string expected = a.size() == 2 ? a[1] : std::string();
      const std::string actual = volume_.Contents(Widen(a[0]));
      return actual == expected
                 ? Ok(step)
                 : StepFailure(step, absl::StrCat("the contents are '", actual, "'"));
    }
    case Verb::kExpectLiveContexts: {
      const size_t live = step.typed ? manager_.LiveContextCount(step.context_type)
                                     : manager_.LiveContextCount();
      return live == step.number
                 ? Ok(step)
                 : StepFailure(step, absl::StrCat(live, " ", step.typed ? a[0] + " " : "",
                                                  "context(s) are live (not yet freed)"));
    }
  }
  return absl::OkStatus();
}

absl::Status Runner::Open(const Step& step) {
  const std::vector<std::string>& a = step.args;
  CreateRequest r;
  switch (step.open_by) {
    case OpenBy::kName:
      r.name = Widen(a[1]);
      break;
    case OpenBy::kFileId:
      // The ID the name has now (-1, an unknown ID, if none).
      r = CreateRequest::ByFileId(volume_.FileId(Widen(step.id_name)));
      break;
    case OpenBy::kObjectId: {
      const std::string& id = step.label.empty() ? step.object_id : object_ids_[step.label];
      UCHAR bytes[16] = {};
      std::memcpy(bytes, id.data(), std::min(id.size(), sizeof(bytes)));
      r = CreateRequest::ByObjectId(bytes);
      break;
    }
  }
  r.disposition = step.disposition;
  r.options |= step.create_options;
  r.file_attributes = step.file_attributes;
  // A delete-on-close create asks for DELETE, unless the line gives the access.
  if (step.access) {
    r.desired_access = *step.access;
  } else if ((step.create_options & FILE_DELETE_ON_CLOSE) != 0) {
    r.desired_access |= DELETE;
  }
  if (!step.transaction.empty()) r.transaction = transactions_[step.transaction];
  Handle h = volume_.Create(r);
  absl::Status s = CheckStatus(step, h.status());
  if (s.ok() && h.is_open()) handles_[a[0]] = std::move(h);
  return s;
}

absl::Status Runner::Query(const Step& step) {
  const std::vector<std::string>& a = step.args;
  Handle& h = handles_[a[0]];
  switch (step.query) {
    case QueryKind::kBasic:
      return CheckStatus(step, h.QueryBasic(nullptr));
    case QueryKind::kStandard:
    case QueryKind::kDeletePending:
    case QueryKind::kLinks: {
      FILE_STANDARD_INFORMATION info = {};
      absl::Status s = CheckStatus(step, h.QueryStandard(&info));
      if (!step.flag) return s;
      if (step.query == QueryKind::kStandard) {
        return Then(step, s, static_cast<uint64_t>(info.EndOfFile.QuadPart) == step.number,
                    absl::StrCat("the end of file is ", info.EndOfFile.QuadPart));
      }
      if (step.query == QueryKind::kLinks) {
        return Then(step, s, info.NumberOfLinks == step.number,
                    absl::StrCat("the file has ", info.NumberOfLinks, " link(s)"));
      }
      const bool pending = info.DeletePending != FALSE;
      return Then(step, s, pending == (step.number != 0),
                  pending ? "the file is marked for deletion" : "the file is not marked for deletion");
    }
    case QueryKind::kName: {
      std::wstring name;
      absl::Status s = CheckStatus(step, h.QueryName(&name));
      return Then(step, s, !step.flag || name == Widen(a[2]),
                  absl::StrCat("the name is '", Narrow(name), "'"));
    }
  }
  return absl::OkStatus();
}

absl::Status Runner::ObjectId(const Step& step) {
  Handle& h = handles_[step.args[0]];
  FILE_OBJECTID_BUFFER buffer = {};
  switch (step.object_id_action) {
    case ObjectIdAction::kCreate:
    case ObjectIdAction::kGet: {
      const ULONG code = step.object_id_action == ObjectIdAction::kCreate
                             ? FSCTL_CREATE_OR_GET_OBJECT_ID
                             : FSCTL_GET_OBJECT_ID;
      absl::Status s =
          CheckStatus(step, h.FsControl(code, nullptr, 0, &buffer, sizeof(buffer)));
      if (!s.ok() || !NT_SUCCESS(step.expected)) return s;
      const std::string id(reinterpret_cast<const char*>(buffer.ObjectId), 16);
      // An ID given (as digits, or a label already bound) must be the one
      // returned; a new label is bound to it.
      std::string expected = step.object_id;
      if (!step.label.empty()) {
        auto [it, bound] = object_ids_.emplace(step.label, id);
        if (!bound) expected = it->second;
      }
      return Then(step, s, expected.empty() || expected == id,
                  absl::StrCat("the object ID is ", Hex(buffer.ObjectId, 16)));
    }
    case ObjectIdAction::kSet: {
      const std::string& id = step.label.empty() ? step.object_id : object_ids_[step.label];
      std::memcpy(buffer.ObjectId, id.data(), std::min(id.size(), sizeof(buffer.ObjectId)));
      return CheckStatus(step, h.FsControl(FSCTL_SET_OBJECT_ID, &buffer, sizeof(buffer),
                                           nullptr, 0));
    }
    case ObjectIdAction::kDelete:
      return CheckStatus(step, h.FsControl(FSCTL_DELETE_OBJECT_ID, nullptr, 0, nullptr, 0));
  }
  return absl::OkStatus();
}

absl::Status Runner::List(const Step& step) {
  std::vector<std::wstring> names;
  absl::Status s = CheckStatus(step, handles_[step.args[0]].ListDirectory(&names));
  std::vector<std::string> narrow;
  for (const std::wstring& n : names) narrow.push_back(Narrow(n));
  return Then(step, s, !step.flag || names == step.names,
              absl::StrCat("the directory lists '", absl::StrJoin(narrow, ","), "'"));
}

absl::Status Runner::Close(const Step& step) {
  const std::string& name = step.args[0];
  if (step.remember) {
    for (const auto& [filter, instance] : instances_) {
      for (bool stream_handle : {false, true}) {
        Remembered& r = remembered_[{name, filter, stream_handle}];
        r = Remembered();
        absl::StatusOr<bool> has =
            HasContext(instance, handles_[name].file_object(), stream_handle, &r.context);
        if (!has.ok()) r.error = std::string(has.status().message());
      }
    }
  }
  handles_[name].Close();
  handles_.erase(name);
  return Ok(step);
}

absl::Status Runner::ExpectContext(const Step& step) {
  const std::vector<std::string>& a = step.args;
  const bool stream_handle = step.spec->verb == Verb::kExpectStreamHandleContext;
  const char* kind = stream_handle ? "stream-handle" : "stream";
  if (step.after_close) {
    // The context the handle's stream (or file object) carried at its
    // close is present while it is still attached to it.
    const Remembered& r = remembered_[{a[0], step.filter, stream_handle}];
    if (!r.error.empty()) {
      return StepFailure(step,
                         absl::StrCat("at the close on line ", step.closed_line, ", ", r.error));
    }
    const bool has =
        r.context != nullptr && manager_.Inspect(r.context).state == ContextState::kLinked;
    if (has == step.flag) return Ok(step);
    return StepFailure(step, r.context == nullptr
                                 ? absl::StrCat("'", a[0], "' had no ", kind, " context of '",
                                                step.filter, "' at its close on line ",
                                                step.closed_line)
                                 : absl::StrCat("the ", kind, " context of '", step.filter,
                                                "' that '", a[0], "' had at its close on line ",
                                                step.closed_line, " is ",
                                                has ? "still attached" : "gone"));
  }
  absl::StatusOr<bool> has =
      HasContext(instances_.at(step.filter), handles_[a[0]].file_object(), stream_handle);
  if (!has.ok()) return StepFailure(step, has.status().message());
  if (*has != step.flag) {
    return StepFailure(step, absl::StrCat("the ", kind, " context of '", step.filter, "' is ",
                                          *has ? "present" : "absent"));
  }
  return Ok(step);
}

}  // namespace

absl::Status ValidateScenario(std::string_view text, const ScenarioOptions& options) {
  return scenario_internal::ParseScenario(absl::string_view(text.data(), text.size()), options)
      .status();
}

absl::StatusOr<ScenarioResult> RunScenario(std::string_view text, FilterManager& manager,
                                           const ScenarioOptions& options) {
  absl::StatusOr<std::vector<Step>> steps =
      scenario_internal::ParseScenario(absl::string_view(text.data(), text.size()), options);
  if (!steps.ok()) return steps.status();
  Runner runner(manager, options);
  return runner.Run(*steps);
}

}  // namespace io
}  // namespace fltctx
