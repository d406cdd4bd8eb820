// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The simulated I/O path: request dispatch through the attached instances
// and a small in-memory file system behind them.
//
// Lock order: VolumeState::mu -> the FilterManager's locks. No lock is held
// while a filter callback runs (pre/post operation, context cleanup, instance
// callbacks): VolumeState::mu covers only the file system's own tables, and
// file objects are closed in the core after it is released.

#include "fltctx/io/io.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <cwctype>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_format.h"
#include "fltctx/wdk/operations.h"
#include "fltctx/wdk/simulation.h"
#include "poolsim/bugcheck.h"
#include "poolsim/irql.h"

namespace fltctx {
namespace io {
namespace io_internal {
namespace {

// A fltctx-defined DRIVER_VERIFIER_DETECTED_VIOLATION subcode (the range of
// docs/fltctx.md): a pre-operation status the simulation does not support.
constexpr uint64_t kVerifierUnsupportedPreopStatus = 0xF1010;

constexpr ULONG kIrpSynchronousApi = 0x00000004;

// Operations whose pre-operation callback returned (or is about to return)
// FLT_PREOP_PENDING, by callback data, until FltCompletePendedPreOperation.
struct Pended {
  std::mutex mu;
  std::condition_variable cv;
  bool completed = false;  // guarded by mu
  FLT_PREOP_CALLBACK_STATUS status = FLT_PREOP_SUCCESS_NO_CALLBACK;
  PVOID context = nullptr;
};

std::mutex g_pended_mu;
std::unordered_map<PFLT_CALLBACK_DATA, Pended*>* g_pended = nullptr;  // guarded by g_pended_mu

bool CompletePended(PFLT_CALLBACK_DATA data, FLT_PREOP_CALLBACK_STATUS status, PVOID context) {
  std::lock_guard<std::mutex> l(g_pended_mu);
  if (g_pended == nullptr) return false;
  auto it = g_pended->find(data);
  if (it == g_pended->end()) return false;
  Pended* p = it->second;
  std::lock_guard<std::mutex> pl(p->mu);
  if (p->completed) return false;
  p->completed = true;
  p->status = status;
  p->context = context;
  p->cv.notify_all();
  return true;
}

// Registers `data` for the duration of one pre-operation callback (and the
// wait that follows a PENDING).
class ScopedPended {
 public:
  explicit ScopedPended(PFLT_CALLBACK_DATA data) : data_(data) {
    std::lock_guard<std::mutex> l(g_pended_mu);
    if (g_pended == nullptr) {
      g_pended = new std::unordered_map<PFLT_CALLBACK_DATA, Pended*>();
      wdk::SetPendedCompletionHandler(&CompletePended);
    }
    (*g_pended)[data_] = &pended_;
  }
  ~ScopedPended() { Unregister(); }
  ScopedPended(const ScopedPended&) = delete;
  ScopedPended& operator=(const ScopedPended&) = delete;

  // Stops accepting completions; returns true if one arrived.
  bool Unregister() {
    {
      std::lock_guard<std::mutex> l(g_pended_mu);
      if (registered_) g_pended->erase(data_);
      registered_ = false;
    }
    std::lock_guard<std::mutex> pl(pended_.mu);
    return pended_.completed;
  }
  // Waits for FltCompletePendedPreOperation; returns its status and context.
  void Wait(FLT_PREOP_CALLBACK_STATUS* status, PVOID* context) {
    std::unique_lock<std::mutex> pl(pended_.mu);
    pended_.cv.wait(pl, [this] { return pended_.completed; });
    *status = pended_.status;
    *context = pended_.context;
  }

 private:
  PFLT_CALLBACK_DATA data_;
  Pended pended_;
  bool registered_ = true;
};

std::wstring Key(const std::wstring& name) {
  std::wstring k = name;
  for (wchar_t& c : k) c = static_cast<wchar_t>(std::towlower(static_cast<wint_t>(c)));
  return k;
}

std::string Narrow(const std::wstring& name) {
  std::string out;
  out.reserve(name.size());
  for (wchar_t c : name) out.push_back(c < 0x80 ? static_cast<char>(c) : '?');
  return out;
}

// Splits an open name into the file's name and the stream's: "\\a.txt:ads"
// (or "\\a.txt:ads:$DATA") names the stream "ads" of "\\a.txt"; "\\a.txt" and
// "\\a.txt::$DATA" its unnamed stream (stream name empty). Returns false if
// the name is malformed (a stream type other than $DATA, a '\\' in the
// stream name).
bool SplitStreamName(const std::wstring& full, std::wstring* file, std::wstring* stream) {
  const size_t colon = full.find(L':');
  if (colon == std::wstring::npos) {
    *file = full;
    stream->clear();
    return true;
  }
  *file = full.substr(0, colon);
  std::wstring rest = full.substr(colon + 1);
  const size_t type = rest.find(L':');
  if (type != std::wstring::npos) {
    if (Key(rest.substr(type + 1)) != L"$data") return false;
    rest.resize(type);
  }
  if (rest.find(L'\\') != std::wstring::npos) return false;
  *stream = rest;
  return true;
}

std::wstring NameOf(PFILE_OBJECT fo) {
  return std::wstring(fo->FileName.Buffer, fo->FileName.Length / sizeof(WCHAR));
}

}  // namespace

// One data stream of a file: the unnamed one ("") or a named one ("ads").
struct DataStream {
  std::wstring name;
  Stream* stream = nullptr;  // the core stream, made at its first open
  std::string data;
  int handles = 0;           // file objects of this stream not yet cleaned up
  bool delete_pending = false;  // a named stream marked for deletion
};

// One file of the simulated file system: its unnamed stream and any named
// streams (alternate data streams), which share the core's file (and so the
// file contexts).
struct File {
  std::wstring name;
  std::map<std::wstring, std::shared_ptr<DataStream>> streams;  // by Key(name); "" unnamed
  int handles = 0;       // file objects of any stream not yet cleaned up
  bool delete_pending = false;  // set through the unnamed stream: the file goes
  bool unlinked = false;
  // Times (FILETIME units) from the volume's clock.
  LONGLONG creation_time = 0;
  LONGLONG last_access_time = 0;
  LONGLONG last_write_time = 0;
  LONGLONG change_time = 0;
};

// The simulated file system's allocation unit.
constexpr LONGLONG kClusterSize = 4096;
// The volume clock starts at 2026-01-01 00:00 UTC (FILETIME) and advances by
// one tick (100 ns) at every change, so times are distinct and ordered.
constexpr LONGLONG kClockStart = 134116992000000000LL;

struct VolumeState {
  VolumeState(FilterManager& m, const VolumeSetup& s)
      : manager(m), setup(s), volume(wdk::CreateVolume(m, s.volume)) {}

