// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/simulation.h
// -----------------------------------------------------------------------------
//
// The test side of the WDK surface (compat layer, C++ only): creates the
// objects a minifilter's contexts attach to and returns them as WDK handles,
// and drives their teardown the way the I/O manager and the file system would.
//
//   poolsim::Environment env;
//   poolsim::ScopedEnvironment install_env(&env);
//   fltctx::FilterManager fm(env);
//   fltctx::ScopedFilterManager install_fm(&fm);
//   PFLT_FILTER filter;
//   FltRegisterFilter(nullptr, &kRegistration, &filter);
//   FltStartFiltering(filter);
//   PFLT_VOLUME volume = fltctx::wdk::CreateVolume(fm);
//   PFLT_INSTANCE instance = fltctx::wdk::AttachInstance(filter, volume);
//   PFILE_OBJECT fo = fltctx::wdk::OpenFile(volume);  // a new file and stream
//   ...                                  // the filter's code under test
//   fltctx::wdk::CloseFileObject(fo);    // IRP_MJ_CLOSE: contexts torn down

#ifndef FLTCTX_WDK_SIMULATION_H_
#define FLTCTX_WDK_SIMULATION_H_

#include <string>

#include "fltctx/filter_manager.h"
#include "fltctx/wdk/fltkernel.h"
#include "fltctx/wdk/internal/handles.h"  // IWYU pragma: export

namespace fltctx {
namespace wdk {

// The conversions between WDK handles and core objects (ToCore, ToWdk) and
// ManagerOf(PFLT_FILTER) come from fltctx/wdk/internal/handles.h.

// Creates a volume on `manager`.
PFLT_VOLUME CreateVolume(FilterManager& manager, const VolumeOptions& options = {});
// Dismounts it (instance teardown with FLTFL_INSTANCE_TEARDOWN_VOLUME_DISMOUNT).
void DismountVolume(PFLT_VOLUME volume);

// Attaches an instance of a started filter; calls InstanceSetupCallback.
// Returns NULL if the filter refused or cannot attach.
PFLT_INSTANCE AttachInstance(PFLT_FILTER filter, PFLT_VOLUME volume,
                             FLT_INSTANCE_SETUP_FLAGS flags =
                                 FLTFL_INSTANCE_SETUP_AUTOMATIC_ATTACHMENT);
// The same at `altitude` (a decimal string, e.g. "370030"): simulated I/O
// reaches instances of higher altitude first.
PFLT_INSTANCE AttachInstanceAt(PFLT_FILTER filter, PFLT_VOLUME volume, const std::string& altitude,
                               FLT_INSTANCE_SETUP_FLAGS flags =
                                   FLTFL_INSTANCE_SETUP_AUTOMATIC_ATTACHMENT);
// Tears the instance down (teardown callbacks, contexts detached).
void DetachInstance(PFLT_INSTANCE instance,
                    FLT_INSTANCE_TEARDOWN_FLAGS reason = FLTFL_INSTANCE_TEARDOWN_MANUAL);

// Creates a stream (a new file, or another stream of options.same_file_as)
// and opens a file object on it: FsContext identifies the stream, FsContext2
// the open.
PFILE_OBJECT OpenFile(PFLT_VOLUME volume, const StreamOptions& options = {});
// Opens another file object on the stream of `file_object`.
PFILE_OBJECT OpenAgain(PFILE_OBJECT file_object);
// An IRP_MJ_CREATE in progress: a FILE_OBJECT named `name` whose FsContext is
// NULL. File-object contexts are STATUS_NOT_SUPPORTED on it until
// CompleteOpen; AbandonOpen marks a failed create.
PFILE_OBJECT NewFileObject(PFLT_VOLUME volume, const std::wstring& name);
void CompleteOpen(PFILE_OBJECT file_object, Stream* stream);
void AbandonOpen(PFILE_OBJECT file_object);
// Returns the core stream of a file object (for StreamOptions::same_file_as).
Stream* StreamOf(PFILE_OBJECT file_object);
// IRP_MJ_CLOSE: stream-handle contexts go; on the stream's last file object
// its stream, section and (emulated) file contexts go; on the file's last
// stream its file contexts go.
void CloseFileObject(PFILE_OBJECT file_object);

PKTRANSACTION CreateTransaction(FilterManager& manager);
// Commit (TRANSACTION_NOTIFY_COMMIT_FINALIZE or _COMMIT) or rollback
// notification to enlisted instances, then every transaction context goes.
void CompleteTransaction(PKTRANSACTION transaction, bool commit);

}  // namespace wdk
}  // namespace fltctx

#endif  // FLTCTX_WDK_SIMULATION_H_
