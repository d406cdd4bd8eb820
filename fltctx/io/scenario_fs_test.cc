// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/scenario_fs_test.cc
// -----------------------------------------------------------------------------
//
// The scenario format's file-system verbs and options (create options, open
// by file and object ID, FileDispositionInformation(Ex), links, object IDs,
// directory listings, transactions), run with the C observer filter
// (testdata/fs_observer.c) so each test also checks what the filter saw;
// their errors; and every scenario of the fuzzer's corpus, replayed. Every
// test is leak-checked (//:leak_check_main).

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "fltctx/io/io_fs_test_fixture.h"
#include "fltctx/io/scenario.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fltctx_io_fs_test {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class ScenarioFsTest : public FileSystemTest {
 protected:
  ScenarioFsTest() { options_.filters["ctx"] = g_fso_filter; }

  absl::StatusOr<fltctx::io::ScenarioResult> Run(const std::string& text) {
    return fltctx::io::RunScenario(text, fm_, options_);
  }
  // The last pre-set-information record of a disposition class, or null.
  static const FSO_RECORD* LastDisposition() {
    for (LONG i = std::min<LONG>(g_fso_count, FSO_MAX_RECORDS); i-- > 0;) {
      const FSO_RECORD& r = g_fso_records[i];
      if (r.Major == IRP_MJ_SET_INFORMATION && !r.Post &&
          (r.InformationClass == ULONG{FileDispositionInformation} ||
           r.InformationClass == ULONG{FileDispositionInformationEx})) {
        return &r;
      }
    }
    return nullptr;
  }

  fltctx::io::ScenarioOptions options_;
};

TEST_F(ScenarioFsTest, OpenOptionsAreTheCreatesOptions) {
  absl::StatusOr<fltctx::io::ScenarioResult> r =
      Run("attach ctx 370030\n"
          "open d \\dir create directory\n"
          "open f \\dir open non-directory => STATUS_FILE_IS_A_DIRECTORY\n"
          "open n \\dir\\n create directory\n"
          "open g \\dir\\g.txt create delete-on-close\n");
  ASSERT_TRUE(r.ok()) << r.status();
  const FSO_RECORD* pre = Last(IRP_MJ_CREATE, false);
  ASSERT_NE(pre, nullptr);
  EXPECT_EQ(pre->CreateOptions, (ULONG{FILE_CREATE} << 24) | FILE_DELETE_ON_CLOSE);
  r = Run("attach ctx 370030\n"
          "open d \\dir create directory\n"
          "open g \\dir\\g.txt create delete-on-close\n"
          "close g\n"       // its cleanup deletes it
          "expect-file \\dir\\g.txt missing\n"
          "open again \\dir open directory\n"
          "list again .,..\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Last(IRP_MJ_CREATE, false)->CreateOptions,
            (ULONG{FILE_OPEN} << 24) | FILE_DIRECTORY_FILE);
}

TEST_F(ScenarioFsTest, DeleteOnCloseNeedsDeleteAccessAndAReadOnlyFileCannotBeDeleted) {
  absl::StatusOr<fltctx::io::ScenarioResult> r =
      Run("attach ctx 370030\n"
          "open a \\a.txt create delete-on-close access=0x0012019F => STATUS_INVALID_PARAMETER\n"
          "open b \\b.txt create delete-on-close access=0x00010000\n"
          "open ro \\ro.txt create readonly\n"
          "delete ro => STATUS_CANNOT_DELETE\n"
          "open ro2 \\ro.txt open delete-on-close => STATUS_CANNOT_DELETE\n"
          "dispose ro delete ignore-readonly\n"
          "query ro delete-pending yes\n"
          "close ro\n"
          "close b\n"
          "expect-file \\ro.txt missing\n"
          "expect-file \\b.txt missing\n");
  ASSERT_TRUE(r.ok()) << r.status();
  bool saw = false;
  for (LONG i = 0; i < g_fso_count; ++i) {
    const FSO_RECORD& rec = g_fso_records[i];
    if (rec.Major == IRP_MJ_SET_INFORMATION && !rec.Post &&
        rec.DispositionFlags ==
            ULONG{FILE_DISPOSITION_DELETE | FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE}) {
      saw = rec.InformationClass == ULONG{FileDispositionInformationEx};
    }
  }
  EXPECT_TRUE(saw);
}