  FilterManager& manager;
  const VolumeSetup setup;
  const PFLT_VOLUME volume;

  mutable std::mutex mu;
  std::map<std::wstring, std::shared_ptr<File>> names;        // guarded by mu
  struct Opened {
    std::shared_ptr<File> file;
    std::shared_ptr<DataStream> stream;
  };
  std::unordered_map<PFILE_OBJECT, Opened> open;  // guarded by mu
  std::unordered_map<PFILE_OBJECT, bool> cache_initialized;    // guarded by mu
  std::vector<PFILE_OBJECT> cached;                             // guarded by mu
  LONGLONG clock = kClockStart;                                 // guarded by mu
  LONGLONG TickLocked() { return ++clock; }
  uint64_t teardown_observer = 0;

  std::mutex inflight_mu;
  std::condition_variable inflight_cv;
  struct InFlight;
  std::unordered_set<InFlight*> inflight;  // guarded by inflight_mu

  // One request on its way down and up the stack.
  struct Request {
    FLT_IO_PARAMETER_BLOCK iopb;
    FLT_CALLBACK_DATA data;
    Request(UCHAR major, PFILE_OBJECT fo) {
      std::memset(&iopb, 0, sizeof(iopb));
      std::memset(&data, 0, sizeof(data));
      iopb.MajorFunction = major;
      iopb.IrpFlags = kIrpSynchronousApi;
      iopb.TargetFileObject = fo;
      data.Flags = FLTFL_CALLBACK_DATA_IRP_OPERATION;
      data.Iopb = &iopb;
      data.RequestorMode = UserMode;
    }
  };

  FLT_RELATED_OBJECTS Related(PFLT_INSTANCE instance, PFILE_OBJECT fo) const {
    FLT_RELATED_OBJECTS o = {};
    o.Size = sizeof(FLT_RELATED_OBJECTS);
    o.Filter = wdk::ToWdk(FilterManager::FilterOf(wdk::ToCore(instance)));
    o.Volume = volume;
    o.Instance = instance;
    o.FileObject = fo;
    return o;
  }

  // Raises a Filter Verifier bug check (0xC4) for misuse of the I/O path.
  void RaiseVerifier(uint64_t subcode, uint64_t p2, uint64_t p3, uint64_t p4, std::string text) {
    poolsim::BugCheck b;
    b.code = poolsim::bugcheck::kDriverVerifierDetectedViolation;
    b.parameters = {subcode, p2, p3, p4};
    b.description = std::move(text);
    manager.environment().RaiseBugCheck(std::move(b), 0);
  }

  void RaiseUnsupported(PFLT_INSTANCE instance, int status, UCHAR major) {
    RaiseVerifier(kVerifierUnsupportedPreopStatus, reinterpret_cast<uintptr_t>(instance),
                  static_cast<uint64_t>(status), major,
                  absl::StrFormat("pre-operation callback of major function %#x returned %d, "
                                  "which the simulated I/O path does not support (or is not a "
                                  "FLT_PREOP_CALLBACK_STATUS); treated as "
                                  "FLT_PREOP_SUCCESS_NO_CALLBACK",
                                  major, status));
  }

  void RaiseBadCompletion(PFLT_INSTANCE instance, int status, UCHAR major) {
    RaiseVerifier(kVerifierUnsupportedPreopStatus, reinterpret_cast<uintptr_t>(instance),
                  static_cast<uint64_t>(status), major,
                  absl::StrFormat("FltCompletePendedPreOperation for major function %#x passed "
                                  "%d; only FLT_PREOP_SUCCESS_WITH_CALLBACK, "
                                  "FLT_PREOP_SUCCESS_NO_CALLBACK and FLT_PREOP_COMPLETE are "
                                  "allowed; treated as FLT_PREOP_SUCCESS_NO_CALLBACK",
                                  major, status));
  }

  void RaiseCompletedNotPended(PFLT_CALLBACK_DATA data, UCHAR major) {
    RaiseVerifier(wdk::kVerifierCompleteNotPended, reinterpret_cast<uintptr_t>(data), 0, major,
                  absl::StrFormat("FltCompletePendedPreOperation during a pre-operation callback "
                                  "of major function %#x that did not return FLT_PREOP_PENDING; "
                                  "the completion is ignored",
                                  major));
  }

