// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/object_tree.cc
// -----------------------------------------------------------------------------
//
// The object tree: creation, teardown and the detaching of attached contexts
// (internal to fltctx, core layer).

#include "fltctx/internal/object_tree.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include "fltctx/internal/bugchecks.h"
#include "fltctx/internal/epoch.h"
#include "poolsim/irql.h"

namespace fltctx {
namespace fltctx_internal {

using poolsim::poolsim_internal::MutexLock;

namespace {

bool OlderFirst(const ContextRecord* a, const ContextRecord* b) { return a->serial < b->serial; }

}  // namespace

ObjectTree::ObjectTree(FilterManager* manager, poolsim::Environment& env, const Options& options,
                       ContextRegistry& registry)
    : manager_(manager), env_(env), options_(options), registry_(registry) {}

// --- Filters -------------------------------------------------------------------

Filter* ObjectTree::AddFilter(std::unique_ptr<Filter> filter) {
  MutexLock structure(&mu);
  return KeepLocked(&filters_, std::move(filter));
}

StartOutcome ObjectTree::StartFiltering(Filter* filter) {
  MutexLock structure(&mu);
  if (filter == nullptr || filter->started || filter->unloading) {
    return StartOutcome::kInvalidParameter;
  }
  filter->started = true;
  return StartOutcome::kStarted;
}

bool ObjectTree::BeginUnload(Filter* filter, std::vector<Instance*>* instances) {
  MutexLock structure(&mu);
  if (filter == nullptr || filter->unloading) return false;
  filter->unloading = true;
  filter->deleting.store(true, std::memory_order_release);
  *instances = filter->instances;
  return true;
}

size_t ObjectTree::DetachVolumeContextsOf(Filter* filter) {
  std::vector<ContextRecord*> dead;
  size_t detached = 0;
  {
    MutexLock structure(&mu);
    for (auto& v : volumes_) {
      size_t before = dead.size();
      DetachKeyLocked(&v->contexts, filter, &dead);
      detached += dead.size() - before;
    }
  }
  registry_.FinalizeAll(dead);
  return detached;
}

std::vector<Filter*> ObjectTree::RegisteredFilters() {
  std::vector<Filter*> filters;
  MutexLock structure(&mu);
  for (auto& f : filters_) {
    if (!f->unloading) filters.push_back(f.get());
  }
  return filters;
}

std::vector<Volume*> ObjectTree::MountedVolumes() {
  std::vector<Volume*> volumes;
  MutexLock structure(&mu);
  for (auto& v : volumes_) {
    if (!v->dismounted) volumes.push_back(v.get());
  }
  return volumes;
}

void ObjectTree::DeletePeers() {
  MutexLock structure(&mu);
  for (auto& kv : file_objects_) {
    FileObject* fo = kv.second.get();
    if (fo->peer_deleter != nullptr) fo->peer_deleter(fo->peer);
  }
}

// --- Objects -------------------------------------------------------------------

Volume* ObjectTree::CreateVolume(const VolumeOptions& options) {
  auto v = std::make_unique<Volume>();
  v->manager = manager_;
  v->options = options;
  MutexLock structure(&mu);
  return KeepLocked(&volumes_, std::move(v));
}

void ObjectTree::DismountVolume(Volume* volume) {
  std::vector<Instance*> instances;
  {
    MutexLock structure(&mu);
    if (volume->dismounted) return;
    volume->dismounted = true;
    instances = volume->instances;
  }
  constexpr uint32_t kInstanceTeardownVolumeDismount = 0x8;
  for (Instance* i : instances) {
    TeardownInstance(i, kInstanceTeardownVolumeDismount, /*notify=*/true);
  }
  DetachAll(&volume->contexts);
}

Instance* ObjectTree::AttachInstance(Filter* filter, Volume* volume, uint32_t setup_flags,
                                     const std::string& altitude) {
  Instance* raw = nullptr;
  {
    MutexLock structure(&mu);
    if (filter == nullptr || volume == nullptr || !filter->started || filter->unloading ||
        volume->dismounted) {
      return nullptr;
    }
    auto i = std::make_unique<Instance>();
    i->manager = manager_;
    i->filter = filter;
    i->volume = volume;
    i->altitude = altitude;
    raw = KeepLocked(&instances_, std::move(i));
    raw->attach_order = raw->id;
    filter->instances.push_back(raw);
    volume->instances.push_back(raw);
    InvalidateOrderLocked(volume);
  }
  if (filter->callbacks.instance_setup && !filter->callbacks.instance_setup(raw, setup_flags)) {
    TeardownInstance(raw, 0, /*notify=*/false);
    return nullptr;
  }
  return raw;
}

std::vector<Instance*> ObjectTree::InstancesByAltitude(const Volume* volume) {
  // The order changes only at attach and teardown: the per-request path reads
  // the published snapshot without the structure lock. A request that races
  // an attach or a teardown sees the order from just before it, as if it had
  // started first.
  if (const std::vector<Instance*>* order = volume->order.load(std::memory_order_acquire)) {
    return *order;
  }
  MutexLock structure(&mu);
  Volume* v = const_cast<Volume*>(volume);  // the cache is tree state
  if (const std::vector<Instance*>* order = v->order.load(std::memory_order_acquire)) {
    return *order;
  }
  auto fresh = std::make_unique<std::vector<Instance*>>();
  for (Instance* i : v->instances) {
    if (!i->gone && !i->tearing_down) fresh->push_back(i);
  }
  // Altitudes are decimal strings: compare numerically, then attach order.
  auto value = [](const std::string& a) { return std::strtold(a.c_str(), nullptr); };
  std::stable_sort(fresh->begin(), fresh->end(), [&](const Instance* a, const Instance* b) {
    long double va = value(a->altitude), vb = value(b->altitude);
    if (va != vb) return va > vb;
    return a->attach_order < b->attach_order;
  });
  std::vector<Instance*> out = *fresh;
  v->order.store(fresh.get(), std::memory_order_release);
  v->orders.push_back(std::move(fresh));
  return out;
}

size_t ObjectTree::TeardownInstance(Instance* instance, uint32_t reason, bool notify) {
  Filter* filter = instance->filter;
  {
    MutexLock structure(&mu);
    if (instance->tearing_down || instance->gone) return 0;
    instance->tearing_down = true;
    InvalidateOrderLocked(instance->volume);
  }
  if (notify && filter->callbacks.instance_teardown_start) {
    filter->callbacks.instance_teardown_start(instance, reason);
  }
  std::vector<std::function<void(Instance*)>> observers;
  {
    MutexLock l(&observers_mu_);
    for (const auto& o : teardown_observers_) observers.push_back(o.second);
  }
  for (const auto& o : observers) o(instance);
  size_t detached = 0;
  std::vector<ContextRecord*> dead;
  {
    MutexLock structure(&mu);
    std::vector<ContextRecord*> linked(instance->linked.begin(), instance->linked.end());
    std::sort(linked.begin(), linked.end(), OlderFirst);
    for (ContextRecord* rec : linked) {
      if (DetachLocked(rec, &dead)) ++detached;
    }
  }
  registry_.FinalizeAll(dead);
  dead.clear();
  if (notify && filter->callbacks.instance_teardown_complete) {
    filter->callbacks.instance_teardown_complete(instance, reason);
  }
  {
    MutexLock structure(&mu);
    size_t before = dead.size();
    DetachAllLocked(&instance->context, &dead);
    instance->gone = true;
    InvalidateOrderLocked(instance->volume);
    auto& fi = filter->instances;
    fi.erase(std::remove(fi.begin(), fi.end(), instance), fi.end());
    auto& vi = instance->volume->instances;
    vi.erase(std::remove(vi.begin(), vi.end(), instance), vi.end());
    if (options_.volume_context_detach == VolumeContextDetach::kLastInstance) {
      bool other = std::any_of(vi.begin(), vi.end(),
                               [filter](const Instance* i) { return i->filter == filter; });
      if (!other) DetachKeyLocked(&instance->volume->contexts, filter, &dead);
    }
    detached += dead.size() - before;
  }
  registry_.FinalizeAll(dead);
  return detached;
}

uint64_t ObjectTree::AddTeardownObserver(std::function<void(Instance*)> observer) {
  MutexLock l(&observers_mu_);
  const uint64_t id = next_observer_++;
  teardown_observers_.emplace_back(id, std::move(observer));
  return id;
}

void ObjectTree::RemoveTeardownObserver(uint64_t id) {
  MutexLock l(&observers_mu_);
  auto& v = teardown_observers_;
  v.erase(std::remove_if(v.begin(), v.end(), [id](const auto& o) { return o.first == id; }),
          v.end());
}

Stream* ObjectTree::CreateStream(Volume* volume, const StreamOptions& options) {
  MutexLock structure(&mu);
  auto s = std::make_unique<Stream>();
  s->manager = manager_;
  s->volume = volume;
  s->options = options;
  if (options.same_file_as != nullptr) {
    s->file = options.same_file_as->file;
  } else {
    auto f = std::make_unique<File>();
    f->name = options.name;
    s->file = f.get();
    files_.push_back(std::move(f));
  }
  s->file->streams++;
  return KeepLocked(&streams_, std::move(s));
}

FileObject* ObjectTree::NewFileObject(Volume* volume) {
  (void)volume;
  MutexLock structure(&mu);
  auto fo = std::make_unique<FileObject>();
  fo->manager = manager_;
  fo->id = next_object_id_++;
  FileObject* raw = fo.get();
  file_objects_.emplace(raw, std::move(fo));
  return raw;
}

namespace {

// The epoch scheme's deleter of a retired file object: its FILE_OBJECT
// peer, then the object (each unregisters its live handle).
void DeleteFileObject(void* p) {
  auto* fo = static_cast<FileObject*>(p);
  if (fo->peer_deleter != nullptr) fo->peer_deleter(fo->peer);
  delete fo;
}

}  // namespace

void ObjectTree::RetireFileObject(FileObject* file_object) {
  std::vector<FileObject*> evicted;
  {
    MutexLock structure(&mu);
    if (file_object->phase.load(std::memory_order_relaxed) != FileObjectPhase::kClosed) return;
    if (file_object->retired) return;
    file_object->retired = true;
    retired_.push_back(file_object);
    const size_t cap = std::max<size_t>(1, options_.quarantine);
    while (retired_.size() > cap) {
      FileObject* old = retired_.front();
      retired_.pop_front();
      auto o = file_objects_.find(old);
      evicted.push_back(o->second.release());
      file_objects_.erase(o);
    }
  }
  // A lock-free reader (a get on a stale pointer) may still be in it.
  for (FileObject* fo : evicted) RetireObject(fo, DeleteFileObject);
}

void ObjectTree::CompleteOpen(FileObject* file_object, Stream* stream) {
  MutexLock structure(&mu);
  if (file_object->phase.load(std::memory_order_relaxed) != FileObjectPhase::kCreating) return;
  file_object->stream = stream;
  if (stream->gone) {
    // A new control block for the same stream.
    stream->gone = false;
    stream->file->streams++;
  }
  stream->open_file_objects++;
  file_object->phase.store(FileObjectPhase::kOpen, std::memory_order_release);
}

void ObjectTree::AbandonFileObject(FileObject* file_object) {
  MutexLock structure(&mu);
  if (file_object->phase.load(std::memory_order_relaxed) != FileObjectPhase::kCreating) return;
  file_object->closed = true;
  file_object->phase.store(FileObjectPhase::kClosed, std::memory_order_release);
}

bool ObjectTree::IsOpen(const FileObject* file_object) {
  return file_object->phase.load(std::memory_order_acquire) == FileObjectPhase::kOpen;
}

void ObjectTree::CloseFileObject(FileObject* file_object) {
  std::vector<ContextRecord*> dead;
  {
    MutexLock structure(&mu);
    if (file_object->closed) return;
    file_object->closed = true;
    if (file_object->phase.load(std::memory_order_relaxed) != FileObjectPhase::kOpen) {
      file_object->phase.store(FileObjectPhase::kClosed, std::memory_order_release);
      return;
    }
    file_object->phase.store(FileObjectPhase::kClosed, std::memory_order_release);
    DetachAllLocked(&file_object->contexts, &dead);
    Stream* stream = file_object->stream;
    if (--stream->open_file_objects == 0) {
      stream->gone = true;
      DetachAllLocked(&stream->sections, &dead);
      DetachAllLocked(&stream->contexts, &dead);
      DetachAllLocked(&stream->emulated_file_contexts, &dead);
      if (--stream->file->streams == 0) DetachAllLocked(&stream->file->contexts, &dead);
    }
  }
  registry_.FinalizeAll(dead);
}

Transaction* ObjectTree::CreateTransaction() {
  MutexLock structure(&mu);
  auto t = std::make_unique<Transaction>();
  t->manager = manager_;
  return KeepLocked(&transactions_, std::move(t));
}

bool ObjectTree::FileObjectSupports(const FileObject* file_object, const char* op,
                                    bool VolumeOptions::*capability) {
  if (!CheckIrql(env_, poolsim::kApcLevel, op, file_object)) return false;
  if (file_object == nullptr || !IsOpen(file_object)) return false;
  const Stream* s = file_object->stream;
  return !s->options.paging_file && s->volume->options.*capability;
}

bool ObjectTree::SupportsStreamContexts(const FileObject* file_object) {
  return FileObjectSupports(file_object, "FltSupportsStreamContexts",
                            &VolumeOptions::supports_stream_contexts);
}

bool ObjectTree::SupportsStreamHandleContexts(const FileObject* file_object) {
  return FileObjectSupports(file_object, "FltSupportsStreamHandleContexts",
                            &VolumeOptions::supports_stream_handle_contexts);
}

bool ObjectTree::SupportsFileContexts(const FileObject* file_object) {
  return FileObjectSupports(file_object, "FltSupportsFileContexts",
                            &VolumeOptions::supports_file_contexts);
}

bool ObjectTree::SupportsFileContextsEx(const FileObject* file_object, const Instance* instance) {
  if (SupportsFileContexts(file_object)) return true;
  if (instance == nullptr || file_object == nullptr || !IsOpen(file_object)) return false;
  const Stream* s = file_object->stream;
  return !s->options.paging_file && s->volume->options.filter_manager_file_contexts &&
         s->volume->options.supports_stream_contexts;
}

// --- Attachments -----------------------------------------------------------------

bool ObjectTree::TargetGoneLocked(const ContextTarget& t, Filter* owner) {
  if (owner != nullptr && owner->unloading) return true;
  switch (t.type) {
    case ContextType::kVolume:
      return t.volume->dismounted;
    case ContextType::kInstance:
      return t.instance->tearing_down || t.instance->gone;
    case ContextType::kTransaction:
      return t.instance->tearing_down || t.instance->gone || t.transaction->completed;
    default:
      return t.instance->tearing_down || t.instance->gone || t.file_object->closed ||
             t.file_object->stream->gone;
  }
}

bool ObjectTree::UnlinkLocked(ContextRecord* rec, bool to_caller, const char* op,
                              poolsim::StackId stack) {
  if (rec->link_instance != nullptr) rec->link_instance->linked.erase(rec);
  return registry_.Unlink(rec, to_caller, op, stack);
}

bool ObjectTree::DetachLocked(ContextRecord* rec, std::vector<ContextRecord*>* dead) {
  Slots* slots = nullptr;
  const void* key = nullptr;
  if (!registry_.AttachmentOf(rec, &slots, &key)) return false;
  {
    MutexLock sl(&slots->mu);
    slots->map.TakeIf(key, rec);
  }
  if (UnlinkLocked(rec, false, nullptr, poolsim::kNoStack)) dead->push_back(rec);
  return true;
}

void ObjectTree::DetachAllLocked(Slots* slots, std::vector<ContextRecord*>* dead) {
  std::vector<ContextRecord*> recs;
  {
    MutexLock l(&slots->mu);
    recs = slots->map.TakeAll();
  }
  std::sort(recs.begin(), recs.end(), OlderFirst);
  for (ContextRecord* rec : recs) {
    if (UnlinkLocked(rec, false, nullptr, poolsim::kNoStack)) dead->push_back(rec);
  }
}

void ObjectTree::DetachKeyLocked(Slots* slots, const void* key, std::vector<ContextRecord*>* dead) {
  ContextRecord* rec = nullptr;
  {
    MutexLock l(&slots->mu);
    rec = slots->map.Take(key);
    if (rec == nullptr) return;
  }
  if (UnlinkLocked(rec, false, nullptr, poolsim::kNoStack)) dead->push_back(rec);
}

void ObjectTree::DetachAll(Slots* slots) {
  std::vector<ContextRecord*> dead;
  {
    MutexLock structure(&mu);
    DetachAllLocked(slots, &dead);
  }
  registry_.FinalizeAll(dead);
}

}  // namespace fltctx_internal
}  // namespace fltctx