TEST_F(ScenarioFsTest, DeleteAndCancelThroughFileDispositionInformation) {
  absl::StatusOr<fltctx::io::ScenarioResult> r =
      Run("attach ctx 370030\n"
          "open a \\a.txt create\n"
          "delete a\n"
          "query a delete-pending yes\n"
          "query a links 0\n"
          "open b \\a.txt open => STATUS_DELETE_PENDING\n"
          "delete a cancel\n"
          "query a delete-pending no\n"
          "open c \\a.txt open\n"
          "close c\n"
          "close a\n"
          "expect-file \\a.txt exists\n");
  ASSERT_TRUE(r.ok()) << r.status();
  // `delete a cancel` is FileDispositionInformation with DeleteFile FALSE.
  bool saw_cancel = false;
  for (LONG i = 0; i < g_fso_count; ++i) {
    const FSO_RECORD& rec = g_fso_records[i];
    if (rec.Major == IRP_MJ_SET_INFORMATION && !rec.Post) {
      EXPECT_EQ(rec.InformationClass, ULONG{FileDispositionInformation});
      if (rec.DispositionFlags == 0) saw_cancel = true;
    }
  }
  EXPECT_TRUE(saw_cancel);
}

TEST_F(ScenarioFsTest, PosixDeleteFreesTheNameAtOnce) {
  absl::StatusOr<fltctx::io::ScenarioResult> r =
      Run("attach ctx 370030\n"
          "open p \\p.txt create\n"
          "write p kept\n"
          "open reader \\p.txt open\n"
          "dispose p delete posix\n"
          "close p\n"
          "expect-file \\p.txt missing\n"
          "read reader 4 kept\n"
          "query reader delete-pending yes\n"
          "dispose reader delete => STATUS_FILE_DELETED\n"
          "link reader \\l.txt => STATUS_FILE_DELETED\n"
          "open fresh \\p.txt create\n");
  ASSERT_TRUE(r.ok()) << r.status();
  // The last disposition is the refused one through the deleted file.
  const FSO_RECORD* set = LastDisposition();
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->InformationClass, ULONG{FileDispositionInformationEx});
  EXPECT_EQ(set->DispositionFlags, ULONG{FILE_DISPOSITION_DELETE});
  EXPECT_EQ(Last(IRP_MJ_SET_INFORMATION, true)->Status, STATUS_FILE_DELETED);
}

TEST_F(ScenarioFsTest, OnCloseFlagSetsTheFileObjectsDeleteOnClose) {
  absl::StatusOr<fltctx::io::ScenarioResult> r =
      Run("attach ctx 370030\n"
          "open a \\a.txt create\n"
          "open keep \\a.txt open\n"
          "dispose a delete on-close\n"
          "query a delete-pending no\n"   // marked only at a's cleanup
          "close a\n"
          "query keep delete-pending yes\n"
          "open b \\a.txt open => STATUS_DELETE_PENDING\n"
          "close keep\n"
          "expect-file \\a.txt missing\n");
  ASSERT_TRUE(r.ok()) << r.status();
  const FSO_RECORD* set = LastDisposition();
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->DispositionFlags, ULONG{FILE_DISPOSITION_DELETE | FILE_DISPOSITION_ON_CLOSE});
}

TEST_F(ScenarioFsTest, LinksAndRenames) {
  absl::StatusOr<fltctx::io::ScenarioResult> r =
      Run("open a \\a.txt create\n"
          "write a data\n"
          "link a \\b.txt\n"
          "query a links 2\n"
          "open c \\c.txt create\n"
          "link c \\b.txt => STATUS_OBJECT_NAME_COLLISION\n"
          "rename c \\b.txt replace => STATUS_ACCESS_DENIED\n"   // b is open, as a
          "close a\n"
          "rename c \\b.txt replace\n"
          "query c name \\b.txt\n"
          "open a2 \\a.txt open\n"
          "expect-contents \\a.txt data\n"
          "expect-contents \\b.txt\n");
  ASSERT_TRUE(r.ok()) << r.status();
}