  // A post-operation callback owed to a filter by a request in flight.
  struct Post {
    PFLT_INSTANCE instance;
    PFLT_POST_OPERATION_CALLBACK callback;
    PVOID completion_context;
    bool synchronized;
    bool claimed;  // run (or being run) by the request, or drained
  };
  // A request with post-operation callbacks owed, from its first one until it
  // returns. Lives on the dispatching thread's stack.
  struct InFlight {
    Request* request;
    absl::InlinedVector<Post, 4> posts;  // guarded by inflight_mu
    int draining = 0;                    // guarded by inflight_mu
  };

  // Runs, with FLTFL_POST_OPERATION_DRAINING, the post-operation callbacks
  // that requests in flight owe `core` (an instance being torn down); the
  // requests will not call them again.
  void Drain(Instance* core) {
    if (FilterManager::VolumeOf(core) != wdk::ToCore(volume)) return;
    PFLT_INSTANCE instance = wdk::ToWdk(core);
    struct Owed {
      InFlight* op;
      PFLT_POST_OPERATION_CALLBACK callback;
      PVOID completion_context;
    };
    std::vector<Owed> owed;
    {
      std::lock_guard<std::mutex> l(inflight_mu);
      for (InFlight* op : inflight) {
        for (Post& p : op->posts) {
          if (p.instance != instance || p.claimed) continue;
          p.claimed = true;
          op->draining++;
          owed.push_back(Owed{op, p.callback, p.completion_context});
        }
      }
    }
    for (const Owed& o : owed) {
      FLT_RELATED_OBJECTS objects = Related(instance, o.op->request->iopb.TargetFileObject);
      o.callback(&o.op->request->data, &objects, o.completion_context,
                 FLTFL_POST_OPERATION_DRAINING);
      std::lock_guard<std::mutex> l(inflight_mu);
      o.op->draining--;
      inflight_cv.notify_all();
    }
  }

  // Sends `req` through the instances and, unless a filter completes it, the
  // file system (`fs`, which sets IoStatus). Returns the final status.
  template <typename Fs>
  NTSTATUS Dispatch(Request& req, Fs&& fs) {
    const UCHAR major = req.iopb.MajorFunction;
    PFILE_OBJECT fo = req.iopb.TargetFileObject;
    InFlight op{&req};
    bool registered = false;
    bool completed = false;
    for (Instance* core : manager.InstancesByAltitude(wdk::ToCore(volume))) {
      PFLT_INSTANCE instance = wdk::ToWdk(core);
      const wdk::OperationTable* table =
          wdk::OperationsOf(wdk::ToWdk(FilterManager::FilterOf(core)));
      if (table == nullptr || !table->registered[major]) continue;
      FLT_RELATED_OBJECTS objects = Related(instance, fo);
      req.iopb.TargetInstance = instance;
      PVOID completion_context = nullptr;
      FLT_PREOP_CALLBACK_STATUS status = FLT_PREOP_SUCCESS_WITH_CALLBACK;
      if (table->pre[major] != nullptr) {
        ScopedPended pended(&req.data);
        status = table->pre[major](&req.data, &objects, &completion_context);
        if (status == FLT_PREOP_PENDING) {
          // Held until the filter completes it, from any thread (possibly
          // before its callback returned). The rest of the request then
          // continues here, on the issuing thread.
          pended.Wait(&status, &completion_context);
          pended.Unregister();
          if (status != FLT_PREOP_SUCCESS_WITH_CALLBACK &&
              status != FLT_PREOP_SUCCESS_NO_CALLBACK && status != FLT_PREOP_COMPLETE) {
            RaiseBadCompletion(instance, static_cast<int>(status), major);
            status = FLT_PREOP_SUCCESS_NO_CALLBACK;
          }
        } else if (pended.Unregister()) {
          RaiseCompletedNotPended(&req.data, major);
        }
      }
      switch (status) {
        case FLT_PREOP_SUCCESS_WITH_CALLBACK:
        case FLT_PREOP_SYNCHRONIZE:
          if (table->post[major] != nullptr) {
            std::lock_guard<std::mutex> l(inflight_mu);
            if (!registered) {
              inflight.insert(&op);
              registered = true;
            }
            op.posts.push_back(Post{instance, table->post[major], completion_context,
                                    status == FLT_PREOP_SYNCHRONIZE, false});
          }
          break;
        case FLT_PREOP_SUCCESS_NO_CALLBACK:
          break;
        case FLT_PREOP_COMPLETE:
          completed = true;
          break;
        default:
          RaiseUnsupported(instance, static_cast<int>(status), major);
          break;
      }
      if (completed) break;
    }
    if (!completed) fs(req);
    req.data.Flags |= FLTFL_CALLBACK_DATA_POST_OPERATION;
    const bool dispatch_level = setup.post_operation_at_dispatch && major != IRP_MJ_CREATE;
    if (registered) {
      for (size_t i = op.posts.size(); i-- > 0;) {
        Post post;
        {
          std::lock_guard<std::mutex> l(inflight_mu);
          if (op.posts[i].claimed) continue;  // drained at the instance's teardown
          op.posts[i].claimed = true;
          post = op.posts[i];
        }
        FLT_RELATED_OBJECTS objects = Related(post.instance, fo);
        req.iopb.TargetInstance = post.instance;
        poolsim::ScopedIrql irql(dispatch_level && !post.synchronized ? poolsim::kDispatchLevel
                                                                      : poolsim::CurrentIrql());
        post.callback(&req.data, &objects, post.completion_context, 0);
      }
      std::unique_lock<std::mutex> l(inflight_mu);
      inflight_cv.wait(l, [&op] { return op.draining == 0; });
      inflight.erase(&op);
    }
    return req.data.IoStatus.Status;
  }

