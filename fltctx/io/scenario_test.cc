// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The scenario format: what each verb does, the errors for malformed text
// (line numbers, what was expected), failures of expectations, and the
// example scenario under examples/scenarios.

#include "fltctx/io/scenario.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "fltctx/filter_manager.h"
#include "fltctx/wdk/fltkernel.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"

namespace {

using ::testing::HasSubstr;

constexpr ULONG kTag = 'csTS';

// A filter that gets or creates a stream context and a stream-handle context
// in post-create, and counts their cleanups.
struct CtxFilter {
  static inline int stream_cleanups = 0;
  static inline int handle_cleanups = 0;
  static inline int creates = 0;

  static NTSTATUS GetOrCreate(PCFLT_RELATED_OBJECTS o, FLT_CONTEXT_TYPE type) {
    PFLT_CONTEXT c = nullptr;
    NTSTATUS st = type == FLT_STREAM_CONTEXT ? FltGetStreamContext(o->Instance, o->FileObject, &c)
                                             : FltGetStreamHandleContext(o->Instance, o->FileObject, &c);
    if (NT_SUCCESS(st)) {
      FltReleaseContext(c);
      return st;
    }
    st = FltAllocateContext(o->Filter, type, 8, NonPagedPoolNx, &c);
    if (!NT_SUCCESS(st)) return st;
    st = type == FLT_STREAM_CONTEXT
             ? FltSetStreamContext(o->Instance, o->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c, nullptr)
             : FltSetStreamHandleContext(o->Instance, o->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c,
                                         nullptr);
    FltReleaseContext(c);
    return st;
  }
  static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA data,
                                                      PCFLT_RELATED_OBJECTS o, PVOID,
                                                      FLT_POST_OPERATION_FLAGS) {
    creates++;
    if (NT_SUCCESS(data->IoStatus.Status)) {
      GetOrCreate(o, FLT_STREAM_CONTEXT);
      GetOrCreate(o, FLT_STREAMHANDLE_CONTEXT);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  static VOID FLTAPI Cleanup(PFLT_CONTEXT, FLT_CONTEXT_TYPE type) {
    (type == FLT_STREAM_CONTEXT ? stream_cleanups : handle_cleanups)++;
  }
  static inline const FLT_OPERATION_REGISTRATION kOperations[] = {
      {IRP_MJ_CREATE, 0, nullptr, PostCreate, nullptr},
      {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr}};
  static inline const FLT_CONTEXT_REGISTRATION kContexts[] = {
      {FLT_STREAM_CONTEXT, 0, Cleanup, 8, kTag, nullptr, nullptr, nullptr},
      {FLT_STREAMHANDLE_CONTEXT, 0, Cleanup, 8, kTag, nullptr, nullptr, nullptr},
      {FLT_CONTEXT_END, 0, nullptr, 0, 0, nullptr, nullptr, nullptr}};
};

class ScenarioTest : public ::testing::Test {
 protected:
  ScenarioTest() {
    CtxFilter::stream_cleanups = 0;
    CtxFilter::handle_cleanups = 0;
    CtxFilter::creates = 0;
    FLT_REGISTRATION r = {};
    r.Size = sizeof(r);
    r.Version = FLT_REGISTRATION_VERSION;
    r.ContextRegistration = CtxFilter::kContexts;
    r.OperationRegistration = CtxFilter::kOperations;
    EXPECT_EQ(FltRegisterFilter(nullptr, &r, &filter_), STATUS_SUCCESS);
    EXPECT_EQ(FltStartFiltering(filter_), STATUS_SUCCESS);
    options_.filters["ctx"] = filter_;
  }

  absl::StatusOr<fltctx::io::ScenarioResult> Run(const std::string& text) {
    return fltctx::io::RunScenario(text, fm_, options_);
  }

  poolsim::Environment env_;
  poolsim::ScopedEnvironment install_env_{&env_};
  fltctx::FilterManager fm_{env_};
  fltctx::ScopedFilterManager install_fm_{&fm_};
  PFLT_FILTER filter_ = nullptr;
  fltctx::io::ScenarioOptions options_;
};

TEST_F(ScenarioTest, RunsTheExampleScenario) {
  std::ifstream in("examples/scenarios/basic.scn");
  ASSERT_TRUE(in.good()) << "examples/scenarios/basic.scn is not in the runfiles";
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<fltctx::io::ScenarioResult> r = Run(text.str());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->steps, 20);
  // Two streams (the second made after h2's close), four file objects.
  EXPECT_EQ(CtxFilter::stream_cleanups, 2);
  EXPECT_EQ(CtxFilter::handle_cleanups, 3);
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

TEST_F(ScenarioTest, TraceNamesEachStatus) {
  absl::StatusOr<fltctx::io::ScenarioResult> r = Run(
      "attach ctx 370030\n"
      "open a \\x.txt create   # makes it\n"
      "\n"
      "open b \\x.txt create => STATUS_OBJECT_NAME_COLLISION\n"
      "read a 4 => STATUS_END_OF_FILE\n"
      "close a\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->steps, 5);
  EXPECT_THAT(r->trace, ::testing::ElementsAre(
                            "1: attach ctx 370030 -> ok",
                            "2: open a \\x.txt create -> STATUS_SUCCESS",
                            "4: open b \\x.txt create => STATUS_OBJECT_NAME_COLLISION -> "
                            "STATUS_OBJECT_NAME_COLLISION",
                            "5: read a 4 => STATUS_END_OF_FILE -> STATUS_END_OF_FILE",
                            "6: close a -> ok"));
}

TEST_F(ScenarioTest, EachVerbDrivesTheFileSystem) {
  absl::StatusOr<fltctx::io::ScenarioResult> r = Run(
      "open a \\one.txt\n"                       // open-if, no filter attached
      "write a abcdef\n"
      "truncate a 3\n"
      "expect-contents \\one.txt abc\n"
      "rename a \\two.txt\n"
      "expect-file \\one.txt missing\n"
      "expect-file \\TWO.txt exists\n"
      "open b \\three.txt create\n"
      "rename b \\two.txt => STATUS_OBJECT_NAME_COLLISION\n"
      "rename b \\two.txt replace => STATUS_ACCESS_DENIED\n"  // the target is open
      "close a\n"
      "rename b \\two.txt replace\n"
      "expect-contents \\two.txt\n"               // empty: b's file replaced it
      "delete b\n"
      "open c \\two.txt => STATUS_DELETE_PENDING\n"
      "close b\n"
      "expect-file \\two.txt missing\n"
      "open c \\two.txt open => STATUS_OBJECT_NAME_NOT_FOUND\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->steps, 18);
}

TEST_F(ScenarioTest, CacheHeldFileObjectsKeepTheStreamContextUntilReleaseCache) {
  options_.volume.cache_holds_file_objects = true;
  absl::StatusOr<fltctx::io::ScenarioResult> r = Run(
      "attach ctx 1000\n"
      "open a \\c.txt\n"
      "write a x\n"
      "close a\n"
      "release-cache\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(CtxFilter::stream_cleanups, 1);
  // The same scenario without release-cache: the Volume's end releases it.
}

struct FailureCase {
  const char* name;
  const char* text;
  absl::StatusCode code;
  const char* message;  // the whole message
};

TEST_F(ScenarioTest, MalformedAndFailingScenariosNameTheLine) {
  const FailureCase cases[] = {
      {"unknown verb", "attach ctx 1\n\nwrtie h1 x\n", absl::StatusCode::kInvalidArgument,
       "line 3: unknown verb 'wrtie'; expected one of: attach, open, write, read, rename, delete, "
       "truncate, query, cleanup, close, release-cache, expect-stream-context, "
       "expect-stream-handle-context, expect-file, expect-contents, expect-live-contexts, "
       "open-by-id, dispose, link, object-id, list, transaction, commit, rollback"},
      {"missing args", "open h1\n", absl::StatusCode::kInvalidArgument,
       "line 1: 'open' is missing arguments; usage: open <handle> <\\name> "
       "[open|create|open-if|overwrite|overwrite-if|supersede] "
       "[directory|non-directory|delete-on-close|readonly|access=<mask>|tx=<transaction> ...]"},
      {"too many args", "# c\nclose h1 h2\n", absl::StatusCode::kInvalidArgument,
       "line 2: 'close' has too many arguments ('h2' and after); usage: close <handle>"},
      {"unknown handle", "open h1 \\a\nwrite h2 x\n", absl::StatusCode::kInvalidArgument,
       "line 2: unknown handle 'h2'; open it first with 'open h2 <\\name>'"},
      {"use after close", "open h1 \\a\nclose h1\nwrite h1 x\n", absl::StatusCode::kInvalidArgument,
       "line 3: handle 'h1' is used after its close on line 2"},
      {"close twice", "open h1 \\a\nclose h1\nclose h1\n", absl::StatusCode::kInvalidArgument,
       "line 3: handle 'h1' is used after its close on line 2"},
      {"write after cleanup", "open h1 \\a\ncleanup h1\nwrite h1 x\n",
       absl::StatusCode::kInvalidArgument,
       "line 3: handle 'h1' is used after its cleanup on line 2; only close and expect-* may follow"},
      {"open twice", "open h1 \\a\nopen h1 \\b\n", absl::StatusCode::kInvalidArgument,
       "line 2: handle 'h1' is already open (line 1); close it first"},
      {"failed open binds nothing", "open h1 \\a open => STATUS_OBJECT_NAME_NOT_FOUND\nclose h1\n",
       absl::StatusCode::kInvalidArgument,
       "line 2: unknown handle 'h1'; open it first with 'open h1 <\\name>'"},
      {"unknown filter", "attach av 320000\n", absl::StatusCode::kInvalidArgument,
       "line 1: unknown filter 'av'; the runner knows: ctx"},
      {"bad altitude", "attach ctx high\n", absl::StatusCode::kInvalidArgument,
       "line 1: expected an altitude such as 370030 or 385100.5, got 'high'"},
      {"attached twice", "attach ctx 1\nattach ctx 2\n", absl::StatusCode::kInvalidArgument,
       "line 2: filter 'ctx' is already attached (line 1)"},
      {"bad disposition", "open h1 \\a new\n", absl::StatusCode::kInvalidArgument,
       "line 1: unknown disposition 'new'; expected open, create, open-if, overwrite, "
       "overwrite-if or supersede"},
      {"bad number", "open h1 \\a\nread h1 lots\n", absl::StatusCode::kInvalidArgument,
       "line 2: expected a byte count up to 1048576, got 'lots'"},
      {"bad size", "open h1 \\a\ntruncate h1 -1\n", absl::StatusCode::kInvalidArgument,
       "line 2: expected a byte count, got '-1'"},
      {"size beyond a signed 64-bit end of file", "open h1 \\a\ntruncate h1 9223372036854775808\n",
       absl::StatusCode::kInvalidArgument,
       "line 2: expected a byte count up to 9223372036854775807, got '9223372036854775808'"},
      {"bad rename flag", "open h1 \\a\nrename h1 \\b force\n", absl::StatusCode::kInvalidArgument,
       "line 2: expected 'replace' or nothing after the new name, got 'force'"},
      {"unknown status", "open h1 \\a => STATUS_NOPE\n", absl::StatusCode::kInvalidArgument,
       "line 1: unknown status 'STATUS_NOPE'; expected a name such as STATUS_ACCESS_DENIED or a "
       "value such as 0xC0000022"},
      {"status not last", "open h1 \\a => STATUS_SUCCESS create\n",
       absl::StatusCode::kInvalidArgument,
       "line 1: expected one status name after '=>' at the end of the line (e.g. '=> "
       "STATUS_OBJECT_NAME_COLLISION')"},
      {"status on a check", "open h1 \\a\nclose h1 => STATUS_SUCCESS\n",
       absl::StatusCode::kInvalidArgument,
       "line 2: 'close' takes no expected status; usage: close <handle>"},
      {"present or absent", "attach ctx 1\nopen h1 \\a\nexpect-stream-context h1 yes\n",
       absl::StatusCode::kInvalidArgument, "line 3: expected 'present' or 'absent', got 'yes'"},
      {"context check without a filter", "open h1 \\a\nexpect-stream-context h1 absent\n",
       absl::StatusCode::kInvalidArgument,
       "line 2: no filter is attached; attach one first with 'attach <filter> <altitude>'"},
      {"context check of an unattached filter",
       "attach ctx 1\nopen h1 \\a\nexpect-stream-handle-context h1 absent other\n",
       absl::StatusCode::kInvalidArgument,
       "line 3: filter 'other' is not attached; attach it first with 'attach other <altitude>'"},
      {"exists or missing", "expect-file \\a here\n", absl::StatusCode::kInvalidArgument,
       "line 1: expected 'exists' or 'missing', got 'here'"},
      {"not ascii", "open h1 \\\xc3\xa9.txt\n", absl::StatusCode::kInvalidArgument,
       "line 1: '\\\\xC3\\xA9.txt' is not ASCII"},
      {"control byte", "wr\x01" "te h1 x\n", absl::StatusCode::kInvalidArgument,
       "line 1: unknown verb 'wr\\x01te'; expected one of: attach, open, write, read, rename, delete, "
       "truncate, query, cleanup, close, release-cache, expect-stream-context, "
       "expect-stream-handle-context, expect-file, expect-contents, expect-live-contexts, "
       "open-by-id, dispose, link, object-id, list, transaction, commit, rollback"},
      {"byte-order mark inside", "attach ctx 1\n\xEF\xBB\xBFopen h1 \\a\n",
       absl::StatusCode::kInvalidArgument,
       "line 2: a UTF-8 byte-order mark (bytes EF BB BF) inside the text; only the start of a "
       "file may carry one"},
      {"UTF-16", "\xFF\xFE" "a\0t\0", absl::StatusCode::kInvalidArgument,
       "line 1: the text starts with a UTF-16 byte-order mark; save the scenario as UTF-8 or "
       "ASCII"},
      {"live count", "expect-live-contexts many\n", absl::StatusCode::kInvalidArgument,
       "line 1: expected a count of contexts, got 'many'"},
      {"live count type", "expect-live-contexts streams 0\n", absl::StatusCode::kInvalidArgument,
       "line 1: unknown context type 'streams'; expected volume, instance, file, stream, "
       "stream-handle, transaction or section"},
      // Failures while running.
      {"unexpected status", "open h1 \\a open\n", absl::StatusCode::kFailedPrecondition,
       "line 1: open h1 \\a open: returned STATUS_OBJECT_NAME_NOT_FOUND, expected STATUS_SUCCESS "
       "(add '=> STATUS_OBJECT_NAME_NOT_FOUND' to expect it)"},
      {"expected failure succeeded", "open h1 \\a create => STATUS_ACCESS_DENIED\n",
       absl::StatusCode::kFailedPrecondition,
       "line 1: open h1 \\a create => STATUS_ACCESS_DENIED: returned STATUS_SUCCESS, expected "
       "STATUS_ACCESS_DENIED"},
      {"context present", "attach ctx 1\nopen h1 \\a\nexpect-stream-context h1 absent\n",
       absl::StatusCode::kFailedPrecondition,
       "line 3: expect-stream-context h1 absent: the stream context of 'ctx' is present"},
      {"wrong data", "open h1 \\a\nwrite h1 abc\nread h1 3 abc # at the end: EOF\n",
       absl::StatusCode::kFailedPrecondition,
       "line 3: read h1 3 abc: returned STATUS_END_OF_FILE, expected STATUS_SUCCESS (add '=> "
       "STATUS_END_OF_FILE' to expect it)"},
      {"contents", "open h1 \\a\nwrite h1 abc\nexpect-contents \\a abd\n",
       absl::StatusCode::kFailedPrecondition, "line 3: expect-contents \\a abd: the contents are 'abc'"},
      {"file", "expect-file \\a exists\n", absl::StatusCode::kFailedPrecondition,
       "line 1: expect-file \\a exists: the file is missing"},
      {"zero bytes in a message", "open h1 \\a\ntruncate h1 2\nexpect-contents \\a x\n",
       absl::StatusCode::kFailedPrecondition,
       "line 3: expect-contents \\a x: the contents are '\\x00\\x00'"},
      {"live contexts", "attach ctx 1\nopen h1 \\a\nexpect-live-contexts stream 0\n",
       absl::StatusCode::kFailedPrecondition,
       "line 3: expect-live-contexts stream 0: 1 stream context(s) are live (not yet freed)"},
      {"all live contexts", "attach ctx 1\nopen h1 \\a\nexpect-live-contexts 1\n",
       absl::StatusCode::kFailedPrecondition,
       "line 3: expect-live-contexts 1: 2 context(s) are live (not yet freed)"},
      {"context still attached after close",
       "attach ctx 1\nopen h1 \\a\nopen h2 \\a\nclose h1\nexpect-stream-context h1 absent\n",
       absl::StatusCode::kFailedPrecondition,
       "line 5: expect-stream-context h1 absent: the stream context of 'ctx' that 'h1' had at its "
       "close on line 4 is still attached"},
      {"context gone after close",
       "attach ctx 1\nopen h1 \\a\nclose h1\nexpect-stream-context h1 present\n",
       absl::StatusCode::kFailedPrecondition,
       "line 4: expect-stream-context h1 present: the stream context of 'ctx' that 'h1' had at its "
       "close on line 3 is gone"},
      {"no context at close",
       "open h1 \\a\nattach ctx 1\nclose h1\nexpect-stream-context h1 present\n",
       absl::StatusCode::kFailedPrecondition,
       "line 4: expect-stream-context h1 present: 'h1' had no stream context of 'ctx' at its close "
       "on line 3"},
  };
  for (const FailureCase& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<fltctx::io::ScenarioResult> r = Run(c.text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), c.code);
    EXPECT_EQ(r.status().message(), c.message);
  }
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

TEST_F(ScenarioTest, MalformedTextRunsNothing) {
  // The error is on the last line; the open on line 1 never ran.
  absl::StatusOr<fltctx::io::ScenarioResult> r =
      Run("attach ctx 1\nopen h1 \\made.txt\nbogus\n");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("line 3: unknown verb 'bogus'"));
  EXPECT_EQ(CtxFilter::creates, 0);
  EXPECT_TRUE(fltctx::io::ValidateScenario("open h1 \\a\nclose h1\n", options_).ok());
  EXPECT_EQ(fltctx::io::ValidateScenario("close h1\n", options_).code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(Run("attach ctx 1\nopen h1 \\made.txt\n").ok());
  EXPECT_EQ(CtxFilter::creates, 1);
}

TEST_F(ScenarioTest, ReadComparesTheData) {
  absl::StatusOr<fltctx::io::ScenarioResult> r =
      Run("open h1 \\a\nwrite h1 hello\nclose h1\nopen h1 \\a\nread h1 3 hel\nread h1 9 lo\n");
  ASSERT_TRUE(r.ok()) << r.status();
  r = Run("open h1 \\b\nwrite h1 hello\nclose h1\nopen h1 \\b\nread h1 3 hex\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "line 5: read h1 3 hex: read 'hel', expected 'hex'");
}

TEST_F(ScenarioTest, NamedStreamsHaveTheirOwnStreamContexts) {
  absl::StatusOr<fltctx::io::ScenarioResult> r = Run(
      "attach ctx 370030\n"
      "open main \\a.txt create\n"
      "open ads \\a.txt:ads create\n"
      "write ads side\n"
      "query ads name \\a.txt:ads\n"
      "query main standard 0\n"
      "close main\n"
      "expect-stream-context ads present\n"
      "expect-contents \\a.txt:ads side\n"
      "close ads\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(CtxFilter::stream_cleanups, 2);
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

TEST_F(ScenarioTest, QueryChecksEndOfFileAndName) {
  absl::StatusOr<fltctx::io::ScenarioResult> r = Run(
      "open h1 \\a.txt\n"
      "write h1 hello\n"
      "query h1 standard 5\n"
      "query h1 basic\n"
      "truncate h1 2\n"
      "query h1 standard 2\n"
      "rename h1 \\b.txt\n"
      "query h1 name \\b.txt\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->steps, 8);
  r = Run("open h1 \\a.txt\nwrite h1 hello\nquery h1 standard 4\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "line 3: query h1 standard 4: the end of file is 5");
  r = Run("open h1 \\a.txt\nquery h1 name \\c.txt\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "line 2: query h1 name \\c.txt: the name is '\\a.txt'");
  r = Run("open h1 \\a.txt\nquery h1 size\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "line 2: unknown information class 'size'; expected basic, standard, name, "
            "delete-pending or links");
  r = Run("open h1 \\a.txt\nquery h1 standard many\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "line 2: expected an end of file (a byte count), got 'many'");
}

// After `close h`, expect-stream-context and expect-stream-handle-context
// check the contexts h's stream and file object carried at the close.
TEST_F(ScenarioTest, ContextsCanBeCheckedAfterClose) {
  absl::StatusOr<fltctx::io::ScenarioResult> r = Run(
      "attach ctx 370030\n"
      "open h1 \\a.txt create\n"
      "open h2 \\a.txt open\n"
      "expect-live-contexts stream 1\n"
      "expect-live-contexts stream-handle 2\n"
      "close h1\n"
      "expect-stream-context h1 present          # h2 keeps the stream\n"
      "expect-stream-handle-context h1 absent    # the file object went\n"
      "expect-live-contexts stream-handle 1\n"
      "close h2\n"
      "expect-stream-context h2 absent\n"
      "expect-stream-context h1 absent           # the same stream context\n"
      "expect-live-contexts stream 0\n"
      "expect-live-contexts 0\n"
      "open h1 \\a.txt open                     # the name is free again\n"
      "expect-stream-context h1 present\n"
      "close h1\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->steps, 17);
  EXPECT_EQ(CtxFilter::stream_cleanups, 2);
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

// The cache manager keeps the file object: its stream context outlives the
// close until release-cache.
TEST_F(ScenarioTest, AfterCloseChecksSeeTheCacheHold) {
  options_.volume.cache_holds_file_objects = true;
  absl::StatusOr<fltctx::io::ScenarioResult> r = Run(
      "attach ctx 1000\n"
      "open a \\c.txt\n"
      "write a x\n"
      "close a\n"
      "expect-stream-context a present\n"
      "expect-live-contexts stream 1\n"
      "release-cache\n"
      "expect-stream-context a absent\n"
      "expect-live-contexts stream 0\n");
  ASSERT_TRUE(r.ok()) << r.status();
}

// A scenario saved by an editor that writes a UTF-8 byte-order mark runs as
// if the mark were not there.
TEST_F(ScenarioTest, AByteOrderMarkAtTheStartIsSkipped) {
  absl::StatusOr<fltctx::io::ScenarioResult> r =
      Run("\xEF\xBB\xBF" "attach ctx 1\nopen h1 \\a\nclose h1\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->steps, 3);
  EXPECT_EQ(r->trace[0], "1: attach ctx 1 -> ok");
  std::ifstream in("fltctx/io/testdata/bom.scn", std::ios::binary);
  ASSERT_TRUE(in.good()) << "fltctx/io/testdata/bom.scn is not in the runfiles";
  std::stringstream text;
  text << in.rdbuf();
  ASSERT_EQ(text.str().substr(0, 3), "\xEF\xBB\xBF");
  r = Run(text.str());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(CtxFilter::stream_cleanups, 2);  // one stream per run
}

}  // namespace
