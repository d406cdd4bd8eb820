// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Simulated I/O through minifilters written against the WDK names: callback
// order by altitude, every pre-operation result, the parameters callbacks
// read, context lifetimes driven by IRP_MJ_CLEANUP / IRP_MJ_CLOSE, contexts
// refused in pre-create and post-close, post-operations at DISPATCH_LEVEL,
// and several threads on one volume.

#include "fltctx/io/io.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "fltctx/filter_manager.h"
#include "fltctx/wdk/fltkernel.h"
#include "fltctx/wdk/simulation.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/bugcheck.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The WDK's x64 layouts.
static_assert(sizeof(FLT_PARAMETERS) == 48, "FLT_PARAMETERS size");
static_assert(offsetof(FLT_PARAMETERS, Create.FileAttributes) == 16, "FileAttributes");
static_assert(offsetof(FLT_PARAMETERS, Create.EaLength) == 24, "EaLength");
static_assert(offsetof(FLT_PARAMETERS, Create.AllocationSize) == 40, "AllocationSize");
static_assert(offsetof(FLT_PARAMETERS, Read.Key) == 8, "Read.Key");
static_assert(offsetof(FLT_PARAMETERS, Read.ByteOffset) == 16, "Read.ByteOffset");
static_assert(offsetof(FLT_PARAMETERS, Write.WriteBuffer) == 24, "Write.WriteBuffer");
static_assert(offsetof(FLT_PARAMETERS, SetFileInformation.FileInformationClass) == 8, "class");
static_assert(offsetof(FLT_PARAMETERS, SetFileInformation.ParentOfTarget) == 16, "parent");
static_assert(offsetof(FLT_PARAMETERS, SetFileInformation.ReplaceIfExists) == 24, "replace");
static_assert(offsetof(FLT_PARAMETERS, SetFileInformation.InfoBuffer) == 32, "InfoBuffer");
static_assert(offsetof(FLT_IO_PARAMETER_BLOCK, MajorFunction) == 4, "MajorFunction");
static_assert(offsetof(FLT_IO_PARAMETER_BLOCK, TargetFileObject) == 8, "TargetFileObject");
static_assert(offsetof(FLT_IO_PARAMETER_BLOCK, Parameters) == 24, "Parameters");
static_assert(sizeof(FLT_IO_PARAMETER_BLOCK) == 72, "FLT_IO_PARAMETER_BLOCK size");
static_assert(offsetof(FLT_CALLBACK_DATA, Iopb) == 16, "Iopb");
static_assert(offsetof(FLT_CALLBACK_DATA, IoStatus) == 24, "IoStatus");
static_assert(offsetof(FLT_CALLBACK_DATA, TagData) == 40, "TagData");
static_assert(offsetof(FLT_CALLBACK_DATA, RequestorMode) == 80, "RequestorMode");
static_assert(sizeof(FLT_CALLBACK_DATA) == 88, "FLT_CALLBACK_DATA size");
static_assert(sizeof(IO_STATUS_BLOCK) == 16, "IO_STATUS_BLOCK size");
static_assert(offsetof(FLT_PARAMETERS, QueryFileInformation.FileInformationClass) == 8, "qclass");
static_assert(offsetof(FLT_PARAMETERS, QueryFileInformation.InfoBuffer) == 16, "qbuffer");
static_assert(sizeof(FILE_BASIC_INFORMATION) == 40, "FILE_BASIC_INFORMATION size");
static_assert(offsetof(FILE_BASIC_INFORMATION, FileAttributes) == 32, "FileAttributes");
static_assert(sizeof(FILE_STANDARD_INFORMATION) == 24, "FILE_STANDARD_INFORMATION size");
static_assert(offsetof(FILE_STANDARD_INFORMATION, NumberOfLinks) == 16, "NumberOfLinks");
static_assert(offsetof(FILE_STANDARD_INFORMATION, DeletePending) == 20, "DeletePending");
static_assert(offsetof(FILE_STANDARD_INFORMATION, Directory) == 21, "Directory");
static_assert(sizeof(FILE_NAME_INFORMATION) == 8, "FILE_NAME_INFORMATION size");
static_assert(offsetof(FILE_NAME_INFORMATION, FileName) == 4, "FileName");
static_assert(FileBasicInformation == 4 && FileStandardInformation == 5 &&
                  FileNameInformation == 9,
              "FILE_INFORMATION_CLASS values");

constexpr ULONG kTag = 'tsTI';

// --- A configurable minifilter ------------------------------------------------

using PreFn = std::function<FLT_PREOP_CALLBACK_STATUS(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS,
                                                      PVOID*)>;
using PostFn = std::function<void(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID)>;

struct Log {
  std::mutex mu;
  std::vector<std::string> lines;
  void Add(std::string s) {
    std::lock_guard<std::mutex> l(mu);
    lines.push_back(std::move(s));
  }
  std::vector<std::string> Take() {
    std::lock_guard<std::mutex> l(mu);
    std::vector<std::string> out;
    out.swap(lines);
    return out;
  }
};

const char* MajorName(UCHAR major) {
  switch (major) {
    case IRP_MJ_CREATE: return "create";
    case IRP_MJ_READ: return "read";
    case IRP_MJ_WRITE: return "write";
    case IRP_MJ_SET_INFORMATION: return "setinfo";
    case IRP_MJ_QUERY_INFORMATION: return "queryinfo";
    case IRP_MJ_CLEANUP: return "cleanup";
    case IRP_MJ_CLOSE: return "close";
    default: return "?";
  }
}

const char* TypeName(FLT_CONTEXT_TYPE type) {
  switch (type) {
    case FLT_STREAM_CONTEXT: return "stream";
    case FLT_STREAMHANDLE_CONTEXT: return "handle";
    case FLT_FILE_CONTEXT: return "file";
    default: return "other";
  }
}

// Filter N: logs "<name> pre <op>" / "<name> post <op>" and context cleanups;
// pre and post behaviour come from the test.
template <int N>
struct TestFilter {
  static inline const char* name = N == 0 ? "A" : "B";
  static inline Log* log = nullptr;
  static inline PreFn pre;
  static inline PostFn post;
  static inline PFLT_FILTER filter = nullptr;

  static FLT_PREOP_CALLBACK_STATUS FLTAPI Pre(PFLT_CALLBACK_DATA data,
                                              PCFLT_RELATED_OBJECTS objects, PVOID* cc) {
    log->Add(absl::StrFormat("%s pre %s", name, MajorName(data->Iopb->MajorFunction)));
    return pre ? pre(data, objects, cc) : FLT_PREOP_SUCCESS_WITH_CALLBACK;
  }
  static FLT_POSTOP_CALLBACK_STATUS FLTAPI Post(PFLT_CALLBACK_DATA data,
                                                PCFLT_RELATED_OBJECTS objects, PVOID cc,
                                                FLT_POST_OPERATION_FLAGS flags) {
    log->Add(absl::StrFormat("%s post %s", name, MajorName(data->Iopb->MajorFunction)));
    if (post) post(data, objects, cc);
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  static VOID FLTAPI Cleanup(PFLT_CONTEXT context, FLT_CONTEXT_TYPE type) {
    log->Add(absl::StrFormat("%s cleanup %s", name, TypeName(type)));
  }

  static inline const FLT_OPERATION_REGISTRATION kOperations[] = {
      {IRP_MJ_CREATE, 0, Pre, Post, nullptr},          {IRP_MJ_READ, 0, Pre, Post, nullptr},
      {IRP_MJ_WRITE, 0, Pre, Post, nullptr},           {IRP_MJ_SET_INFORMATION, 0, Pre, Post, nullptr},
      {IRP_MJ_QUERY_INFORMATION, 0, Pre, Post, nullptr},
      {IRP_MJ_CLEANUP, 0, Pre, Post, nullptr},         {IRP_MJ_CLOSE, 0, Pre, Post, nullptr},
      {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr}};
  static inline const FLT_CONTEXT_REGISTRATION kContexts[] = {
      {FLT_STREAM_CONTEXT, 0, Cleanup, 16, kTag, nullptr, nullptr, nullptr},
      {FLT_STREAMHANDLE_CONTEXT, 0, Cleanup, 16, kTag, nullptr, nullptr, nullptr},
      {FLT_FILE_CONTEXT, 0, Cleanup, 16, kTag, nullptr, nullptr, nullptr},
      {FLT_CONTEXT_END, 0, nullptr, 0, 0, nullptr, nullptr, nullptr}};
  static FLT_REGISTRATION Registration() {
    FLT_REGISTRATION r = {};
    r.Size = sizeof(FLT_REGISTRATION);
    r.Version = FLT_REGISTRATION_VERSION;
    r.ContextRegistration = kContexts;
    r.OperationRegistration = kOperations;
    return r;
  }
  static void Reset(Log* l) {
    log = l;
    pre = nullptr;
    post = nullptr;
    filter = nullptr;
  }
};

using A = TestFilter<0>;
using B = TestFilter<1>;

// Allocates a context of `type` (paged unless `nonpaged`) and sets it on the
// file object with KEEP_IF_EXISTS; returns the set status.
NTSTATUS AttachContext(PCFLT_RELATED_OBJECTS o, FLT_CONTEXT_TYPE type, bool nonpaged = false) {
  PFLT_CONTEXT c = nullptr;
  NTSTATUS st = FltAllocateContext(o->Filter, type, 16, nonpaged ? NonPagedPoolNx : PagedPool, &c);
  if (!NT_SUCCESS(st)) return st;
  switch (type) {
    case FLT_STREAM_CONTEXT:
      st = FltSetStreamContext(o->Instance, o->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c,
                               nullptr);
      break;
    case FLT_STREAMHANDLE_CONTEXT:
      st = FltSetStreamHandleContext(o->Instance, o->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                     c, nullptr);
      break;
    default:
      st = FltSetFileContext(o->Instance, o->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c,
                             nullptr);
      break;
  }
  FltReleaseContext(c);
  return st;
}

class SimulatedIoTest : public ::testing::Test {
 public:
  static poolsim::Options EnvOptions() {
    poolsim::Options o;
    o.backend = poolsim::Backend::kSystem;
    return o;
  }
  SimulatedIoTest() {
    env_.SetBugCheckHandler([this](const poolsim::BugCheck& b) {
      std::lock_guard<std::mutex> l(mu_);
      bug_checks_.push_back(b);
    });
    A::Reset(&log_);
    B::Reset(&log_);
  }
  ~SimulatedIoTest() override {
    A::Reset(nullptr);
    B::Reset(nullptr);
  }