TEST_F(ScenarioFsTest, ObjectIdsAndOpensById) {
  absl::StatusOr<fltctx::io::ScenarioResult> r =
      Run("attach ctx 370030\n"
          "open a \\a.txt create\n"
          "object-id a get => STATUS_OBJECTID_NOT_FOUND\n"
          "object-id a create oid\n"
          "object-id a get oid\n"
          "object-id a create oid\n"            // the same ID again
          "open-by-id b object oid\n"
          "query b name \\a.txt\n"
          "open-by-id c file \\a.txt\n"
          "query c name \\a.txt\n"
          "open-by-id d file \\a.txt create => STATUS_INVALID_PARAMETER\n"
          "object-id a delete\n"
          "open-by-id e object oid => STATUS_OBJECT_NAME_NOT_FOUND\n"
          "object-id a set 000102030405060708090a0b0c0d0e0f\n"
          "open x \\x.txt create\n"
          "object-id x set 000102030405060708090A0B0C0D0E0F => 0xC00000BD\n"
          "open-by-id f object 000102030405060708090a0b0c0d0e0f\n"
          "query f name \\a.txt\n");
  ASSERT_TRUE(r.ok()) << r.status();
  const FSO_RECORD* fsctl = Last(IRP_MJ_FILE_SYSTEM_CONTROL, false);
  ASSERT_NE(fsctl, nullptr);
  EXPECT_EQ(fsctl->FsControlCode, ULONG{FSCTL_SET_OBJECT_ID});
  EXPECT_EQ(fsctl->InputLength, ULONG{sizeof(FILE_OBJECTID_BUFFER)});
  EXPECT_EQ(Last(IRP_MJ_CREATE, false)->CreateOptions,
            (ULONG{FILE_OPEN} << 24) | FILE_OPEN_BY_FILE_ID);
}

TEST_F(ScenarioFsTest, TransactionsCommitAndRollBack) {
  absl::StatusOr<fltctx::io::ScenarioResult> r =
      Run("attach ctx 370030\n"
          "transaction t\n"
          "open a \\a.txt create tx=t\n"
          "write a undone\n"
          "rollback t\n"
          "expect-file \\a.txt missing\n"
          "query a standard 6\n"          // its handle keeps working
          "transaction t\n"               // the name may begin another
          "open b \\b.txt create tx=t\n"
          "close b\n"
          "commit t\n"
          "expect-file \\b.txt exists\n");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(g_fso_notification_count, 2);
  EXPECT_EQ(g_fso_notifications[0], ULONG{TRANSACTION_NOTIFY_ROLLBACK});
  EXPECT_EQ(g_fso_notifications[1], ULONG{TRANSACTION_NOTIFY_COMMIT});
  EXPECT_TRUE(g_fso_notification_had_context);
  EXPECT_EQ(Last(IRP_MJ_CREATE, false)->Transaction, Last(IRP_MJ_CREATE, true)->Transaction);
  EXPECT_NE(Last(IRP_MJ_CREATE, false)->Transaction, nullptr);
}

TEST_F(ScenarioFsTest, ATransactionLeftActiveIsRolledBackAtTheEnd) {
  ASSERT_TRUE(Run("attach ctx 370030\ntransaction t\nopen a \\a.txt create tx=t\n").ok());
  ASSERT_EQ(g_fso_notification_count, 1);
  EXPECT_EQ(g_fso_notifications[0], ULONG{TRANSACTION_NOTIFY_ROLLBACK});
  EXPECT_EQ(fm_.LiveContextCount(fltctx::ContextType::kTransaction), 0u);
}

