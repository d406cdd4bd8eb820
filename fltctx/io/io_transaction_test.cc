// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/io_transaction_test.cc
// -----------------------------------------------------------------------------
//
// Transactions driven through simulated I/O, as the C observer filter sees
// them: a create inside a transaction (FltObjects->Transaction,
// IoGetTransactionParameterBlock), the filter's transaction context and
// enlistment, commit and rollback reaching its TransactionNotificationCallback
// and tearing the transaction context down.

#include <string>
#include <vector>

#include "fltctx/io/io_fs_test_fixture.h"
#include "fltctx/wdk/simulation.h"
#include "poolsim/fault_sweep.h"
#include "poolsim/testing/leak_check.h"

namespace fltctx_io_fs_test {
namespace {

using fltctx::io::CreateRequest;
using fltctx::io::Handle;

TEST_F(FileSystemTest, ATransactedCreateNamesItsTransactionToTheFilters) {
  auto vol = Mount();
  PKTRANSACTION tx = fltctx::wdk::CreateTransaction(fm_);
  CreateRequest r = Request(L"\\t.txt", FILE_CREATE);
  r.transaction = tx;
  Handle h = vol->Create(r);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  const FSO_RECORD* pre = Last(IRP_MJ_CREATE, false);
  EXPECT_EQ(pre->Transaction, tx);
  EXPECT_EQ(pre->TxnObject, tx);
  EXPECT_EQ(Last(IRP_MJ_CREATE, true)->Transaction, tx);
  PTXN_PARAMETER_BLOCK block = IoGetTransactionParameterBlock(h.file_object());
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(block->Length, sizeof(TXN_PARAMETER_BLOCK));
  EXPECT_EQ(block->TransactionObject, tx);
  // The filter set its transaction context and enlisted.
  EXPECT_EQ(g_fso_enlisted, 1);
  EXPECT_EQ(g_fso_get_transaction_context_status, STATUS_SUCCESS);
  // Later I/O on the file object carries the transaction too.
  ASSERT_EQ(h.SetEndOfFile(3), STATUS_SUCCESS);
  EXPECT_EQ(Last(IRP_MJ_SET_INFORMATION, false)->Transaction, tx);

  // A second transacted create finds the context: no second enlistment.
  Handle second = vol->Create(r.name, FILE_OPEN);
  EXPECT_EQ(Last(IRP_MJ_CREATE, false)->Transaction, nullptr);
  EXPECT_EQ(IoGetTransactionParameterBlock(second.file_object()), nullptr);
  r.disposition = FILE_OPEN;
  Handle third = vol->Create(r);
  ASSERT_EQ(third.status(), STATUS_SUCCESS);
  EXPECT_EQ(g_fso_enlisted, 1);

  h.Close();
  EXPECT_EQ(Last(IRP_MJ_CLOSE, true)->TxnObject, tx);  // still there in post-close
  third.Close();
  // The context the third create allocated and could not set is gone.
  EXPECT_EQ(g_fso_transaction_context_cleanups, 1);
  vol->CompleteTransaction(tx, /*commit=*/true);
  ASSERT_EQ(g_fso_notification_count, 1);
  EXPECT_EQ(g_fso_notifications[0], ULONG{TRANSACTION_NOTIFY_COMMIT});
  EXPECT_TRUE(g_fso_notification_had_context);
  // The transaction context went with the transaction.
  EXPECT_EQ(g_fso_transaction_context_cleanups, 2);
  EXPECT_TRUE(vol->Exists(L"\\t.txt"));
}

TEST_F(FileSystemTest, ARollbackUndoesTheTransactionsCreates) {
  auto vol = Mount();
  PKTRANSACTION tx = fltctx::wdk::CreateTransaction(fm_);
  ASSERT_EQ(vol->Create(L"\\before.txt", FILE_CREATE).status(), STATUS_SUCCESS);
  CreateRequest r = Request(L"\\made.txt", FILE_CREATE);
  r.transaction = tx;
  Handle h = vol->Create(r);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  ASSERT_EQ(h.Write("undone"), STATUS_SUCCESS);
  CreateRequest opened = Request(L"\\before.txt", FILE_OPEN);
  opened.transaction = tx;
  ASSERT_EQ(vol->Create(opened).status(), STATUS_SUCCESS);
  EXPECT_EQ(g_fso_transaction_context_cleanups, 1);  // the second create's, never set

  vol->CompleteTransaction(tx, /*commit=*/false);
  ASSERT_EQ(g_fso_notification_count, 1);
  EXPECT_EQ(g_fso_notifications[0], ULONG{TRANSACTION_NOTIFY_ROLLBACK});
  EXPECT_TRUE(g_fso_notification_had_context);
  EXPECT_EQ(g_fso_transaction_context_cleanups, 2);
  // The file the transaction made is gone; the one it only opened stays.
  EXPECT_FALSE(vol->Exists(L"\\made.txt"));
  EXPECT_TRUE(vol->Exists(L"\\before.txt"));
  // Its open handle keeps working, as on a deleted file.
  std::string data;
  ASSERT_EQ(h.Read(100, &data, 0), STATUS_SUCCESS);
  EXPECT_EQ(data, "undone");
  // A completed transaction is not completed again.
  vol->CompleteTransaction(tx, /*commit=*/true);
  EXPECT_EQ(g_fso_notification_count, 1);
}

// The features of the file system once through, with the observer loaded:
// a transacted create and its rollback, a POSIX delete, an object ID and a
// directory listing, with post-operations at DISPATCH_LEVEL.
void TransactedSession() {
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install(&fm);
  if (!NT_SUCCESS(FsObserverEntry())) return;
  {
    fltctx::io::VolumeSetup setup;
    setup.post_operation_at_dispatch = true;
    fltctx::io::Volume vol(fm, setup);
    if (vol.Attach(g_fso_filter, "370030") != nullptr) {
      PKTRANSACTION tx = fltctx::wdk::CreateTransaction(fm);
      CreateRequest r = Request(L"\\t.txt", FILE_CREATE);
      r.transaction = tx;
      Handle h = vol.Create(r);
      h.Write("data");
      FILE_OBJECTID_BUFFER id = {};
      h.FsControl(FSCTL_CREATE_OR_GET_OBJECT_ID, nullptr, 0, &id, sizeof(id));
      h.SetDisposition(FILE_DISPOSITION_DELETE | FILE_DISPOSITION_POSIX_SEMANTICS);
      Handle root = vol.Create(Request(L"\\", FILE_OPEN, FILE_DIRECTORY_FILE));
      std::vector<std::wstring> names;
      root.ListDirectory(&names);
      h.Close();
      vol.CompleteTransaction(tx, /*commit=*/false);
    }
  }
  FltUnregisterFilter(g_fso_filter);
  g_fso_filter = nullptr;
}

TEST(FileSystemSweep, EveryAllocationFailurePathIsClean) {
  // The session has a failure point (the filter's transaction context), and
  // failing it leaves nothing behind.
  const poolsim::SweepResult result = poolsim::SweepFaults(TransactedSession);
  EXPECT_GE(result.injection_points, 1u);
  EXPECT_TRUE(result.clean()) << result.failures.size() << " runs left something behind";
  EXPECT_ERROR_PATHS_CLEAN(TransactedSession());
}

}  // namespace
}  // namespace fltctx_io_fs_test