  std::shared_ptr<File> OpenFileOf(PFILE_OBJECT fo) {
    std::lock_guard<std::mutex> l(mu);
    auto it = open.find(fo);
    return it == open.end() ? nullptr : it->second.file;
  }

  // --- the file system ------------------------------------------------------

  void FsCreate(Request& req) {
    PFILE_OBJECT fo = req.iopb.TargetFileObject;
    const ULONG disposition = req.iopb.Parameters.Create.Options >> 24;
    const std::wstring name = NameOf(fo);
    std::wstring file_name;
    std::wstring stream_name;
    const bool well_formed = SplitStreamName(name, &file_name, &stream_name);
    const std::wstring key = Key(file_name);
    const std::wstring stream_key = Key(stream_name);
    std::shared_ptr<File> file;
    std::shared_ptr<DataStream> ds;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR information = 0;
    {
      std::lock_guard<std::mutex> l(mu);
      auto it = names.find(key);
      const bool exists = it != names.end();
      if (exists) {
        auto sit = it->second->streams.find(stream_key);
        if (sit != it->second->streams.end()) ds = sit->second;
      }
      if (!well_formed || file_name.empty() || file_name[0] != L'\\' ||
          (!stream_name.empty() && !setup.named_streams)) {
        status = STATUS_OBJECT_NAME_INVALID;
      } else if (disposition > FILE_MAXIMUM_DISPOSITION) {
        status = STATUS_INVALID_PARAMETER;
      } else if (exists && (it->second->delete_pending || (ds != nullptr && ds->delete_pending))) {
        status = STATUS_DELETE_PENDING;
      } else if (ds != nullptr) {
        file = it->second;
        switch (disposition) {
          case FILE_CREATE:
            status = STATUS_OBJECT_NAME_COLLISION;
            file.reset();
            break;
          case FILE_OPEN:
          case FILE_OPEN_IF:
            information = FILE_OPENED;
            break;
          case FILE_OVERWRITE:
          case FILE_OVERWRITE_IF:
            ds->data.clear();
            file->last_write_time = file->change_time = TickLocked();
            information = FILE_OVERWRITTEN;
            break;
          default:  // FILE_SUPERSEDE
            ds->data.clear();
            file->last_write_time = file->change_time = TickLocked();
            information = FILE_SUPERSEDED;
            break;
        }
      } else if (disposition == FILE_OPEN || disposition == FILE_OVERWRITE) {
        status = STATUS_OBJECT_NAME_NOT_FOUND;
        information = FILE_DOES_NOT_EXIST;
      } else {
        // A new file (with its unnamed stream), a new named stream, or both.
        if (exists) {
          file = it->second;
          file->change_time = TickLocked();
        } else {
          file = std::make_shared<File>();
          file->name = file_name;
          file->creation_time = file->last_access_time = file->last_write_time =
              file->change_time = TickLocked();
          file->streams.emplace(std::wstring(), std::make_shared<DataStream>());
          names.emplace(key, file);
        }
        auto sit = file->streams.find(stream_key);
        if (sit == file->streams.end()) {
          auto created = std::make_shared<DataStream>();
          created->name = stream_name;
          sit = file->streams.emplace(stream_key, std::move(created)).first;
        }
        ds = sit->second;
        information = FILE_CREATED;
      }
      if (file != nullptr) {
        if (ds->stream == nullptr) {
          StreamOptions so;
          so.name = Narrow(ds->name.empty() ? file->name : file->name + L":" + ds->name);
          // Another stream of the same file shares its file (and file contexts).
          for (const auto& other : file->streams) {
            if (other.second->stream != nullptr) {
              so.same_file_as = other.second->stream;
              break;
            }
          }
          so.paging_file = IsPagingFileLocked(key);
          ds->stream = manager.CreateStream(wdk::ToCore(volume), so);
        }
        file->handles++;
        ds->handles++;
        open.emplace(fo, Opened{file, ds});
      }
    }
    if (file != nullptr) wdk::CompleteOpen(fo, ds->stream);
    req.data.IoStatus.Status = status;
    req.data.IoStatus.Information = information;
  }

  bool IsPagingFileLocked(const std::wstring& key) const {
    for (const std::wstring& name : setup.paging_files) {
      if (Key(name) == key) return true;
    }
    return false;
  }

  void InitializeCacheLocked(PFILE_OBJECT fo) {
    if (setup.cache_holds_file_objects) cache_initialized[fo] = true;
  }

  void FsRead(Request& req) {
    auto& p = req.iopb.Parameters.Read;
    PFILE_OBJECT fo = req.iopb.TargetFileObject;
    std::lock_guard<std::mutex> l(mu);
    auto it = open.find(fo);
    if (it == open.end()) {
      req.data.IoStatus.Status = STATUS_FILE_CLOSED;
      return;
    }
    const std::string& data = it->second.stream->data;
    const LONGLONG offset = p.ByteOffset.QuadPart;
    InitializeCacheLocked(fo);
    if (offset < 0 || static_cast<uint64_t>(offset) >= data.size()) {
      req.data.IoStatus.Status = STATUS_END_OF_FILE;
      req.data.IoStatus.Information = 0;
      return;
    }
    size_t n = std::min<size_t>(p.Length, data.size() - static_cast<size_t>(offset));
    std::memcpy(p.ReadBuffer, data.data() + offset, n);
    it->second.file->last_access_time = TickLocked();
    fo->CurrentByteOffset.QuadPart = offset + static_cast<LONGLONG>(n);
    req.data.IoStatus.Status = STATUS_SUCCESS;
    req.data.IoStatus.Information = n;
  }