  template <typename F>
  PFLT_FILTER Register() {
    FLT_REGISTRATION r = F::Registration();
    PFLT_FILTER f = nullptr;
    EXPECT_EQ(FltRegisterFilter(nullptr, &r, &f), STATUS_SUCCESS);
    EXPECT_EQ(FltStartFiltering(f), STATUS_SUCCESS);
    F::filter = f;
    return f;
  }

  std::vector<poolsim::BugCheck> BugChecks() {
    std::lock_guard<std::mutex> l(mu_);
    return bug_checks_;
  }

  poolsim::Environment env_{EnvOptions()};
  poolsim::ScopedEnvironment install_env_{&env_};
  fltctx::FilterManager fm_{env_};
  fltctx::ScopedFilterManager install_fm_{&fm_};
  Log log_;
  std::mutex mu_;
  std::vector<poolsim::BugCheck> bug_checks_;
};

// --- Dispatch order -----------------------------------------------------------

TEST_F(SimulatedIoTest, PreOperationsRunFromHighestAltitudeDownAndPostOperationsBackUp) {
  fltctx::io::Volume vol(fm_);
  // B attaches first but sits lower.
  ASSERT_NE(vol.Attach(Register<B>(), "320000"), nullptr);
  ASSERT_NE(vol.Attach(Register<A>(), "370030"), nullptr);
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  h.Write("data");
  std::string read;
  h.Read(4, &read, 0);
  h.SetEndOfFile(2);
  h.Close();
  std::vector<std::string> expected;
  for (const char* op : {"create", "write", "read", "setinfo", "cleanup", "close"}) {
    expected.push_back(absl::StrFormat("A pre %s", op));
    expected.push_back(absl::StrFormat("B pre %s", op));
    expected.push_back(absl::StrFormat("B post %s", op));
    expected.push_back(absl::StrFormat("A post %s", op));
  }
  EXPECT_EQ(log_.Take(), expected);
  EXPECT_EQ(read, "data");
  EXPECT_EQ(vol.Contents(L"\\a.txt"), "da");
  EXPECT_THAT(BugChecks(), IsEmpty());
}

TEST_F(SimulatedIoTest, FractionalAltitudesCompareNumerically) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<B>(), "99999.5");
  vol.Attach(Register<A>(), "100000");
  vol.Create(L"\\a.txt").Close();
  std::vector<std::string> lines = log_.Take();
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0], "A pre create");
  EXPECT_EQ(lines[1], "B pre create");
}

// --- Pre-operation results ----------------------------------------------------

struct PreResultCase {
  const char* name;
  FLT_PREOP_CALLBACK_STATUS lower_result;  // what B (lower) returns from pre-write
  std::vector<std::string> expected_log;
  NTSTATUS expected_status;
  std::string expected_contents;
};

TEST_F(SimulatedIoTest, EveryPreOperationResult) {
  const PreResultCase cases[] = {
      {"with callback", FLT_PREOP_SUCCESS_WITH_CALLBACK,
       {"A pre write", "B pre write", "B post write", "A post write"}, STATUS_SUCCESS, "data"},
      {"no callback", FLT_PREOP_SUCCESS_NO_CALLBACK,
       {"A pre write", "B pre write", "A post write"}, STATUS_SUCCESS, "data"},
      {"synchronize", FLT_PREOP_SYNCHRONIZE,
       {"A pre write", "B pre write", "B post write", "A post write"}, STATUS_SUCCESS, "data"},
      // Completed by B: the file system never sees the write, B gets no
      // post-operation, A (above) does, with B's status.
      {"complete", FLT_PREOP_COMPLETE, {"A pre write", "B pre write", "A post write"},
       STATUS_ACCESS_DENIED, ""},
  };
  for (const PreResultCase& c : cases) {
    SCOPED_TRACE(c.name);
    fltctx::FilterManager fm(env_);
    fltctx::ScopedFilterManager install(&fm);
    A::Reset(&log_);
    B::Reset(&log_);
    fltctx::io::Volume vol(fm);
    vol.Attach(Register<A>(), "370000");
    vol.Attach(Register<B>(), "360000");
    NTSTATUS a_saw = STATUS_PENDING;
    A::post = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID) { a_saw = d->IoStatus.Status; };
    B::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
      if (d->Iopb->MajorFunction != IRP_MJ_WRITE) return FLT_PREOP_SUCCESS_WITH_CALLBACK;
      if (c.lower_result == FLT_PREOP_COMPLETE) {
        d->IoStatus.Status = STATUS_ACCESS_DENIED;
        d->IoStatus.Information = 0;
      }
      return c.lower_result;
    };
    fltctx::io::Handle h = vol.Create(L"\\f.txt");
    log_.Take();
    EXPECT_EQ(h.Write("data"), c.expected_status);
    EXPECT_EQ(log_.Take(), c.expected_log);
    EXPECT_EQ(a_saw, c.expected_status);
    EXPECT_EQ(vol.Contents(L"\\f.txt"), c.expected_contents);
    h.Close();
  }
}

TEST_F(SimulatedIoTest, CompletionContextGoesFromPreToPost) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  int marker = 0;
  std::vector<PVOID> seen;
  A::pre = [&](PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID* cc) {
    *cc = &marker;
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
  };
  A::post = [&](PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID cc) { seen.push_back(cc); };
  vol.Create(L"\\a.txt").Close();
  EXPECT_EQ(seen, std::vector<PVOID>(3, &marker));  // create, cleanup, close
}

TEST_F(SimulatedIoTest, DisallowFastIoIsReportedAsUnsupported) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  A::pre = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
    return d->Iopb->MajorFunction == IRP_MJ_WRITE ? FLT_PREOP_DISALLOW_FASTIO
                                                  : FLT_PREOP_SUCCESS_WITH_CALLBACK;
  };
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  h.Write("x");
  std::vector<poolsim::BugCheck> checks = BugChecks();
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].code, poolsim::bugcheck::kDriverVerifierDetectedViolation);
  EXPECT_EQ(checks[0].parameters[0], 0xF1010u);
  EXPECT_EQ(checks[0].parameters[2], static_cast<uint64_t>(FLT_PREOP_DISALLOW_FASTIO));
}

// --- FLT_PREOP_PENDING ----------------------------------------------------------

// A filter pends its pre-write; a worker thread completes it with the
// status under test. The lower filter (B) and the file system see the write
// only after the completion; the completion context reaches A's post-write.
struct PendCase {
  const char* name;
  FLT_PREOP_CALLBACK_STATUS completion;
  std::vector<std::string> expected_log;
  NTSTATUS expected_status;
  std::string expected_contents;
};

