// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/filter_manager.cc
// -----------------------------------------------------------------------------
//
// The FilterManager facade (core layer): every method forwards to one part
// under fltctx/internal/ (manager_impl.h lists them; the lock order is in
// internal/object_model.h). Also ContextRef and the ambient manager.

#include "fltctx/filter_manager.h"

#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fltctx/internal/manager_impl.h"
#include "fltctx/internal/object_model.h"

namespace fltctx {

namespace {

std::atomic<FilterManager*> g_ambient{nullptr};  // innermost ScopedFilterManager
std::atomic<FilterManager*> g_latest{nullptr};   // most recently created

}  // namespace

// -----------------------------------------------------------------------------
// ContextRef
// -----------------------------------------------------------------------------

void ContextRef::reset() {
  if (context_ != nullptr) {
    void* c = context_;
    context_ = nullptr;
    manager_->Release(c);
  }
}

// -----------------------------------------------------------------------------
// FilterManager
// -----------------------------------------------------------------------------

FilterManager::FilterManager(poolsim::Environment& env, Options options)
    : impl_(std::make_unique<fltctx_internal::ManagerImpl>(this, env, std::move(options))) {
  g_latest.store(this, std::memory_order_release);
}

FilterManager::~FilterManager() {
  FilterManager* expected = this;
  g_latest.compare_exchange_strong(expected, nullptr);
  impl_->Shutdown();
}

poolsim::Environment& FilterManager::environment() const { return impl_->env; }
const Options& FilterManager::options() const { return impl_->options; }

// --- Filters -------------------------------------------------------------------

RegisterOutcome FilterManager::RegisterFilter(FilterRegistration registration, Filter** filter) {
  return impl_->RegisterFilter(std::move(registration), filter);
}

StartOutcome FilterManager::StartFiltering(Filter* filter) {
  return impl_->StartFiltering(filter);
}

UnloadResult FilterManager::UnregisterFilter(Filter* filter) {
  return impl_->UnregisterFilter(filter);
}

// --- Objects -------------------------------------------------------------------

Volume* FilterManager::CreateVolume(const VolumeOptions& options) {
  return impl_->tree.CreateVolume(options);
}

void FilterManager::DismountVolume(Volume* volume) { impl_->tree.DismountVolume(volume); }

Instance* FilterManager::AttachInstance(Filter* filter, Volume* volume, uint32_t setup_flags) {
  return impl_->tree.AttachInstance(filter, volume, setup_flags, "0");
}

Instance* FilterManager::AttachInstance(Filter* filter, Volume* volume, uint32_t setup_flags,
                                        const std::string& altitude) {
  return impl_->tree.AttachInstance(filter, volume, setup_flags, altitude);
}

std::vector<Instance*> FilterManager::InstancesByAltitude(const Volume* volume) const {
  return impl_->tree.InstancesByAltitude(volume);
}

std::vector<Filter*> FilterManager::RegisteredFilters() const {
  return impl_->tree.RegisteredFilters();
}

std::vector<Volume*> FilterManager::MountedVolumes() const { return impl_->tree.MountedVolumes(); }

void FilterManager::DetachInstance(Instance* instance, uint32_t reason) {
  impl_->tree.TeardownInstance(instance, reason, /*notify=*/true);
}

uint64_t FilterManager::AddTeardownObserver(std::function<void(Instance*)> observer) {
  return impl_->tree.AddTeardownObserver(std::move(observer));
}

void FilterManager::RemoveTeardownObserver(uint64_t id) {
  impl_->tree.RemoveTeardownObserver(id);
}

Stream* FilterManager::CreateStream(Volume* volume, const StreamOptions& options) {
  return impl_->tree.CreateStream(volume, options);
}

FileObject* FilterManager::OpenFileObject(Stream* stream) {
  FileObject* fo = impl_->tree.NewFileObject(stream->volume);
  impl_->tree.CompleteOpen(fo, stream);
  return fo;
}

FileObject* FilterManager::NewFileObject(Volume* volume) {
  return impl_->tree.NewFileObject(volume);
}

void FilterManager::CompleteOpen(FileObject* file_object, Stream* stream) {
  impl_->tree.CompleteOpen(file_object, stream);
}

void FilterManager::AbandonFileObject(FileObject* file_object) {
  impl_->tree.AbandonFileObject(file_object);
}

bool FilterManager::IsOpen(const FileObject* file_object) {
  return fltctx_internal::ObjectTree::IsOpen(file_object);
}

void FilterManager::CloseFileObject(FileObject* file_object) {
  impl_->tree.CloseFileObject(file_object);
}

void FilterManager::RetireFileObject(FileObject* file_object) {
  impl_->tree.RetireFileObject(file_object);
}

Transaction* FilterManager::CreateTransaction() { return impl_->tree.CreateTransaction(); }

void FilterManager::CompleteTransaction(Transaction* transaction, bool commit) {
  impl_->transactions.Complete(transaction, commit);
}

Filter* FilterManager::FilterOf(const Instance* instance) { return instance->filter; }
Volume* FilterManager::VolumeOf(const Instance* instance) { return instance->volume; }
Stream* FilterManager::StreamOf(const FileObject* file_object) { return file_object->stream; }
Volume* FilterManager::VolumeOf(const Stream* stream) { return stream->volume; }
FilterManager* FilterManager::ManagerOf(const Filter* filter) { return filter->manager; }
FilterManager* FilterManager::ManagerOf(const Volume* volume) { return volume->manager; }
FilterManager* FilterManager::ManagerOf(const Instance* instance) { return instance->manager; }
FilterManager* FilterManager::ManagerOf(const FileObject* file_object) {
  return file_object->manager;
}
FilterManager* FilterManager::ManagerOf(const Transaction* transaction) {
  return transaction->manager;
}
const std::string& FilterManager::NameOf(const Filter* filter) { return filter->name; }
const std::string& FilterManager::AltitudeOf(const Instance* instance) {
  return instance->altitude;
}
const VolumeOptions& FilterManager::OptionsOf(const Volume* volume) { return volume->options; }
const void* FilterManager::OperationsOf(const Filter* filter) { return filter->operations.get(); }

bool FilterManager::SupportsStreamContexts(const FileObject* file_object) const {
  return impl_->tree.SupportsStreamContexts(file_object);
}

bool FilterManager::SupportsStreamHandleContexts(const FileObject* file_object) const {
  return impl_->tree.SupportsStreamHandleContexts(file_object);
}

bool FilterManager::SupportsFileContexts(const FileObject* file_object) const {
  return impl_->tree.SupportsFileContexts(file_object);
}

bool FilterManager::SupportsFileContextsEx(const FileObject* file_object,
                                           const Instance* instance) const {
  return impl_->tree.SupportsFileContextsEx(file_object, instance);
}

void FilterManager::SetPeer(FileObject* file_object, void* peer, void (*deleter)(void*)) {
  file_object->peer = peer;
  file_object->peer_deleter = deleter;
}

void* FilterManager::PeerOf(const FileObject* file_object) { return file_object->peer; }

// --- Contexts ------------------------------------------------------------------

AllocateResult FilterManager::Allocate(Filter* filter, ContextType type, size_t size,
                                       poolsim::PoolKind pool, uint32_t pool_type) {
  return impl_->contexts.Allocate(filter, ContextTypeBit(type), size, pool, pool_type);
}

AllocateResult FilterManager::AllocateRaw(Filter* filter, uint16_t type_bits, size_t size,
                                          poolsim::PoolKind pool, uint32_t pool_type) {
  return impl_->contexts.Allocate(filter, type_bits, size, pool, pool_type);
}

SetResult FilterManager::Set(const ContextTarget& target, void* context, SetMode mode,
                             bool want_previous) {
  return impl_->contexts.Set(target, context, mode, want_previous);
}

GetResult FilterManager::Get(const ContextTarget& target) {
  return impl_->contexts.Get(target, GetFunctionName(target.type));
}

DeleteResult FilterManager::Delete(const ContextTarget& target, bool want_previous) {
  return impl_->contexts.Delete(target, want_previous);
}

void FilterManager::DeleteContext(void* context) { impl_->contexts.DeleteContext(context); }
void FilterManager::Reference(void* context) { impl_->contexts.Reference(context); }
void FilterManager::Release(void* context) {
  impl_->contexts.Release(context, "FltReleaseContext");
}

GetContextsOutcome FilterManager::GetContexts(Filter* filter, Volume* volume, Instance* instance,
                                              FileObject* file_object, Transaction* transaction,
                                              uint16_t type_bits, bool include_section,
                                              void* out[kContextTypeCount]) {
  return impl_->contexts.GetContexts(filter, volume, instance, file_object, transaction,
                                     type_bits, include_section, out);
}

void FilterManager::ReleaseContexts(void** contexts, int count) {
  impl_->contexts.ReleaseContexts(contexts, count);
}

DataScanOutcome FilterManager::RegisterForDataScan(Instance* instance) {
  return impl_->sections.RegisterForDataScan(instance);
}

CreateSectionOutcome FilterManager::CreateSectionForDataScan(Instance* instance,
                                                             FileObject* file_object,
                                                             void* section_context,
                                                             uint64_t* section_token,
                                                             int64_t file_size) {
  return impl_->sections.Create(instance, file_object, section_context, section_token,
                                file_size);
}

CloseSectionOutcome FilterManager::CloseSectionForDataScan(void* section_context) {
  return impl_->sections.Close(section_context);
}

EnlistOutcome FilterManager::EnlistInTransaction(Instance* instance, Transaction* transaction,
                                                 void* transaction_context,
                                                 uint32_t notification_mask) {
  return impl_->transactions.Enlist(instance, transaction, transaction_context,
                                    notification_mask);
}

// --- Inspection and deferred work ------------------------------------------------

ContextInfo FilterManager::Inspect(const void* context) const {
  return impl_->registry.Inspect(context);
}

size_t FilterManager::LiveContextCount() const { return impl_->registry.LiveCount(); }

size_t FilterManager::LiveContextCount(ContextType type) const {
  return impl_->registry.LiveCount(type);
}

std::vector<poolsim::LeakedObject> FilterManager::ReferencedContexts() const {
  return impl_->registry.Referenced(nullptr);
}

size_t FilterManager::DrainDeferredWork() { return impl_->registry.DrainDeferred(); }

size_t FilterManager::PendingDeferredWork() const { return impl_->registry.PendingDeferred(); }

// -----------------------------------------------------------------------------
// The ambient manager
// -----------------------------------------------------------------------------

FilterManager* AmbientFilterManager() {
  FilterManager* m = g_ambient.load(std::memory_order_acquire);
  return m != nullptr ? m : g_latest.load(std::memory_order_acquire);
}

ScopedFilterManager::ScopedFilterManager(FilterManager* manager)
    : previous_(g_ambient.exchange(manager, std::memory_order_acq_rel)) {}

ScopedFilterManager::~ScopedFilterManager() {
  g_ambient.store(previous_, std::memory_order_release);
}

}  // namespace fltctx