  void FsWrite(Request& req) {
    auto& p = req.iopb.Parameters.Write;
    PFILE_OBJECT fo = req.iopb.TargetFileObject;
    std::lock_guard<std::mutex> l(mu);
    auto it = open.find(fo);
    if (it == open.end()) {
      req.data.IoStatus.Status = STATUS_FILE_CLOSED;
      return;
    }
    std::string& data = it->second.stream->data;
    const LONGLONG offset = p.ByteOffset.QuadPart;
    if (offset < 0) {
      req.data.IoStatus.Status = STATUS_INVALID_PARAMETER;
      return;
    }
    InitializeCacheLocked(fo);
    const size_t end = static_cast<size_t>(offset) + p.Length;
    if (data.size() < end) data.resize(end);
    std::memcpy(&data[static_cast<size_t>(offset)], p.WriteBuffer, p.Length);
    File& file = *it->second.file;
    file.last_write_time = file.change_time = file.last_access_time = TickLocked();
    fo->CurrentByteOffset.QuadPart = static_cast<LONGLONG>(end);
    req.data.IoStatus.Status = STATUS_SUCCESS;
    req.data.IoStatus.Information = p.Length;
  }

  void FsSetInformation(Request& req) {
    auto& p = req.iopb.Parameters.SetFileInformation;
    PFILE_OBJECT fo = req.iopb.TargetFileObject;
    std::lock_guard<std::mutex> l(mu);
    auto it = open.find(fo);
    if (it == open.end()) {
      req.data.IoStatus.Status = STATUS_FILE_CLOSED;
      return;
    }
    File& file = *it->second.file;
    DataStream& ds = *it->second.stream;
    NTSTATUS status = STATUS_SUCCESS;
    switch (p.FileInformationClass) {
      case FileDispositionInformation: {
        if (p.Length < sizeof(FILE_DISPOSITION_INFORMATION)) {
          status = STATUS_INFO_LENGTH_MISMATCH;
          break;
        }
        auto* info = static_cast<PFILE_DISPOSITION_INFORMATION>(p.InfoBuffer);
        // Through a named stream only that stream goes; through the unnamed
        // stream, the file.
        (ds.name.empty() ? file.delete_pending : ds.delete_pending) = info->DeleteFile != FALSE;
        fo->DeletePending = info->DeleteFile != FALSE ? TRUE : FALSE;
        break;
      }
      case FileEndOfFileInformation: {
        if (p.Length < sizeof(FILE_END_OF_FILE_INFORMATION)) {
          status = STATUS_INFO_LENGTH_MISMATCH;
          break;
        }
        auto* info = static_cast<PFILE_END_OF_FILE_INFORMATION>(p.InfoBuffer);
        if (info->EndOfFile.QuadPart < 0) {
          status = STATUS_INVALID_PARAMETER;
          break;
        }
        ds.data.resize(static_cast<size_t>(info->EndOfFile.QuadPart));
        file.last_write_time = file.change_time = TickLocked();
        break;
      }
      case FileRenameInformation: {
        if (p.Length < offsetof(FILE_RENAME_INFORMATION, FileName)) {
          status = STATUS_INFO_LENGTH_MISMATCH;
          break;
        }
        auto* info = static_cast<PFILE_RENAME_INFORMATION>(p.InfoBuffer);
        std::wstring target(info->FileName, info->FileNameLength / sizeof(WCHAR));
        if (!ds.name.empty()) {
          status = STATUS_INVALID_PARAMETER;  // stream renames are not simulated
          break;
        }
        if (target.empty() || target[0] != L'\\' || target.find(L':') != std::wstring::npos) {
          status = STATUS_OBJECT_NAME_INVALID;
          break;
        }
        const std::wstring key = Key(target);
        auto existing = names.find(key);
        if (existing != names.end() && existing->second.get() != &file) {
          if (!info->ReplaceIfExists) {
            status = STATUS_OBJECT_NAME_COLLISION;
            break;
          }
          if (existing->second->handles > 0) {
            status = STATUS_ACCESS_DENIED;  // the target is open
            break;
          }
          existing->second->unlinked = true;
          names.erase(existing);
        }
        auto self = names.find(Key(file.name));
        std::shared_ptr<File> keep = self->second;
        names.erase(self);
        file.name = target;
        names[key] = std::move(keep);
        file.change_time = TickLocked();
        break;
      }
      default:
        status = STATUS_INVALID_INFO_CLASS;
        break;
    }
    req.data.IoStatus.Status = status;
    req.data.IoStatus.Information = 0;
  }