TEST_F(SimulatedIoTest, PendedPreOperationWaitsForItsCompletionFromAnotherThread) {
  const PendCase cases[] = {
      {"with callback", FLT_PREOP_SUCCESS_WITH_CALLBACK,
       {"A pre write", "completing", "B pre write", "B post write", "A post write"},
       STATUS_SUCCESS, "data"},
      {"no callback", FLT_PREOP_SUCCESS_NO_CALLBACK,
       {"A pre write", "completing", "B pre write", "B post write"}, STATUS_SUCCESS, "data"},
      {"complete", FLT_PREOP_COMPLETE, {"A pre write", "completing"}, STATUS_ACCESS_DENIED, ""},
  };
  for (const PendCase& c : cases) {
    SCOPED_TRACE(c.name);
    fltctx::FilterManager fm(env_);
    fltctx::ScopedFilterManager install(&fm);
    A::Reset(&log_);
    B::Reset(&log_);
    fltctx::io::Volume vol(fm);
    vol.Attach(Register<A>(), "370000");
    vol.Attach(Register<B>(), "360000");
    int marker = 0;
    std::thread worker;
    PVOID post_context = nullptr;
    A::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
      if (d->Iopb->MajorFunction != IRP_MJ_WRITE) return FLT_PREOP_SUCCESS_NO_CALLBACK;
      worker = std::thread([&, d] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        log_.Add("completing");
        if (c.completion == FLT_PREOP_COMPLETE) {
          d->IoStatus.Status = STATUS_ACCESS_DENIED;
          d->IoStatus.Information = 0;
        }
        FltCompletePendedPreOperation(d, c.completion, &marker);
      });
      return FLT_PREOP_PENDING;
    };
    A::post = [&](PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID cc) { post_context = cc; };
    fltctx::io::Handle h = vol.Create(L"\\p.txt");
    log_.Take();
    EXPECT_EQ(h.Write("data"), c.expected_status);
    worker.join();
    EXPECT_EQ(log_.Take(), c.expected_log);
    EXPECT_EQ(vol.Contents(L"\\p.txt"), c.expected_contents);
    EXPECT_EQ(post_context, c.completion == FLT_PREOP_SUCCESS_WITH_CALLBACK ? &marker : nullptr);
    h.Close();
  }
  EXPECT_THAT(BugChecks(), IsEmpty());
}

TEST_F(SimulatedIoTest, PendedPreOperationMayBeCompletedBeforeTheCallbackReturns) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  A::pre = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
    if (d->Iopb->MajorFunction != IRP_MJ_CREATE) return FLT_PREOP_SUCCESS_NO_CALLBACK;
    FltCompletePendedPreOperation(d, FLT_PREOP_SUCCESS_WITH_CALLBACK, nullptr);
    return FLT_PREOP_PENDING;
  };
  fltctx::io::Handle h = vol.Create(L"\\q.txt");
  EXPECT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_THAT(log_.Take(), ElementsAre("A pre create", "A post create"));
  EXPECT_THAT(BugChecks(), IsEmpty());
}

TEST_F(SimulatedIoTest, CompletingAnOperationThatIsNotPendedIsReported) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  PFLT_CALLBACK_DATA saved = nullptr;
  A::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
    if (d->Iopb->MajorFunction == IRP_MJ_WRITE) {
      // Completed, but the callback does not return PENDING.
      FltCompletePendedPreOperation(d, FLT_PREOP_SUCCESS_NO_CALLBACK, nullptr);
    }
    if (d->Iopb->MajorFunction == IRP_MJ_SET_INFORMATION) {
      saved = d;
      FltCompletePendedPreOperation(d, FLT_PREOP_SUCCESS_NO_CALLBACK, nullptr);
      return FLT_PREOP_PENDING;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
  };
  fltctx::io::Handle h = vol.Create(L"\\r.txt");
  EXPECT_EQ(h.Write("x"), STATUS_SUCCESS);
  EXPECT_EQ(h.SetEndOfFile(0), STATUS_SUCCESS);
  FltCompletePendedPreOperation(saved, FLT_PREOP_SUCCESS_NO_CALLBACK, nullptr);  // twice
  std::vector<poolsim::BugCheck> checks = BugChecks();
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].code, poolsim::bugcheck::kDriverVerifierDetectedViolation);
  EXPECT_EQ(checks[0].parameters[0], 0xF1011u);
  EXPECT_EQ(checks[0].parameters[3], static_cast<uint64_t>(IRP_MJ_WRITE));
  EXPECT_EQ(checks[1].parameters[0], 0xF1011u);
  EXPECT_EQ(checks[1].parameters[1], reinterpret_cast<uintptr_t>(saved));
}

TEST_F(SimulatedIoTest, PendedPreOperationCompletedWithAnInvalidStatusIsReported) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  A::pre = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
    if (d->Iopb->MajorFunction != IRP_MJ_WRITE) return FLT_PREOP_SUCCESS_NO_CALLBACK;
    FltCompletePendedPreOperation(d, FLT_PREOP_SYNCHRONIZE, nullptr);
    return FLT_PREOP_PENDING;
  };
  fltctx::io::Handle h = vol.Create(L"\\s.txt");
  log_.Take();
  EXPECT_EQ(h.Write("x"), STATUS_SUCCESS);  // as NO_CALLBACK
  EXPECT_THAT(log_.Take(), ElementsAre("A pre write"));
  std::vector<poolsim::BugCheck> checks = BugChecks();
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].parameters[0], 0xF1010u);
  EXPECT_EQ(checks[0].parameters[2], static_cast<uint64_t>(FLT_PREOP_SYNCHRONIZE));
}

// --- FLTFL_POST_OPERATION_DRAINING ---------------------------------------------