TEST_F(ScenarioFsTest, ListingsCompareTheNames) {
  absl::StatusOr<fltctx::io::ScenarioResult> r =
      Run("open a \\b.txt create\nopen s \\Sub create directory\nopen root \\ open directory\n"
          "list root b.txt,Sub\nlist a => STATUS_INVALID_PARAMETER\n");
  ASSERT_TRUE(r.ok()) << r.status();
  r = Run("open a \\b.txt create\nopen s \\Sub create directory\nopen root \\ open directory\n"
          "list root b.txt\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "line 4: list root b.txt: the directory lists 'b.txt,Sub'");
}

struct FailureCase {
  const char* name;
  const char* text;
  absl::StatusCode code;
  const char* message;
};

TEST_F(ScenarioFsTest, MalformedAndFailingLinesNameTheLine) {
  const FailureCase cases[] = {
      {"unknown create option", "open h \\a create fast\n", absl::StatusCode::kInvalidArgument,
       "line 1: unknown create option 'fast'; expected directory, non-directory, "
       "delete-on-close, readonly, access=<mask> or tx=<transaction>"},
      {"option in place of a disposition", "open-by-id h file \\a fast\n",
       absl::StatusCode::kInvalidArgument,
       "line 1: unknown create option 'fast'; expected a disposition, directory, non-directory, "
       "delete-on-close, access=<mask> or tx=<transaction>"},
      {"bad access", "open h \\a access=all\n", absl::StatusCode::kInvalidArgument,
       "line 1: expected an access mask such as access=0x00130197, got 'access=all'"},
      {"unknown transaction", "open h \\a tx=t\n", absl::StatusCode::kInvalidArgument,
       "line 1: unknown transaction 't'; begin it first with 'transaction t'"},
      {"transaction after commit", "transaction t\ncommit t\nopen h \\a tx=t\n",
       absl::StatusCode::kInvalidArgument,
       "line 3: transaction 't' is used after its commit on line 2"},
      {"completed twice", "transaction t\nrollback t\ncommit t\n",
       absl::StatusCode::kInvalidArgument,
       "line 3: transaction 't' is used after its rollback on line 2"},
      {"begun twice", "transaction t\ntransaction t\n", absl::StatusCode::kInvalidArgument,
       "line 2: transaction 't' is already begun (line 1); commit or roll it back first"},
      {"open by what", "open-by-id h name \\a\n", absl::StatusCode::kInvalidArgument,
       "line 1: expected 'file' or 'object' after the handle, got 'name'"},
      {"open by file of no name", "open-by-id h file a.txt\n", absl::StatusCode::kInvalidArgument,
       "line 1: expected a name starting with '\\' after 'file', got 'a.txt'"},
      {"unknown object ID label", "open-by-id h object oid\n", absl::StatusCode::kInvalidArgument,
       "line 1: unknown object ID 'oid'; give 32 hex digits or a label bound first with "
       "'object-id <handle> create oid'"},
      {"a failed create binds no label",
       "open h \\a\nobject-id h get oid => STATUS_OBJECTID_NOT_FOUND\nopen-by-id g object oid\n",
       absl::StatusCode::kInvalidArgument,
       "line 3: unknown object ID 'oid'; give 32 hex digits or a label bound first with "
       "'object-id <handle> create oid'"},
      {"object-id action", "open h \\a\nobject-id h make\n", absl::StatusCode::kInvalidArgument,
       "line 2: unknown object-ID action 'make'; expected create, get, set or delete"},
      {"set without an ID", "open h \\a\nobject-id h set\n", absl::StatusCode::kInvalidArgument,
       "line 2: 'object-id <handle> set' needs the ID; usage: object-id <handle> create "
       "[<label>]|get [<label>]|set <label or 32 hex digits>|delete"},
      {"short object ID", "open h \\a\nobject-id h set 0011\n", absl::StatusCode::kInvalidArgument,
       "line 2: unknown object ID '0011'; give 32 hex digits or a label bound first with "
       "'object-id <handle> create 0011'"},
      {"delete takes nothing", "open h \\a\nobject-id h delete oid\n",
       absl::StatusCode::kInvalidArgument,
       "line 2: 'object-id <handle> delete' takes nothing more; usage: object-id <handle> create "
       "[<label>]|get [<label>]|set <label or 32 hex digits>|delete"},
      {"disposition flag", "open h \\a\ndispose h remove\n", absl::StatusCode::kInvalidArgument,
       "line 2: unknown disposition flag 'remove'; expected delete, do-not-delete, posix, "
       "on-close, ignore-readonly, force-image-section-check or a value such as 0x3"},
      {"delete cancel", "open h \\a\ndelete h now\n", absl::StatusCode::kInvalidArgument,
       "line 2: expected 'cancel' or nothing after the handle, got 'now'"},
      {"link replace", "open h \\a\nlink h \\b force\n", absl::StatusCode::kInvalidArgument,
       "line 2: expected 'replace' or nothing after the new name, got 'force'"},
      {"pending yes or no", "open h \\a\nquery h delete-pending maybe\n",
       absl::StatusCode::kInvalidArgument, "line 2: expected 'yes' or 'no', got 'maybe'"},
      {"pending needs a value", "open h \\a\nquery h delete-pending\n",
       absl::StatusCode::kInvalidArgument,
       "line 2: 'query <handle> delete-pending' needs the value expected (yes or no)"},
      {"links count", "open h \\a\nquery h links two\n", absl::StatusCode::kInvalidArgument,
       "line 2: expected a count of links, got 'two'"},
      {"list names", "open h \\ open directory\nlist h a,,b\n", absl::StatusCode::kInvalidArgument,
       "line 2: expected names separated by single commas, got 'a,,b'"},
      {"commit with a status", "transaction t\ncommit t => STATUS_SUCCESS\n",
       absl::StatusCode::kInvalidArgument,
       "line 2: 'commit' takes no expected status; usage: commit <transaction>"},
      // Failures while running.
      {"not pending", "open h \\a\nquery h delete-pending yes\n",
       absl::StatusCode::kFailedPrecondition,
       "line 2: query h delete-pending yes: the file is not marked for deletion"},
      {"links", "open h \\a\nquery h links 2\n", absl::StatusCode::kFailedPrecondition,
       "line 2: query h links 2: the file has 1 link(s)"},
      {"another object ID",
       "open h \\a\nobject-id h set 000102030405060708090a0b0c0d0e0f\n"
       "object-id h get 0f0e0d0c0b0a09080706050403020100\n",
       absl::StatusCode::kFailedPrecondition,
       "line 3: object-id h get 0f0e0d0c0b0a09080706050403020100: the object ID is "
       "000102030405060708090a0b0c0d0e0f"},
      {"delete pending expected", "open h \\a\ndelete h\nopen g \\a open\n",
       absl::StatusCode::kFailedPrecondition,
       "line 3: open g \\a open: returned STATUS_DELETE_PENDING, expected STATUS_SUCCESS (add "
       "'=> STATUS_DELETE_PENDING' to expect it)"},
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

// The fuzzer's corpus entries of the file system's features (fs_*.scn) run
// to their end with the observer as "ctx".
TEST_F(ScenarioFsTest, EveryFileSystemCorpusScenarioRuns) {
  const std::string dir = "fltctx/io/testdata/scenario_corpus";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("fs_", 0) != 0) continue;
    SCOPED_TRACE(entry.path().string());
    ++files;
    options_.source_name = entry.path().string();
    absl::StatusOr<fltctx::io::ScenarioResult> r = Run(ReadFile(entry.path().string()));
    EXPECT_TRUE(r.ok()) << r.status();
  }
  EXPECT_GE(files, 2);
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

TEST_F(ScenarioFsTest, TheFeaturesScenarioOfTheDocumentation) {
  absl::StatusOr<fltctx::io::ScenarioResult> r =
      Run(ReadFile("fltctx/io/testdata/scenario_corpus/fs_features.scn"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->steps, 38);
  ASSERT_EQ(g_fso_notification_count, 1);
  EXPECT_EQ(g_fso_notifications[0], ULONG{TRANSACTION_NOTIFY_ROLLBACK});
}

}  // namespace
}  // namespace fltctx_io_fs_test