  // IRP_MJ_QUERY_INFORMATION. A buffer shorter than the class's fixed part is
  // STATUS_INFO_LENGTH_MISMATCH; a name that does not fit is truncated with
  // STATUS_BUFFER_OVERFLOW (FileNameLength still gives its full length).
  void FsQueryInformation(Request& req) {
    auto& p = req.iopb.Parameters.QueryFileInformation;
    PFILE_OBJECT fo = req.iopb.TargetFileObject;
    std::lock_guard<std::mutex> l(mu);
    auto it = open.find(fo);
    req.data.IoStatus.Information = 0;
    if (it == open.end()) {
      req.data.IoStatus.Status = STATUS_FILE_CLOSED;
      return;
    }
    const File& file = *it->second.file;
    const DataStream& ds = *it->second.stream;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR written = 0;
    switch (p.FileInformationClass) {
      case FileBasicInformation: {
        if (p.Length < sizeof(FILE_BASIC_INFORMATION)) {
          status = STATUS_INFO_LENGTH_MISMATCH;
          break;
        }
        FILE_BASIC_INFORMATION info = {};
        info.CreationTime.QuadPart = file.creation_time;
        info.LastAccessTime.QuadPart = file.last_access_time;
        info.LastWriteTime.QuadPart = file.last_write_time;
        info.ChangeTime.QuadPart = file.change_time;
        info.FileAttributes = FILE_ATTRIBUTE_ARCHIVE;
        std::memcpy(p.InfoBuffer, &info, sizeof(info));
        written = sizeof(info);
        break;
      }
      case FileStandardInformation: {
        if (p.Length < sizeof(FILE_STANDARD_INFORMATION)) {
          status = STATUS_INFO_LENGTH_MISMATCH;
          break;
        }
        FILE_STANDARD_INFORMATION info = {};
        const LONGLONG size = static_cast<LONGLONG>(ds.data.size());
        info.EndOfFile.QuadPart = size;
        info.AllocationSize.QuadPart = (size + kClusterSize - 1) / kClusterSize * kClusterSize;
        // A link marked for deletion is not counted (MS-FSA 2.1.5.12.27).
        info.NumberOfLinks = file.delete_pending ? 0 : 1;
        info.DeletePending = file.delete_pending || ds.delete_pending ? TRUE : FALSE;
        info.Directory = FALSE;
        std::memcpy(p.InfoBuffer, &info, sizeof(info));
        written = sizeof(info);
        break;
      }
      case FileNameInformation: {
        if (p.Length < sizeof(FILE_NAME_INFORMATION)) {
          status = STATUS_INFO_LENGTH_MISMATCH;
          break;
        }
        const std::wstring name = ds.name.empty() ? file.name : file.name + L":" + ds.name;
        const size_t bytes = name.size() * sizeof(WCHAR);
        const size_t room = p.Length - offsetof(FILE_NAME_INFORMATION, FileName);
        const size_t copied = std::min(bytes, room) / sizeof(WCHAR) * sizeof(WCHAR);
        auto* info = static_cast<PFILE_NAME_INFORMATION>(p.InfoBuffer);
        info->FileNameLength = static_cast<ULONG>(bytes);
        std::memcpy(info->FileName, name.data(), copied);
        written = offsetof(FILE_NAME_INFORMATION, FileName) + copied;
        if (copied < bytes) status = STATUS_BUFFER_OVERFLOW;
        break;
      }
      default:
        status = STATUS_INVALID_INFO_CLASS;
        break;
    }
    req.data.IoStatus.Status = status;
    req.data.IoStatus.Information = written;
  }

  void FsCleanup(Request& req) {
    PFILE_OBJECT fo = req.iopb.TargetFileObject;
    std::lock_guard<std::mutex> l(mu);
    auto it = open.find(fo);
    if (it != open.end()) {
      File& file = *it->second.file;
      DataStream& ds = *it->second.stream;
      if (--ds.handles == 0 && ds.delete_pending && !ds.name.empty()) {
        auto sit = file.streams.find(Key(ds.name));
        if (sit != file.streams.end() && sit->second.get() == &ds) file.streams.erase(sit);
      }
      if (--file.handles == 0 && file.delete_pending && !file.unlinked) {
        file.unlinked = true;
        names.erase(Key(file.name));
      }
    }
    req.data.IoStatus.Status = STATUS_SUCCESS;
    req.data.IoStatus.Information = 0;
  }

  void FsClose(Request& req) {
    PFILE_OBJECT fo = req.iopb.TargetFileObject;
    {
      std::lock_guard<std::mutex> l(mu);
      open.erase(fo);
      cache_initialized.erase(fo);
    }
    // Contexts are torn down here; their cleanup callbacks run now.
    wdk::CloseFileObject(fo);
    req.data.IoStatus.Status = STATUS_SUCCESS;
    req.data.IoStatus.Information = 0;
  }