// A filter with teardown callbacks, for draining: its pre-write asks for a
// post-write with a completion context; it logs the post-write's flags.
struct DrainFilter {
  static inline Log* log = nullptr;
  static inline int marker = 0;
  static FLT_PREOP_CALLBACK_STATUS FLTAPI PreWrite(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS,
                                                   PVOID* cc) {
    log->Add("D pre write");
    *cc = &marker;
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
  }
  static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostWrite(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS o,
                                                     PVOID cc, FLT_POST_OPERATION_FLAGS flags) {
    log->Add(absl::StrFormat("D post write%s%s",
                             (flags & FLTFL_POST_OPERATION_DRAINING) != 0 ? " draining" : "",
                             cc == &marker ? "" : " (wrong completion context)"));
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  static VOID FLTAPI TeardownStart(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_TEARDOWN_FLAGS) {
    log->Add("D teardown start");
  }
  static VOID FLTAPI TeardownComplete(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_TEARDOWN_FLAGS) {
    log->Add("D teardown complete");
  }
  static inline const FLT_OPERATION_REGISTRATION kOperations[] = {
      {IRP_MJ_WRITE, 0, PreWrite, PostWrite, nullptr},
      {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr}};
};

TEST_F(SimulatedIoTest, DetachDrainsThePostOperationsOfRequestsInFlight) {
  DrainFilter::log = &log_;
  FLT_REGISTRATION r = {};
  r.Size = sizeof(r);
  r.Version = FLT_REGISTRATION_VERSION;
  r.OperationRegistration = DrainFilter::kOperations;
  r.InstanceTeardownStartCallback = DrainFilter::TeardownStart;
  r.InstanceTeardownCompleteCallback = DrainFilter::TeardownComplete;
  PFLT_FILTER d = nullptr;
  ASSERT_EQ(FltRegisterFilter(nullptr, &r, &d), STATUS_SUCCESS);
  ASSERT_EQ(FltStartFiltering(d), STATUS_SUCCESS);

  fltctx::io::Volume vol(fm_);
  PFLT_INSTANCE d_instance = vol.Attach(d, "370000");
  ASSERT_NE(d_instance, nullptr);
  vol.Attach(Register<B>(), "360000");  // B, below D, pends the write
  std::mutex mu;
  std::condition_variable cv;
  PFLT_CALLBACK_DATA pended = nullptr;
  B::pre = [&](PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS, PVOID*) {
    std::lock_guard<std::mutex> l(mu);
    if (data->Iopb->MajorFunction != IRP_MJ_WRITE || pended != nullptr) {
      return FLT_PREOP_SUCCESS_WITH_CALLBACK;
    }
    pended = data;
    cv.notify_all();
    return FLT_PREOP_PENDING;
  };
  fltctx::io::Handle h = vol.Create(L"\\w.txt");
  log_.Take();
  NTSTATUS write_status = STATUS_PENDING;
  std::thread writer([&] { write_status = h.Write("data"); });
  {
    std::unique_lock<std::mutex> l(mu);
    cv.wait(l, [&] { return pended != nullptr; });
  }
  // D detaches while the write is held below it: D's post-write runs now,
  // draining, between its teardown callbacks.
  fltctx::wdk::DetachInstance(d_instance);
  EXPECT_THAT(log_.Take(), ElementsAre("D pre write", "B pre write", "D teardown start",
                                       "D post write draining", "D teardown complete"));
  // The write finishes without calling D again.
  FltCompletePendedPreOperation(pended, FLT_PREOP_SUCCESS_WITH_CALLBACK, nullptr);
  writer.join();
  EXPECT_EQ(write_status, STATUS_SUCCESS);
  EXPECT_THAT(log_.Take(), ElementsAre("B post write"));
  EXPECT_EQ(vol.Contents(L"\\w.txt"), "data");
  // Nothing in flight: a detach drains nothing.
  h.Write("more");
  log_.Take();
  fltctx::wdk::DetachInstance(vol.Attach(d, "370001"));
  EXPECT_THAT(log_.Take(), ElementsAre("D teardown start", "D teardown complete"));
  h.Close();
  EXPECT_THAT(BugChecks(), IsEmpty());
  DrainFilter::log = nullptr;
}

// --- Parameters ---------------------------------------------------------------

TEST_F(SimulatedIoTest, CallbacksSeeTheParametersOfEachOperation) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  std::vector<std::string> seen;
  A::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID*) {
    const FLT_PARAMETERS& p = d->Iopb->Parameters;
    EXPECT_EQ(d->Iopb->TargetFileObject, o->FileObject);
    EXPECT_EQ(d->Iopb->TargetInstance, o->Instance);
    EXPECT_TRUE(FLT_IS_IRP_OPERATION(d));
    switch (d->Iopb->MajorFunction) {
      case IRP_MJ_CREATE:
        seen.push_back(absl::StrFormat("create disposition %u access %#x", p.Create.Options >> 24,
                                       p.Create.SecurityContext->DesiredAccess));
        break;
      case IRP_MJ_WRITE:
        seen.push_back(absl::StrFormat(
            "write %u at %d: %s", p.Write.Length, p.Write.ByteOffset.QuadPart,
            std::string(static_cast<const char*>(p.Write.WriteBuffer), p.Write.Length)));
        break;
      case IRP_MJ_READ:
        seen.push_back(absl::StrFormat("read %u at %d", p.Read.Length, p.Read.ByteOffset.QuadPart));
        break;
      case IRP_MJ_SET_INFORMATION:
        if (p.SetFileInformation.FileInformationClass == FileRenameInformation) {
          auto* r = static_cast<PFILE_RENAME_INFORMATION>(p.SetFileInformation.InfoBuffer);
          seen.push_back(absl::StrFormat(
              "rename to %d chars, replace %d", r->FileNameLength / sizeof(WCHAR),
              p.SetFileInformation.ReplaceIfExists));
        } else if (p.SetFileInformation.FileInformationClass == FileDispositionInformation) {
          auto* r = static_cast<PFILE_DISPOSITION_INFORMATION>(p.SetFileInformation.InfoBuffer);
          seen.push_back(absl::StrFormat("delete %d", r->DeleteFile));
        }
        break;
      default:
        break;
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
  };
  std::vector<std::string> post_seen;
  A::post = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID) {
    if (d->Iopb->MajorFunction == IRP_MJ_CREATE || d->Iopb->MajorFunction == IRP_MJ_READ ||
        d->Iopb->MajorFunction == IRP_MJ_WRITE) {
      post_seen.push_back(absl::StrFormat("%s %#x %u", MajorName(d->Iopb->MajorFunction),
                                          static_cast<uint32_t>(d->IoStatus.Status),
                                          static_cast<unsigned>(d->IoStatus.Information)));
    }
  };
  fltctx::io::Handle h = vol.Create(L"\\a.txt", FILE_CREATE, 0x120089);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_EQ(h.information(), static_cast<ULONG_PTR>(FILE_CREATED));
  h.Write("hello");
  h.Write("!!", 1);
  std::string out;
  h.Read(10, &out, 0);
  EXPECT_EQ(out, "h!!lo");
  EXPECT_EQ(h.Rename(L"\\b.txt", true), STATUS_SUCCESS);
  EXPECT_EQ(h.SetDeleteOnClose(), STATUS_SUCCESS);
  h.Close();
  EXPECT_THAT(seen, ElementsAre("create disposition 2 access 0x120089", "write 5 at 0: hello",
                                "write 2 at 1: !!", "read 10 at 0", "rename to 6 chars, replace 1",
                                "delete 1"));
  EXPECT_THAT(post_seen, ElementsAre("create 0 2", "write 0 5", "write 0 2", "read 0 5"));
}

TEST_F(SimulatedIoTest, TheFileSystemSeesParametersAsFiltersChangedThem) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  vol.Attach(Register<B>(), "360000");
  A::pre = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
    if (d->Iopb->MajorFunction == IRP_MJ_WRITE) {
      d->Iopb->Parameters.Write.ByteOffset.QuadPart = 2;
      d->Iopb->Parameters.Write.Length = 1;
      FltSetCallbackDataDirty(d);
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
  };
  bool lower_saw_dirty = false;
  B::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
    if (d->Iopb->MajorFunction == IRP_MJ_WRITE) {
      lower_saw_dirty = FltIsCallbackDataDirty(d) &&
                        d->Iopb->Parameters.Write.ByteOffset.QuadPart == 2;
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
  };
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  h.Write("xyz", 0);
  EXPECT_TRUE(lower_saw_dirty);
  EXPECT_EQ(vol.Contents(L"\\a.txt"), std::string("\0\0x", 3));
}

struct CreateCase {
  ULONG disposition;
  bool exists;
  NTSTATUS status;
  ULONG_PTR information;
};

TEST_F(SimulatedIoTest, CreateDispositions) {
  const CreateCase cases[] = {
      {FILE_OPEN, false, STATUS_OBJECT_NAME_NOT_FOUND, FILE_DOES_NOT_EXIST},
      {FILE_OPEN, true, STATUS_SUCCESS, FILE_OPENED},
      {FILE_CREATE, false, STATUS_SUCCESS, FILE_CREATED},
      {FILE_CREATE, true, STATUS_OBJECT_NAME_COLLISION, 0},
      {FILE_OPEN_IF, false, STATUS_SUCCESS, FILE_CREATED},
      {FILE_OPEN_IF, true, STATUS_SUCCESS, FILE_OPENED},
      {FILE_OVERWRITE, false, STATUS_OBJECT_NAME_NOT_FOUND, FILE_DOES_NOT_EXIST},
      {FILE_OVERWRITE, true, STATUS_SUCCESS, FILE_OVERWRITTEN},
      {FILE_OVERWRITE_IF, false, STATUS_SUCCESS, FILE_CREATED},
      {FILE_SUPERSEDE, true, STATUS_SUCCESS, FILE_SUPERSEDED},
  };
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  int i = 0;
  for (const CreateCase& c : cases) {
    SCOPED_TRACE(::testing::Message() << "disposition " << c.disposition << " exists " << c.exists);
    std::wstring name = L"\\f" + std::to_wstring(i++);
    if (c.exists) {
      fltctx::io::Handle first = vol.Create(name, FILE_CREATE);
      first.Write("old");
    }
    fltctx::io::Handle h = vol.Create(name, c.disposition);
    EXPECT_EQ(h.status(), c.status);
    EXPECT_EQ(h.information(), c.information);
    EXPECT_EQ(h.is_open(), NT_SUCCESS(c.status));
    if (c.exists) {
      const bool truncated = NT_SUCCESS(c.status) && c.disposition != FILE_OPEN &&
                             c.disposition != FILE_OPEN_IF;
      EXPECT_EQ(vol.Contents(name), truncated ? "" : "old");
    }
  }
  EXPECT_THAT(BugChecks(), IsEmpty());
}