  void SendClose(PFILE_OBJECT fo) {
    Request req(IRP_MJ_CLOSE, fo);
    Dispatch(req, [this](Request& r) { FsClose(r); });
  }
};

}  // namespace io_internal

using io_internal::VolumeState;

// -----------------------------------------------------------------------------
// VolumeSetup
// -----------------------------------------------------------------------------

VolumeSetup VolumeSetup::Ntfs() { return VolumeSetup(); }

VolumeSetup VolumeSetup::Fat() {
  VolumeSetup s;
  s.volume.name = "\\Device\\HarddiskVolume2";
  s.volume.supports_file_contexts = false;
  s.volume.filter_manager_file_contexts = true;
  s.named_streams = false;
  return s;
}

VolumeSetup VolumeSetup::Network() {
  VolumeSetup s;
  s.volume.name = "\\Device\\Mup";
  s.volume.supports_stream_contexts = false;
  s.volume.supports_stream_handle_contexts = false;
  s.volume.supports_file_contexts = false;
  s.volume.filter_manager_file_contexts = false;
  s.volume.supports_data_scan = false;
  return s;
}

// -----------------------------------------------------------------------------
// Volume
// -----------------------------------------------------------------------------

Volume::Volume(FilterManager& manager, VolumeSetup setup)
    : state_(std::make_shared<VolumeState>(manager, setup)) {
  std::weak_ptr<VolumeState> weak = state_;
  state_->teardown_observer = manager.AddTeardownObserver([weak](Instance* instance) {
    if (std::shared_ptr<VolumeState> s = weak.lock()) s->Drain(instance);
  });
}

Volume::~Volume() {
  ReleaseCache();
  state_->manager.RemoveTeardownObserver(state_->teardown_observer);
}

PFLT_VOLUME Volume::volume() const { return state_->volume; }

PFLT_INSTANCE Volume::Attach(PFLT_FILTER filter, const std::string& altitude) {
  return wdk::AttachInstanceAt(filter, state_->volume, altitude);
}

Handle Volume::Create(const std::wstring& name, ULONG disposition, ACCESS_MASK desired_access) {
  Handle h;
  h.volume_ = state_;
  PFILE_OBJECT fo = wdk::NewFileObject(state_->volume, name);
  IO_SECURITY_CONTEXT security = {};
  security.DesiredAccess = desired_access;
  VolumeState::Request req(IRP_MJ_CREATE, fo);
  req.iopb.Parameters.Create.SecurityContext = &security;
  req.iopb.Parameters.Create.Options = (disposition & 0xFF) << 24;
  req.iopb.Parameters.Create.ShareAccess = 0x7;  // read, write, delete
  VolumeState* s = state_.get();
  h.status_ = s->Dispatch(req, [s](VolumeState::Request& r) { s->FsCreate(r); });
  h.information_ = req.data.IoStatus.Information;
  if (NT_SUCCESS(h.status_) && FilterManager::IsOpen(wdk::ToCore(fo))) {
    h.file_object_ = fo;
    return h;
  }
  // Failed, or completed by a filter without the file system: the file
  // object never opens. If the file system did open it, undo that.
  if (s->OpenFileOf(fo) != nullptr) {
    {
      std::lock_guard<std::mutex> l(s->mu);
      auto it = s->open.find(fo);
      it->second.file->handles--;
      it->second.stream->handles--;
      s->open.erase(it);
    }
    wdk::CloseFileObject(fo);
  } else {
    wdk::AbandonOpen(fo);
  }
  if (NT_SUCCESS(h.status_)) h.status_ = STATUS_UNSUCCESSFUL;
  return h;
}

size_t Volume::ReleaseCache() {
  std::vector<PFILE_OBJECT> held;
  {
    std::lock_guard<std::mutex> l(state_->mu);
    held.swap(state_->cached);
  }
  for (PFILE_OBJECT fo : held) state_->SendClose(fo);
  return held.size();
}

size_t Volume::CachedFileObjects() const {
  std::lock_guard<std::mutex> l(state_->mu);
  return state_->cached.size();
}

namespace io_internal {
namespace {
std::shared_ptr<DataStream> FindStreamLocked(const VolumeState& s, const std::wstring& name) {
  std::wstring file_name;
  std::wstring stream_name;
  if (!SplitStreamName(name, &file_name, &stream_name)) return nullptr;
  auto it = s.names.find(Key(file_name));
  if (it == s.names.end()) return nullptr;
  auto sit = it->second->streams.find(Key(stream_name));
  return sit == it->second->streams.end() ? nullptr : sit->second;
}
}  // namespace
}  // namespace io_internal

bool Volume::Exists(const std::wstring& name) const {
  std::lock_guard<std::mutex> l(state_->mu);
  return io_internal::FindStreamLocked(*state_, name) != nullptr;
}

std::string Volume::Contents(const std::wstring& name) const {
  std::lock_guard<std::mutex> l(state_->mu);
  std::shared_ptr<io_internal::DataStream> ds = io_internal::FindStreamLocked(*state_, name);
  return ds == nullptr ? std::string() : ds->data;
}

void Volume::Dismount() { wdk::DismountVolume(state_->volume); }

// -----------------------------------------------------------------------------
// Handle
// -----------------------------------------------------------------------------

Handle::Handle(Handle&& other) noexcept { *this = std::move(other); }

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    Close();
    volume_ = std::move(other.volume_);
    file_object_ = other.file_object_;
    status_ = other.status_;
    information_ = other.information_;
    cleaned_up_ = other.cleaned_up_;
    closed_ = other.closed_;
    other.file_object_ = nullptr;
    other.status_ = STATUS_INVALID_HANDLE;
  }
  return *this;
}

Handle::~Handle() { Close(); }

NTSTATUS Handle::Write(std::string_view data, LONGLONG offset) {
  if (!is_open()) return STATUS_INVALID_HANDLE;
  std::string buffer(data);
  VolumeState::Request req(IRP_MJ_WRITE, file_object_);
  auto& p = req.iopb.Parameters.Write;
  p.Length = static_cast<ULONG>(buffer.size());
  p.ByteOffset.QuadPart = offset >= 0 ? offset : file_object_->CurrentByteOffset.QuadPart;
  p.WriteBuffer = buffer.data();
  VolumeState* s = volume_.get();
  return s->Dispatch(req, [s](VolumeState::Request& r) { s->FsWrite(r); });
}

NTSTATUS Handle::Read(ULONG length, std::string* out, LONGLONG offset) {
  if (out != nullptr) out->clear();
  if (!is_open()) return STATUS_INVALID_HANDLE;
  std::string buffer(length, '\0');
  VolumeState::Request req(IRP_MJ_READ, file_object_);
  auto& p = req.iopb.Parameters.Read;
  p.Length = length;
  p.ByteOffset.QuadPart = offset >= 0 ? offset : file_object_->CurrentByteOffset.QuadPart;
  p.ReadBuffer = buffer.data();
  VolumeState* s = volume_.get();
  NTSTATUS status = s->Dispatch(req, [s](VolumeState::Request& r) { s->FsRead(r); });
  if (out != nullptr && NT_SUCCESS(status)) {
    buffer.resize(std::min<size_t>(req.data.IoStatus.Information, length));
    *out = std::move(buffer);
  }
  return status;
}