TEST_F(SimulatedIoTest, RenameAndDeleteChangeTheNamespace) {
  fltctx::io::Volume vol(fm_);
  fltctx::io::Handle h = vol.Create(L"\\old.txt");
  h.Write("x");
  EXPECT_EQ(h.Rename(L"\\New.txt"), STATUS_SUCCESS);
  EXPECT_FALSE(vol.Exists(L"\\old.txt"));
  EXPECT_TRUE(vol.Exists(L"\\new.txt")) << "names are case-insensitive";
  fltctx::io::Handle other = vol.Create(L"\\other.txt");
  EXPECT_EQ(h.Rename(L"\\other.txt"), STATUS_OBJECT_NAME_COLLISION);
  EXPECT_EQ(h.Rename(L"\\other.txt", true), STATUS_ACCESS_DENIED) << "the target is open";
  other.Close();
  EXPECT_EQ(h.Rename(L"\\other.txt", true), STATUS_SUCCESS);
  EXPECT_EQ(vol.Contents(L"\\other.txt"), "x");

  EXPECT_EQ(h.SetDeleteOnClose(), STATUS_SUCCESS);
  EXPECT_TRUE(vol.Exists(L"\\other.txt")) << "deleted at the last cleanup";
  EXPECT_EQ(vol.Create(L"\\other.txt", FILE_OPEN).status(), STATUS_DELETE_PENDING);
  h.Close();
  EXPECT_FALSE(vol.Exists(L"\\other.txt"));
}

// --- Lifetimes ----------------------------------------------------------------

TEST_F(SimulatedIoTest, StreamContextGoesAtTheLastCloseOfTheStream) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  A::post = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID) {
    if (d->Iopb->MajorFunction == IRP_MJ_CREATE && NT_SUCCESS(d->IoStatus.Status)) {
      EXPECT_EQ(AttachContext(o, FLT_STREAM_CONTEXT), d->IoStatus.Information == FILE_CREATED
                                                          ? STATUS_SUCCESS
                                                          : STATUS_FLT_CONTEXT_ALREADY_DEFINED);
      EXPECT_EQ(AttachContext(o, FLT_STREAMHANDLE_CONTEXT), STATUS_SUCCESS);
      EXPECT_EQ(AttachContext(o, FLT_FILE_CONTEXT),
                d->IoStatus.Information == FILE_CREATED ? STATUS_SUCCESS
                                                        : STATUS_FLT_CONTEXT_ALREADY_DEFINED);
    }
  };
  fltctx::io::Handle first = vol.Create(L"\\a.txt");
  fltctx::io::Handle second = vol.Create(L"\\a.txt", FILE_OPEN);
  log_.Take();
  first.Close();
  // The handle's context goes at its file object's IRP_MJ_CLOSE, between the
  // pre- and post-close callbacks; the stream's stays.
  EXPECT_THAT(log_.Take(), ElementsAre("A pre cleanup", "A post cleanup", "A pre close",
                                       "A cleanup handle", "A post close"));
  second.Close();
  EXPECT_THAT(log_.Take(),
              ElementsAre("A pre cleanup", "A post cleanup", "A pre close", "A cleanup handle",
                          "A cleanup stream", "A cleanup file", "A post close"));
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

TEST_F(SimulatedIoTest, CacheManagerKeepsTheStreamContextPastCleanup) {
  fltctx::io::VolumeSetup setup;
  setup.cache_holds_file_objects = true;
  fltctx::io::Volume vol(fm_, setup);
  vol.Attach(Register<A>(), "370000");
  A::post = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID) {
    if (d->Iopb->MajorFunction == IRP_MJ_CREATE) AttachContext(o, FLT_STREAM_CONTEXT);
  };
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  h.Write("cached");
  log_.Take();
  h.Close();
  EXPECT_THAT(log_.Take(), ElementsAre("A pre cleanup", "A post cleanup"));
  EXPECT_EQ(vol.CachedFileObjects(), 1u);
  EXPECT_EQ(fm_.LiveContextCount(), 1u);

  // A handle that did no I/O is not cached: it closes at once.
  vol.Create(L"\\b.txt").Close();
  EXPECT_EQ(vol.CachedFileObjects(), 1u);
  log_.Take();

  EXPECT_EQ(vol.ReleaseCache(), 1u);
  EXPECT_THAT(log_.Take(), ElementsAre("A pre close", "A cleanup stream", "A post close"));
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

TEST_F(SimulatedIoTest, CleanupWithoutCloseKeepsContextsUntilClose) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  A::post = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID) {
    if (d->Iopb->MajorFunction == IRP_MJ_CREATE) AttachContext(o, FLT_STREAM_CONTEXT);
  };
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  h.Cleanup();
  EXPECT_EQ(fm_.LiveContextCount(), 1u);
  EXPECT_EQ(h.Write("x"), STATUS_INVALID_HANDLE) << "no I/O after cleanup through the handle";
  h.Close();
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

// --- Where contexts are refused -------------------------------------------------

TEST_F(SimulatedIoTest, ContextsAreNotSupportedInPreCreateAndPostClose) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  std::vector<std::string> seen;
  auto probe = [&](const char* where, PCFLT_RELATED_OBJECTS o) {
    PFLT_CONTEXT c = nullptr;
    NTSTATUS get = FltGetStreamContext(o->Instance, o->FileObject, &c);
    if (c != nullptr) FltReleaseContext(c);
    NTSTATUS get_handle = FltGetStreamHandleContext(o->Instance, o->FileObject, &c);
    if (c != nullptr) FltReleaseContext(c);
    NTSTATUS set = AttachContext(o, FLT_STREAM_CONTEXT);
    seen.push_back(absl::StrFormat("%s get %#x handle %#x set %#x supports %d", where,
                                   static_cast<uint32_t>(get), static_cast<uint32_t>(get_handle),
                                   static_cast<uint32_t>(set),
                                   FltSupportsStreamContexts(o->FileObject)));
  };
  A::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID*) {
    if (d->Iopb->MajorFunction == IRP_MJ_CREATE) probe("pre-create", o);
    if (d->Iopb->MajorFunction == IRP_MJ_CLOSE) probe("pre-close", o);
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
  };
  A::post = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID) {
    if (d->Iopb->MajorFunction == IRP_MJ_CREATE) {
      probe(NT_SUCCESS(d->IoStatus.Status) ? "post-create" : "failed post-create", o);
    }
    if (d->Iopb->MajorFunction == IRP_MJ_CLOSE) probe("post-close", o);
  };
  vol.Create(L"\\a.txt").Close();
  vol.Create(L"\\missing.txt", FILE_OPEN);
  EXPECT_THAT(seen, ElementsAre("pre-create get 0xc00000bb handle 0xc00000bb set 0xc00000bb "
                                "supports 0",
                                "post-create get 0xc0000225 handle 0xc0000225 set 0 supports 1",
                                "pre-close get 0 handle 0xc0000225 set 0xc01c0002 supports 1",
                                "post-close get 0xc00000bb handle 0xc00000bb set 0xc00000bb "
                                "supports 0",
                                "pre-create get 0xc00000bb handle 0xc00000bb set 0xc00000bb "
                                "supports 0",
                                "failed post-create get 0xc00000bb handle 0xc00000bb set "
                                "0xc00000bb supports 0"));
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
  EXPECT_THAT(BugChecks(), IsEmpty());
}

// --- Post-operations at DISPATCH_LEVEL ----------------------------------------

// The swapBuffers pattern with the wrong pool: get the stream context in
// pre-write, carry it as the completion context, release it in post-write.
struct DispatchCase {
  const char* name;
  bool at_dispatch;
  bool nonpaged;
  FLT_PREOP_CALLBACK_STATUS pre_result;
  bool expect_bug_check;
};

TEST_F(SimulatedIoTest, PostOperationAtDispatchCatchesAPagedContextRelease) {
  const DispatchCase cases[] = {
      {"paged, passive post", false, false, FLT_PREOP_SUCCESS_WITH_CALLBACK, false},
      {"paged, dispatch post", true, false, FLT_PREOP_SUCCESS_WITH_CALLBACK, true},
      {"nonpaged, dispatch post", true, true, FLT_PREOP_SUCCESS_WITH_CALLBACK, false},
      {"paged, synchronized", true, false, FLT_PREOP_SYNCHRONIZE, false},
  };
  for (const DispatchCase& c : cases) {
    SCOPED_TRACE(c.name);
    bug_checks_.clear();
    fltctx::FilterManager fm(env_);
    fltctx::ScopedFilterManager install(&fm);
    A::Reset(&log_);
    fltctx::io::VolumeSetup setup;
    setup.post_operation_at_dispatch = c.at_dispatch;
    fltctx::io::Volume vol(fm, setup);
    vol.Attach(Register<A>(), "370000");
    std::vector<poolsim::Irql> post_irql;
    PFLT_CONTEXT released = nullptr;
    A::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID* cc) {
      if (d->Iopb->MajorFunction == IRP_MJ_CREATE) return FLT_PREOP_SUCCESS_WITH_CALLBACK;
      if (d->Iopb->MajorFunction != IRP_MJ_WRITE) return FLT_PREOP_SUCCESS_NO_CALLBACK;
      PFLT_CONTEXT ctx = nullptr;
      EXPECT_EQ(FltGetStreamContext(o->Instance, o->FileObject, &ctx), STATUS_SUCCESS);
      *cc = ctx;
      return c.pre_result;
    };
    A::post = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID cc) {
      if (d->Iopb->MajorFunction == IRP_MJ_CREATE) {
        AttachContext(o, FLT_STREAM_CONTEXT, c.nonpaged);
        return;
      }
      post_irql.push_back(poolsim::CurrentIrql());
      released = cc;
      FltReleaseContext(cc);
    };
    fltctx::io::Handle h = vol.Create(L"\\a.txt");
    h.Write("x");
    ASSERT_EQ(post_irql.size(), 1u);
    EXPECT_EQ(post_irql[0], c.at_dispatch && c.pre_result != FLT_PREOP_SYNCHRONIZE
                                ? poolsim::kDispatchLevel
                                : poolsim::kPassiveLevel);
    std::vector<poolsim::BugCheck> checks = BugChecks();
    if (c.expect_bug_check) {
      ASSERT_EQ(checks.size(), 1u);
      EXPECT_EQ(checks[0].code, poolsim::bugcheck::kIrqlNotLessOrEqual);
      // The bad release had no effect; release properly so nothing leaks.
      FltReleaseContext(released);
    } else {
      EXPECT_THAT(checks, IsEmpty());
    }
    h.Close();
    fm.DrainDeferredWork();
    EXPECT_EQ(fm.LiveContextCount(), 0u);
  }
  bug_checks_.clear();
}

// --- Threads ------------------------------------------------------------------

// Get-or-create of a stream context counting writes, from several threads
// on shared and private files.
struct Counter {
  std::atomic<int> writes;
};

FLT_PREOP_CALLBACK_STATUS FLTAPI CountingPreWrite(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS o,
                                                  PVOID*) {
  PFLT_CONTEXT c = nullptr;
  if (NT_SUCCESS(FltGetStreamContext(o->Instance, o->FileObject, &c))) {
    static_cast<Counter*>(c)->writes.fetch_add(1);
    FltReleaseContext(c);
  }
  return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI CountingPostCreate(PFLT_CALLBACK_DATA d,
                                                     PCFLT_RELATED_OBJECTS o, PVOID,
                                                     FLT_POST_OPERATION_FLAGS) {
  if (!NT_SUCCESS(d->IoStatus.Status)) return FLT_POSTOP_FINISHED_PROCESSING;
  PFLT_CONTEXT existing = nullptr;
  if (FltGetStreamContext(o->Instance, o->FileObject, &existing) == STATUS_SUCCESS) {
    FltReleaseContext(existing);
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  PFLT_CONTEXT fresh = nullptr;
  if (!NT_SUCCESS(FltAllocateContext(o->Filter, FLT_STREAM_CONTEXT, sizeof(Counter),
                                     NonPagedPoolNx, &fresh))) {
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  new (fresh) Counter{{0}};
  NTSTATUS st = FltSetStreamContext(o->Instance, o->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                    fresh, &existing);
  if (st == STATUS_FLT_CONTEXT_ALREADY_DEFINED) FltReleaseContext(existing);
  FltReleaseContext(fresh);
  return FLT_POSTOP_FINISHED_PROCESSING;
}

std::atomic<int> g_counted_writes{0};

VOID FLTAPI CountingCleanup(PFLT_CONTEXT c, FLT_CONTEXT_TYPE) {
  g_counted_writes.fetch_add(static_cast<Counter*>(c)->writes.load());
}

const FLT_OPERATION_REGISTRATION kCountingOperations[] = {
    {IRP_MJ_CREATE, 0, nullptr, CountingPostCreate, nullptr},
    {IRP_MJ_WRITE, 0, CountingPreWrite, nullptr, nullptr},
    {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr}};
const FLT_CONTEXT_REGISTRATION kCountingContexts[] = {
    {FLT_STREAM_CONTEXT, 0, CountingCleanup, sizeof(Counter), kTag, nullptr, nullptr, nullptr},
    {FLT_CONTEXT_END, 0, nullptr, 0, 0, nullptr, nullptr, nullptr}};

TEST_F(SimulatedIoTest, ThreadsOpenWriteAndCloseConcurrently) {
  g_counted_writes = 0;
  FLT_REGISTRATION r = {};
  r.Size = sizeof(r);
  r.Version = FLT_REGISTRATION_VERSION;
  r.ContextRegistration = kCountingContexts;
  r.OperationRegistration = kCountingOperations;
  PFLT_FILTER filter = nullptr;
  ASSERT_EQ(FltRegisterFilter(nullptr, &r, &filter), STATUS_SUCCESS);
  ASSERT_EQ(FltStartFiltering(filter), STATUS_SUCCESS);
  constexpr int kThreads = 4;
  constexpr int kRounds = 200;
  {
    fltctx::io::Volume vol(fm_);
    ASSERT_NE(vol.Attach(filter, "370000"), nullptr);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&vol, t] {
        for (int i = 0; i < kRounds; ++i) {
          fltctx::io::Handle shared = vol.Create(L"\\shared.txt");
          fltctx::io::Handle own = vol.Create(L"\\own" + std::to_wstring(t) + L".txt");
          EXPECT_EQ(shared.Write("s"), STATUS_SUCCESS);
          EXPECT_EQ(own.Write("o"), STATUS_SUCCESS);
          own.Close();
          shared.Close();
        }
      });
    }
    for (std::thread& th : threads) th.join();
  }
  FltUnregisterFilter(filter);
  EXPECT_EQ(g_counted_writes.load(), 2 * kThreads * kRounds);
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
  EXPECT_THAT(BugChecks(), IsEmpty());
}

}  // namespace

// --- Query information -----------------------------------------------------------

TEST_F(SimulatedIoTest, QueryInformationGoesThroughTheFiltersCallbacks) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  std::vector<std::string> seen;
  A::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
    if (d->Iopb->MajorFunction == IRP_MJ_QUERY_INFORMATION) {
      const auto& q = d->Iopb->Parameters.QueryFileInformation;
      seen.push_back(absl::StrFormat("pre class %d length %u", q.FileInformationClass, q.Length));
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
  };
  A::post = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID) {
    if (d->Iopb->MajorFunction == IRP_MJ_QUERY_INFORMATION) {
      const auto& q = d->Iopb->Parameters.QueryFileInformation;
      std::string extra;
      if (q.FileInformationClass == FileStandardInformation && NT_SUCCESS(d->IoStatus.Status)) {
        extra = absl::StrFormat(" eof %d", static_cast<PFILE_STANDARD_INFORMATION>(q.InfoBuffer)
                                               ->EndOfFile.QuadPart);
      }
      seen.push_back(absl::StrFormat("post %#x %u%s", static_cast<uint32_t>(d->IoStatus.Status),
                                     static_cast<unsigned>(d->IoStatus.Information), extra));
    }
  };
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  ASSERT_EQ(h.Write("hello"), STATUS_SUCCESS);
  FILE_STANDARD_INFORMATION standard = {};
  ASSERT_EQ(h.QueryStandard(&standard), STATUS_SUCCESS);
  EXPECT_EQ(standard.EndOfFile.QuadPart, 5);
  EXPECT_EQ(standard.AllocationSize.QuadPart, 4096);
  EXPECT_EQ(standard.NumberOfLinks, 1u);
  EXPECT_FALSE(standard.DeletePending);
  EXPECT_FALSE(standard.Directory);
  FILE_BASIC_INFORMATION basic = {};
  ASSERT_EQ(h.QueryBasic(&basic), STATUS_SUCCESS);
  EXPECT_EQ(basic.FileAttributes, static_cast<ULONG>(FILE_ATTRIBUTE_ARCHIVE));
  EXPECT_GT(basic.CreationTime.QuadPart, 0);
  EXPECT_GT(basic.LastWriteTime.QuadPart, basic.CreationTime.QuadPart) << "written after creation";
  EXPECT_EQ(h.QueryInformation(FileEndOfFileInformation, &standard, sizeof(standard)),
            STATUS_INVALID_INFO_CLASS);
  EXPECT_THAT(seen, ElementsAre("pre class 5 length 24", "post 0 24 eof 5",
                                "pre class 4 length 40", "post 0 40",
                                "pre class 20 length 24", "post 0xc0000003 0"));
}