NTSTATUS Handle::SetInformation(FILE_INFORMATION_CLASS information_class, void* buffer,
                                ULONG length) {
  if (!is_open()) return STATUS_INVALID_HANDLE;
  VolumeState::Request req(IRP_MJ_SET_INFORMATION, file_object_);
  auto& p = req.iopb.Parameters.SetFileInformation;
  p.Length = length;
  p.FileInformationClass = information_class;
  p.InfoBuffer = buffer;
  if (information_class == FileRenameInformation && buffer != nullptr) {
    p.ReplaceIfExists = static_cast<PFILE_RENAME_INFORMATION>(buffer)->ReplaceIfExists;
  }
  VolumeState* s = volume_.get();
  return s->Dispatch(req, [s](VolumeState::Request& r) { s->FsSetInformation(r); });
}

NTSTATUS Handle::QueryInformation(FILE_INFORMATION_CLASS information_class, void* buffer,
                                  ULONG length, ULONG_PTR* information) {
  if (information != nullptr) *information = 0;
  if (!is_open()) return STATUS_INVALID_HANDLE;
  VolumeState::Request req(IRP_MJ_QUERY_INFORMATION, file_object_);
  auto& p = req.iopb.Parameters.QueryFileInformation;
  p.Length = length;
  p.FileInformationClass = information_class;
  p.InfoBuffer = buffer;
  VolumeState* s = volume_.get();
  NTSTATUS status =
      s->Dispatch(req, [s](VolumeState::Request& r) { s->FsQueryInformation(r); });
  if (information != nullptr) *information = req.data.IoStatus.Information;
  return status;
}

NTSTATUS Handle::QueryBasic(FILE_BASIC_INFORMATION* info) {
  FILE_BASIC_INFORMATION buffer = {};
  NTSTATUS status = QueryInformation(FileBasicInformation, &buffer, sizeof(buffer));
  if (info != nullptr) *info = buffer;
  return status;
}

NTSTATUS Handle::QueryStandard(FILE_STANDARD_INFORMATION* info) {
  FILE_STANDARD_INFORMATION buffer = {};
  NTSTATUS status = QueryInformation(FileStandardInformation, &buffer, sizeof(buffer));
  if (info != nullptr) *info = buffer;
  return status;
}

NTSTATUS Handle::QueryName(std::wstring* name) {
  if (name != nullptr) name->clear();
  // Room for a long name; a longer one is STATUS_BUFFER_OVERFLOW.
  constexpr size_t kBytes = offsetof(FILE_NAME_INFORMATION, FileName) + 1024 * sizeof(WCHAR);
  std::vector<unsigned char> storage(kBytes, 0);
  ULONG_PTR written = 0;
  NTSTATUS status =
      QueryInformation(FileNameInformation, storage.data(), static_cast<ULONG>(kBytes), &written);
  if (name != nullptr && (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW) &&
      written >= offsetof(FILE_NAME_INFORMATION, FileName)) {
    auto* info = reinterpret_cast<PFILE_NAME_INFORMATION>(storage.data());
    const size_t chars = (written - offsetof(FILE_NAME_INFORMATION, FileName)) / sizeof(WCHAR);
    name->assign(info->FileName, chars);
  }
  return status;
}

NTSTATUS Handle::Rename(const std::wstring& new_name, bool replace_if_exists) {
  const size_t bytes =
      offsetof(FILE_RENAME_INFORMATION, FileName) + (new_name.size() + 1) * sizeof(WCHAR);
  std::vector<unsigned char> storage(bytes, 0);
  auto* info = reinterpret_cast<PFILE_RENAME_INFORMATION>(storage.data());
  info->ReplaceIfExists = replace_if_exists ? TRUE : FALSE;
  info->FileNameLength = static_cast<ULONG>(new_name.size() * sizeof(WCHAR));
  std::memcpy(info->FileName, new_name.data(), new_name.size() * sizeof(WCHAR));
  return SetInformation(FileRenameInformation, info, static_cast<ULONG>(bytes));
}

NTSTATUS Handle::SetDeleteOnClose(bool delete_file) {
  FILE_DISPOSITION_INFORMATION info = {};
  info.DeleteFile = delete_file ? TRUE : FALSE;
  return SetInformation(FileDispositionInformation, &info, sizeof(info));
}

NTSTATUS Handle::SetEndOfFile(LONGLONG size) {
  FILE_END_OF_FILE_INFORMATION info = {};
  info.EndOfFile.QuadPart = size;
  return SetInformation(FileEndOfFileInformation, &info, sizeof(info));
}

void Handle::Cleanup() {
  if (file_object_ == nullptr || cleaned_up_) return;
  cleaned_up_ = true;
  VolumeState::Request req(IRP_MJ_CLEANUP, file_object_);
  VolumeState* s = volume_.get();
  s->Dispatch(req, [s](VolumeState::Request& r) { s->FsCleanup(r); });
}

void Handle::Close() {
  if (file_object_ == nullptr || closed_) return;
  Cleanup();
  closed_ = true;
  VolumeState* s = volume_.get();
  {
    std::lock_guard<std::mutex> l(s->mu);
    if (s->cache_initialized.count(file_object_) != 0) {
      s->cached.push_back(file_object_);  // IRP_MJ_CLOSE when the cache lets go
      return;
    }
  }
  s->SendClose(file_object_);
}

}  // namespace io
}  // namespace fltctx