TEST_F(SimulatedIoTest, QueryStandardFollowsEndOfFileAndDeletion) {
  fltctx::io::Volume vol(fm_);
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  FILE_STANDARD_INFORMATION info = {};
  ASSERT_EQ(h.QueryStandard(&info), STATUS_SUCCESS);
  EXPECT_EQ(info.EndOfFile.QuadPart, 0);
  EXPECT_EQ(info.AllocationSize.QuadPart, 0);
  ASSERT_EQ(h.SetEndOfFile(5000), STATUS_SUCCESS);
  ASSERT_EQ(h.QueryStandard(&info), STATUS_SUCCESS);
  EXPECT_EQ(info.EndOfFile.QuadPart, 5000);
  EXPECT_EQ(info.AllocationSize.QuadPart, 8192);
  ASSERT_EQ(h.SetDeleteOnClose(), STATUS_SUCCESS);
  ASSERT_EQ(h.QueryStandard(&info), STATUS_SUCCESS);
  EXPECT_TRUE(info.DeletePending);
  EXPECT_EQ(info.NumberOfLinks, 0u);
  // Too small for the fixed part.
  ULONG_PTR written = 7;
  EXPECT_EQ(h.QueryInformation(FileStandardInformation, &info, sizeof(info) - 1, &written),
            STATUS_INFO_LENGTH_MISMATCH);
  EXPECT_EQ(written, 0u);
  h.Close();
  EXPECT_EQ(h.QueryStandard(&info), STATUS_INVALID_HANDLE);
}

TEST_F(SimulatedIoTest, QueryNameFollowsRenamesAndReportsOverflow) {
  fltctx::io::Volume vol(fm_);
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  std::wstring name;
  ASSERT_EQ(h.QueryName(&name), STATUS_SUCCESS);
  EXPECT_EQ(name, L"\\a.txt");
  ASSERT_EQ(h.Rename(L"\\Longer.txt"), STATUS_SUCCESS);
  ASSERT_EQ(h.QueryName(&name), STATUS_SUCCESS);
  EXPECT_EQ(name, L"\\Longer.txt");
  // Room for the fixed part and 3 characters: truncated, full length given.
  struct {
    FILE_NAME_INFORMATION info;
    WCHAR more[2];
  } small = {};
  ULONG_PTR written = 0;
  const ULONG room = offsetof(FILE_NAME_INFORMATION, FileName) + 3 * sizeof(WCHAR);
  EXPECT_EQ(h.QueryInformation(FileNameInformation, &small, room, &written),
            STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(small.info.FileNameLength, 11 * sizeof(WCHAR));
  EXPECT_EQ(written, room);
  EXPECT_EQ(std::wstring(small.info.FileName, 3), L"\\Lo");
  EXPECT_EQ(h.QueryInformation(FileNameInformation, &small, 7, &written),
            STATUS_INFO_LENGTH_MISMATCH);
}

// --- Named streams ------------------------------------------------------------------

// Returns the context of `type` on `fo` through `instance` (released), or
// null.
PFLT_CONTEXT ContextOn(PFLT_INSTANCE instance, PFILE_OBJECT fo, FLT_CONTEXT_TYPE type) {
  PFLT_CONTEXT c = nullptr;
  NTSTATUS st = type == FLT_STREAM_CONTEXT ? FltGetStreamContext(instance, fo, &c)
                : type == FLT_FILE_CONTEXT ? FltGetFileContext(instance, fo, &c)
                                           : FltGetStreamHandleContext(instance, fo, &c);
  if (!NT_SUCCESS(st)) return nullptr;
  FltReleaseContext(c);
  return c;
}

TEST_F(SimulatedIoTest, NamedStreamsHaveTheirOwnStreamContextsAndShareTheFileContext) {
  fltctx::io::Volume vol(fm_);
  PFLT_INSTANCE instance = vol.Attach(Register<A>(), "370000");
  A::post = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID) {
    if (d->Iopb->MajorFunction == IRP_MJ_CREATE && NT_SUCCESS(d->IoStatus.Status)) {
      AttachContext(o, FLT_STREAM_CONTEXT);
      AttachContext(o, FLT_STREAMHANDLE_CONTEXT);
      AttachContext(o, FLT_FILE_CONTEXT);
    }
  };
  fltctx::io::Handle main = vol.Create(L"\\a.txt");
  ASSERT_EQ(main.Write("main"), STATUS_SUCCESS);
  fltctx::io::Handle ads = vol.Create(L"\\a.txt:ads");
  ASSERT_EQ(ads.status(), STATUS_SUCCESS);
  EXPECT_EQ(ads.information(), static_cast<ULONG_PTR>(FILE_CREATED));
  ASSERT_EQ(ads.Write("side"), STATUS_SUCCESS);
  fltctx::io::Handle ads2 = vol.Create(L"\\A.TXT:ADS:$DATA", FILE_OPEN);
  ASSERT_EQ(ads2.status(), STATUS_SUCCESS);

  // One stream context per stream, one file context for the file.
  PFLT_CONTEXT main_stream = ContextOn(instance, main.file_object(), FLT_STREAM_CONTEXT);
  PFLT_CONTEXT ads_stream = ContextOn(instance, ads.file_object(), FLT_STREAM_CONTEXT);
  ASSERT_NE(main_stream, nullptr);
  ASSERT_NE(ads_stream, nullptr);
  EXPECT_NE(main_stream, ads_stream);
  EXPECT_EQ(ContextOn(instance, ads2.file_object(), FLT_STREAM_CONTEXT), ads_stream);
  PFLT_CONTEXT file = ContextOn(instance, main.file_object(), FLT_FILE_CONTEXT);
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(ContextOn(instance, ads.file_object(), FLT_FILE_CONTEXT), file);

  EXPECT_EQ(vol.Contents(L"\\a.txt"), "main");
  EXPECT_EQ(vol.Contents(L"\\a.txt:ads"), "side");
  EXPECT_EQ(vol.Contents(L"\\a.txt::$DATA"), "main");
  std::wstring name;
  ASSERT_EQ(ads.QueryName(&name), STATUS_SUCCESS);
  EXPECT_EQ(name, L"\\a.txt:ads");
  FILE_STANDARD_INFORMATION info = {};
  ASSERT_EQ(ads.QueryStandard(&info), STATUS_SUCCESS);
  EXPECT_EQ(info.EndOfFile.QuadPart, 4);

  // The unnamed stream goes first: its stream context goes, the file's stays.
  log_.Take();
  main.Close();
  EXPECT_THAT(log_.Take(), ElementsAre("A pre cleanup", "A post cleanup", "A pre close",
                                       "A cleanup handle", "A cleanup stream", "A post close"));
  EXPECT_EQ(ContextOn(instance, ads.file_object(), FLT_FILE_CONTEXT), file);
  ads2.Close();
  EXPECT_THAT(log_.Take(), ElementsAre("A pre cleanup", "A post cleanup", "A pre close",
                                       "A cleanup handle", "A post close"));
  // The file's last stream goes: the file context with it.
  ads.Close();
  EXPECT_THAT(log_.Take(),
              ElementsAre("A pre cleanup", "A post cleanup", "A pre close", "A cleanup handle",
                          "A cleanup stream", "A cleanup file", "A post close"));
  EXPECT_EQ(fm_.LiveContextCount(), 0u);

  // Opened again, in the other order, the streams share a new file context.
  fltctx::io::Handle again_ads = vol.Create(L"\\a.txt:ads", FILE_OPEN);
  fltctx::io::Handle again_main = vol.Create(L"\\a.txt", FILE_OPEN);
  PFLT_CONTEXT new_file = ContextOn(instance, again_ads.file_object(), FLT_FILE_CONTEXT);
  ASSERT_NE(new_file, nullptr);
  EXPECT_EQ(ContextOn(instance, again_main.file_object(), FLT_FILE_CONTEXT), new_file);
}

TEST_F(SimulatedIoTest, NamedStreamsInTheNamespace) {
  fltctx::io::Volume vol(fm_);
  // A named stream of a missing file: FILE_OPEN fails, OPEN_IF makes both.
  EXPECT_EQ(vol.Create(L"\\b.txt:s", FILE_OPEN).status(), STATUS_OBJECT_NAME_NOT_FOUND);
  fltctx::io::Handle s = vol.Create(L"\\b.txt:s");
  ASSERT_EQ(s.status(), STATUS_SUCCESS);
  EXPECT_TRUE(vol.Exists(L"\\b.txt"));
  EXPECT_TRUE(vol.Exists(L"\\b.txt:s"));
  EXPECT_EQ(vol.Create(L"\\b.txt:s", FILE_CREATE).status(), STATUS_OBJECT_NAME_COLLISION);
  EXPECT_EQ(vol.Create(L"\\b.txt:other", FILE_OPEN).status(), STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(vol.Create(L"\\b.txt:s:$BAD").status(), STATUS_OBJECT_NAME_INVALID);
  EXPECT_EQ(s.Rename(L"\\c.txt"), STATUS_INVALID_PARAMETER) << "stream renames not simulated";

  // Deleting a named stream removes only it.
  ASSERT_EQ(s.SetDeleteOnClose(), STATUS_SUCCESS);
  FILE_STANDARD_INFORMATION info = {};
  ASSERT_EQ(s.QueryStandard(&info), STATUS_SUCCESS);
  EXPECT_TRUE(info.DeletePending);
  EXPECT_EQ(vol.Create(L"\\b.txt:s").status(), STATUS_DELETE_PENDING);
  s.Close();
  EXPECT_FALSE(vol.Exists(L"\\b.txt:s"));
  EXPECT_TRUE(vol.Exists(L"\\b.txt"));

  // Deleting the file (through its unnamed stream) takes its named streams,
  // once the last handle of any stream is cleaned up.
  fltctx::io::Handle t = vol.Create(L"\\b.txt:t");
  fltctx::io::Handle f = vol.Create(L"\\b.txt", FILE_OPEN);
  ASSERT_EQ(f.SetDeleteOnClose(), STATUS_SUCCESS);
  EXPECT_EQ(vol.Create(L"\\b.txt:t").status(), STATUS_DELETE_PENDING);
  f.Close();
  EXPECT_TRUE(vol.Exists(L"\\b.txt"));
  t.Close();
  EXPECT_FALSE(vol.Exists(L"\\b.txt"));
  EXPECT_FALSE(vol.Exists(L"\\b.txt:t"));
}

// --- Volume kinds ---------------------------------------------------------------------

// What a filter's post-create sees on each kind of volume: FltSupports*, and
// the status of setting and getting each context.
struct KindProbe {
  std::vector<std::string> seen;
  void Install() {
    A::post = [this](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID) {
      if (d->Iopb->MajorFunction != IRP_MJ_CREATE || !NT_SUCCESS(d->IoStatus.Status)) return;
      PFLT_CONTEXT c = nullptr;
      NTSTATUS get = FltGetStreamContext(o->Instance, o->FileObject, &c);
      if (NT_SUCCESS(get)) FltReleaseContext(c);
      seen.push_back(absl::StrFormat(
          "supports stream %d handle %d file %d file-ex %d; get stream %#x; set stream %#x "
          "handle %#x file %#x",
          FltSupportsStreamContexts(o->FileObject), FltSupportsStreamHandleContexts(o->FileObject),
          FltSupportsFileContexts(o->FileObject),
          FltSupportsFileContextsEx(o->FileObject, o->Instance), static_cast<uint32_t>(get),
          static_cast<uint32_t>(AttachContext(o, FLT_STREAM_CONTEXT)),
          static_cast<uint32_t>(AttachContext(o, FLT_STREAMHANDLE_CONTEXT)),
          static_cast<uint32_t>(AttachContext(o, FLT_FILE_CONTEXT))));
    };
  }
};

TEST_F(SimulatedIoTest, NtfsLikeVolumeHasFileAndStreamContexts) {
  fltctx::io::Volume vol(fm_, fltctx::io::VolumeSetup::Ntfs());
  vol.Attach(Register<A>(), "370000");
  KindProbe probe;
  probe.Install();
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  fltctx::io::Handle ads = vol.Create(L"\\a.txt:ads");
  ASSERT_EQ(ads.status(), STATUS_SUCCESS);
  EXPECT_THAT(probe.seen,
              ElementsAre("supports stream 1 handle 1 file 1 file-ex 1; get stream 0xc0000225; "
                          "set stream 0 handle 0 file 0",
                          // The named stream: a new stream context, the file's file context.
                          "supports stream 1 handle 1 file 1 file-ex 1; get stream 0xc0000225; "
                          "set stream 0 handle 0 file 0xc01c0002"));
  log_.Take();
  h.Close();
  ads.Close();
  EXPECT_THAT(log_.Take(),
              ElementsAre("A pre cleanup", "A post cleanup", "A pre close", "A cleanup handle",
                          "A cleanup stream", "A post close", "A pre cleanup", "A post cleanup",
                          "A pre close", "A cleanup handle", "A cleanup stream",
                          "A cleanup file", "A post close"));
}

TEST_F(SimulatedIoTest, FatLikeVolumeEmulatesFileContextsOnTheStream) {
  fltctx::io::Volume vol(fm_, fltctx::io::VolumeSetup::Fat());
  vol.Attach(Register<A>(), "370000");
  KindProbe probe;
  probe.Install();
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  fltctx::io::Handle second = vol.Create(L"\\a.txt", FILE_OPEN);
  EXPECT_EQ(vol.Create(L"\\a.txt:ads").status(), STATUS_OBJECT_NAME_INVALID) << "no named streams";
  // FltSupportsFileContexts is FALSE, FltSupportsFileContextsEx TRUE: the
  // filter manager keeps the file context on the (only) stream.
  EXPECT_THAT(probe.seen,
              ElementsAre("supports stream 1 handle 1 file 0 file-ex 1; get stream 0xc0000225; "
                          "set stream 0 handle 0 file 0",
                          "supports stream 1 handle 1 file 0 file-ex 1; get stream 0; "
                          "set stream 0xc01c0002 handle 0 file 0xc01c0002"));
  log_.Take();
  h.Close();
  EXPECT_THAT(log_.Take(), ElementsAre("A pre cleanup", "A post cleanup", "A pre close",
                                       "A cleanup handle", "A post close"));
  // The emulated file context goes with the stream, at its last close.
  second.Close();
  EXPECT_THAT(log_.Take(), ::testing::IsSupersetOf({"A cleanup stream", "A cleanup file"}));
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

TEST_F(SimulatedIoTest, NetworkVolumeHasNoStreamContexts) {
  fltctx::io::Volume vol(fm_, fltctx::io::VolumeSetup::Network());
  PFLT_INSTANCE instance = vol.Attach(Register<A>(), "370000");
  KindProbe probe;
  probe.Install();
  fltctx::io::Handle h = vol.Create(L"\\share.txt");
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_THAT(probe.seen,
              ElementsAre("supports stream 0 handle 0 file 0 file-ex 0; get stream 0xc00000bb; "
                          "set stream 0xc00000bb handle 0xc00000bb file 0xc00000bb"));
  // The I/O itself works.
  ASSERT_EQ(h.Write("remote"), STATUS_SUCCESS);
  EXPECT_EQ(vol.Contents(L"\\share.txt"), "remote");
  PFLT_CONTEXT c = nullptr;
  EXPECT_EQ(FltGetStreamContext(instance, h.file_object(), &c), STATUS_NOT_SUPPORTED);
  EXPECT_FALSE(FltSupportsStreamContexts(h.file_object()));
  h.Close();
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

TEST_F(SimulatedIoTest, PagingFileRefusesContexts) {
  fltctx::io::VolumeSetup setup;
  setup.paging_files = {L"\\pagefile.sys"};
  fltctx::io::Volume vol(fm_, setup);
  PFLT_INSTANCE instance = vol.Attach(Register<A>(), "370000");
  KindProbe probe;
  probe.Install();
  fltctx::io::Handle paging = vol.Create(L"\\PAGEFILE.SYS");
  ASSERT_EQ(paging.status(), STATUS_SUCCESS);
  fltctx::io::Handle other = vol.Create(L"\\a.txt");
  EXPECT_THAT(probe.seen,
              ElementsAre("supports stream 0 handle 0 file 0 file-ex 0; get stream 0xc00000bb; "
                          "set stream 0xc00000bb handle 0xc00000bb file 0xc00000bb",
                          // Another file on the same volume is not affected.
                          "supports stream 1 handle 1 file 1 file-ex 1; get stream 0xc0000225; "
                          "set stream 0 handle 0 file 0"));
  PFLT_CONTEXT c = nullptr;
  EXPECT_EQ(FltGetStreamHandleContext(instance, paging.file_object(), &c), STATUS_NOT_SUPPORTED);
  EXPECT_EQ(paging.Write("pages"), STATUS_SUCCESS);
  paging.Close();
  other.Close();
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}
