// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the filter manager's registration and context
// routines (fltctx/wdk/fltkernel.h).

#include <cstdint>
#include <cstring>

#include "fltctx/wdk/simulation.h"
#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;
constexpr POOL_TYPE kMustSucceed = static_cast<POOL_TYPE>(2);

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

// Registration.

MISUSE_CASE(FltRegisterFilter, NullArguments) {
  FLT_REGISTRATION registration = {};
  registration.Size = sizeof(registration);
  registration.Version = FLT_REGISTRATION_VERSION;
  PFLT_FILTER filter = reinterpret_cast<PFLT_FILTER>(1);
  EXPECT_EQ(FltRegisterFilter(nullptr, nullptr, &filter), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(filter, nullptr);
  EXPECT_EQ(FltRegisterFilter(nullptr, &registration, nullptr), STATUS_INVALID_PARAMETER);
}

MISUSE_CASE(FltRegisterFilter, BadSizeAndVersion) {
  FLT_REGISTRATION registration = {};
  registration.Size = 1;
  registration.Version = FLT_REGISTRATION_VERSION;
  PFLT_FILTER filter = nullptr;
  EXPECT_EQ(FltRegisterFilter(nullptr, &registration, &filter), STATUS_INVALID_PARAMETER);
  registration.Size = sizeof(registration);
  registration.Version = 0x0101;  // no such version
  EXPECT_EQ(FltRegisterFilter(nullptr, &registration, &filter), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(filter, nullptr);
}

MISUSE_CASE(FltRegisterFilter, BadContextRegistration) {
  const FLT_CONTEXT_REGISTRATION contexts[] = {
      {static_cast<FLT_CONTEXT_TYPE>(0x4000), 0, nullptr, 32, kTag, nullptr, nullptr, nullptr},
      {FLT_CONTEXT_END, 0, nullptr, 0, 0, nullptr, nullptr, nullptr}};
  FLT_REGISTRATION registration = {};
  registration.Size = sizeof(registration);
  registration.Version = FLT_REGISTRATION_VERSION;
  registration.ContextRegistration = contexts;
  PFLT_FILTER filter = nullptr;
  EXPECT_EQ(FltRegisterFilter(nullptr, &registration, &filter),
            STATUS_FLT_INVALID_CONTEXT_REGISTRATION);
  EXPECT_EQ(filter, nullptr);
}

MISUSE_CASE(FltStartFiltering, NullAndTwice) {
  EXPECT_EQ(FltStartFiltering(nullptr), STATUS_INVALID_PARAMETER);
  PFLT_FILTER filter = Filter();
  ASSERT_EQ(FltStartFiltering(filter), STATUS_SUCCESS);
  EXPECT_EQ(FltStartFiltering(filter), STATUS_INVALID_PARAMETER);
}

MISUSE_CASE(FltUnregisterFilter, Twice) {
  PFLT_FILTER filter = Filter();
  FltUnregisterFilter(filter);
  FilterUnregistered();
  EXPECT_ONLY_BUGCHECK(FltUnregisterFilter(filter), 0xC4, {0xF1004, Address(filter)});
}

MISUSE_CASE(FltUnregisterFilter, Null) { EXPECT_NO_BUGCHECK(FltUnregisterFilter(nullptr)); }

// Allocation.

MISUSE_CASE(FltAllocateContext, NullReturnedContext) {
  EXPECT_ONLY_BUGCHECK(
      FltAllocateContext(Filter(), FLT_STREAM_CONTEXT, 32, NonPagedPoolNx, nullptr), 0x1E,
      {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(FltAllocateContext, NullFilter) {
  PFLT_CONTEXT context = reinterpret_cast<PFLT_CONTEXT>(1);
  EXPECT_EQ(FltAllocateContext(nullptr, FLT_STREAM_CONTEXT, 32, NonPagedPoolNx, &context),
            STATUS_FLT_DELETING_OBJECT);
  EXPECT_EQ(context, nullptr);
}

MISUSE_CASE(FltAllocateContext, UndefinedPoolType) {
  PFLT_CONTEXT context = reinterpret_cast<PFLT_CONTEXT>(1);
  EXPECT_EQ(FltAllocateContext(Filter(), FLT_STREAM_CONTEXT, 32, static_cast<POOL_TYPE>(0x7F),
                               &context),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(context, nullptr);
}

MISUSE_CASE(FltAllocateContext, MustSucceedPoolType) {
  PFLT_CONTEXT context = reinterpret_cast<PFLT_CONTEXT>(1);
  EXPECT_ONLY_BUGCHECK(
      FltAllocateContext(Filter(), FLT_STREAM_CONTEXT, 32, kMustSucceed, &context), 0xC2,
      {0x9A, 2});
  EXPECT_EQ(context, nullptr);
}

MISUSE_CASE(FltAllocateContext, UnregisteredTypeOrSize) {
  PFLT_CONTEXT context = reinterpret_cast<PFLT_CONTEXT>(1);
  EXPECT_EQ(FltAllocateContext(Filter(), FLT_SECTION_CONTEXT, 32, NonPagedPoolNx, &context),
            STATUS_FLT_CONTEXT_ALLOCATION_NOT_FOUND);
  EXPECT_EQ(context, nullptr);
  EXPECT_EQ(FltAllocateContext(Filter(), FLT_STREAM_CONTEXT, 33, NonPagedPoolNx, &context),
            STATUS_FLT_CONTEXT_ALLOCATION_NOT_FOUND);
  EXPECT_EQ(FltAllocateContext(Filter(), static_cast<FLT_CONTEXT_TYPE>(0x3), 32, NonPagedPoolNx,
                               &context),
            STATUS_INVALID_PARAMETER);
}

MISUSE_CASE(FltAllocateContext, SizeZeroAndMax) {
  PFLT_CONTEXT context = reinterpret_cast<PFLT_CONTEXT>(1);
  EXPECT_EQ(FltAllocateContext(Filter(), FLT_STREAM_CONTEXT, 0, NonPagedPoolNx, &context),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(
      FltAllocateContext(Filter(), FLT_STREAM_CONTEXT, ~SIZE_T{0}, NonPagedPoolNx, &context),
      STATUS_INVALID_BUFFER_SIZE);
  EXPECT_EQ(context, nullptr);
}

MISUSE_CASE(FltAllocateContext, AfterUnregister) {
  PFLT_FILTER filter = Filter();
  FltUnregisterFilter(filter);
  FilterUnregistered();
  PFLT_CONTEXT context = reinterpret_cast<PFLT_CONTEXT>(1);
  EXPECT_EQ(FltAllocateContext(filter, FLT_STREAM_CONTEXT, 32, NonPagedPoolNx, &context),
            STATUS_FLT_DELETING_OBJECT);
  EXPECT_EQ(context, nullptr);
}

// Set: undefined operations, NULL and unsupported targets, wrong types.

PFLT_CONTEXT NewContext(PFLT_FILTER filter, FLT_CONTEXT_TYPE type) {
  PFLT_CONTEXT context = nullptr;
  EXPECT_EQ(FltAllocateContext(filter, type, 32, NonPagedPoolNx, &context), STATUS_SUCCESS);
  return context;
}

MISUSE_CASE(FltSetInstanceContext, UndefinedOperation) {
  PFLT_INSTANCE instance = Instance();
  PFLT_CONTEXT context = NewContext(Filter(), FLT_INSTANCE_CONTEXT);
  EXPECT_EQ(FltSetInstanceContext(instance, static_cast<FLT_SET_CONTEXT_OPERATION>(7), context,
                                  nullptr),
            STATUS_INVALID_PARAMETER);
  FltReleaseContext(context);
}

MISUSE_CASE(FltSetInstanceContext, WrongContextType) {
  PFLT_INSTANCE instance = Instance();
  PFLT_CONTEXT context = NewContext(Filter(), FLT_STREAM_CONTEXT);
  EXPECT_ONLY_BUGCHECK(
      FltSetInstanceContext(instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, context, nullptr), 0xC4,
      {0xF1001, Address(context), FLT_STREAM_CONTEXT});
  FltReleaseContext(context);
}

MISUSE_CASE(FltSetInstanceContext, NullInstanceAndContext) {
  PFLT_CONTEXT context = NewContext(Filter(), FLT_INSTANCE_CONTEXT);
  PFLT_CONTEXT old = reinterpret_cast<PFLT_CONTEXT>(1);
  EXPECT_EQ(FltSetInstanceContext(nullptr, FLT_SET_CONTEXT_KEEP_IF_EXISTS, context, &old),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(old, nullptr);
  // A NULL context is read as a context header.
  EXPECT_ONLY_BUGCHECK(
      FltSetInstanceContext(Instance(), FLT_SET_CONTEXT_KEEP_IF_EXISTS, nullptr, nullptr), 0x1E,
      {kAccessViolation, 0, 0, 0});
  FltReleaseContext(context);
}

MISUSE_CASE(FltSetInstanceContext, AlreadyLinkedElsewhere) {
  PFLT_INSTANCE instance = Instance();
  PFLT_CONTEXT context = NewContext(Filter(), FLT_INSTANCE_CONTEXT);
  ASSERT_EQ(FltSetInstanceContext(instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, context, nullptr),
            STATUS_SUCCESS);
  // A second instance: the same context cannot live on two objects.
  PFLT_VOLUME volume = fltctx::wdk::CreateVolume(manager());
  PFLT_INSTANCE second = fltctx::wdk::AttachInstance(Filter(), volume);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(FltSetInstanceContext(second, FLT_SET_CONTEXT_KEEP_IF_EXISTS, context, nullptr),
            STATUS_FLT_CONTEXT_ALREADY_LINKED);
  FltReleaseContext(context);
}

// A NULL file object: the stream and its context support cannot be found.
MISUSE_CASE(FltSetStreamContext, NullFileObject) {
  PFLT_CONTEXT context = NewContext(Filter(), FLT_STREAM_CONTEXT);
  EXPECT_EQ(FltSetStreamContext(Instance(), nullptr, FLT_SET_CONTEXT_KEEP_IF_EXISTS, context,
                                nullptr),
            STATUS_NOT_SUPPORTED);
  FltReleaseContext(context);
}

MISUSE_CASE(FltSetStreamHandleContext, NullFileObject) {
  PFLT_CONTEXT context = NewContext(Filter(), FLT_STREAMHANDLE_CONTEXT);
  EXPECT_EQ(FltSetStreamHandleContext(Instance(), nullptr, FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                      context, nullptr),
            STATUS_NOT_SUPPORTED);
  FltReleaseContext(context);
}

MISUSE_CASE(FltSetFileContext, NullFileObject) {
  PFLT_CONTEXT context = NewContext(Filter(), FLT_FILE_CONTEXT);
  EXPECT_EQ(
      FltSetFileContext(Instance(), nullptr, FLT_SET_CONTEXT_KEEP_IF_EXISTS, context, nullptr),
      STATUS_NOT_SUPPORTED);
  FltReleaseContext(context);
}

MISUSE_CASE(FltSetVolumeContext, NullVolume) {
  PFLT_CONTEXT context = NewContext(Filter(), FLT_VOLUME_CONTEXT);
  EXPECT_EQ(FltSetVolumeContext(nullptr, FLT_SET_CONTEXT_KEEP_IF_EXISTS, context, nullptr),
            STATUS_INVALID_PARAMETER);
  FltReleaseContext(context);
}

MISUSE_CASE(FltSetTransactionContext, NullTransaction) {
  PFLT_CONTEXT context = NewContext(Filter(), FLT_TRANSACTION_CONTEXT);
  EXPECT_EQ(FltSetTransactionContext(Instance(), nullptr, FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                     context, nullptr),
            STATUS_INVALID_PARAMETER);
  FltReleaseContext(context);
}

// Get: a NULL out-parameter is the access violation; NULL targets are
// statuses.

MISUSE_CASE(FltGetInstanceContext, NullContextOut) {
  EXPECT_ONLY_BUGCHECK(FltGetInstanceContext(Instance(), nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(FltGetInstanceContext, NoneSetAndNullInstance) {
  PFLT_CONTEXT context = reinterpret_cast<PFLT_CONTEXT>(1);
  EXPECT_EQ(FltGetInstanceContext(Instance(), &context), STATUS_NOT_FOUND);
  EXPECT_EQ(context, nullptr);
  context = reinterpret_cast<PFLT_CONTEXT>(1);
  EXPECT_EQ(FltGetInstanceContext(nullptr, &context), STATUS_NOT_FOUND);
  EXPECT_EQ(context, nullptr);
}

MISUSE_CASE(FltGetStreamContext, NullContextOut) {
  PFILE_OBJECT file_object = fltctx::wdk::OpenFile(fltctx::wdk::CreateVolume(manager()));
  EXPECT_ONLY_BUGCHECK(FltGetStreamContext(Instance(), file_object, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  fltctx::wdk::CloseFileObject(file_object);
}

MISUSE_CASE(FltGetStreamContext, NullFileObject) {
  PFLT_CONTEXT context = reinterpret_cast<PFLT_CONTEXT>(1);
  EXPECT_EQ(FltGetStreamContext(Instance(), nullptr, &context), STATUS_NOT_SUPPORTED);
  EXPECT_EQ(context, nullptr);
}

MISUSE_CASE(FltGetStreamHandleContext, NullContextOut) {
  EXPECT_ONLY_BUGCHECK(FltGetStreamHandleContext(Instance(), nullptr, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(FltGetFileContext, NullContextOut) {
  EXPECT_ONLY_BUGCHECK(FltGetFileContext(Instance(), nullptr, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(FltGetVolumeContext, NullContextOut) {
  EXPECT_ONLY_BUGCHECK(FltGetVolumeContext(Filter(), nullptr, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(FltGetTransactionContext, NullContextOut) {
  EXPECT_ONLY_BUGCHECK(FltGetTransactionContext(Instance(), nullptr, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(FltGetSectionContext, NullContextOut) {
  EXPECT_ONLY_BUGCHECK(FltGetSectionContext(Instance(), nullptr, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(FltGetVolumeContext, NullFilterAndVolume) {
  PFLT_CONTEXT context = reinterpret_cast<PFLT_CONTEXT>(1);
  EXPECT_EQ(FltGetVolumeContext(nullptr, nullptr, &context), STATUS_NOT_FOUND);
  EXPECT_EQ(context, nullptr);
}

// Delete.

MISUSE_CASE(FltDeleteInstanceContext, NoneSet) {
  PFLT_CONTEXT old = reinterpret_cast<PFLT_CONTEXT>(1);
  EXPECT_EQ(FltDeleteInstanceContext(Instance(), &old), STATUS_NOT_FOUND);
  EXPECT_EQ(old, nullptr);
  EXPECT_EQ(FltDeleteInstanceContext(nullptr, nullptr), STATUS_NOT_FOUND);
}

MISUSE_CASE(FltDeleteStreamContext, NullFileObject) {
  EXPECT_EQ(FltDeleteStreamContext(Instance(), nullptr, nullptr), STATUS_NOT_SUPPORTED);
}

MISUSE_CASE(FltDeleteStreamHandleContext, NullFileObject) {
  EXPECT_EQ(FltDeleteStreamHandleContext(Instance(), nullptr, nullptr), STATUS_NOT_SUPPORTED);
}

MISUSE_CASE(FltDeleteFileContext, NullFileObject) {
  EXPECT_EQ(FltDeleteFileContext(Instance(), nullptr, nullptr), STATUS_NOT_SUPPORTED);
}

MISUSE_CASE(FltDeleteVolumeContext, NoneSet) {
  EXPECT_EQ(FltDeleteVolumeContext(nullptr, nullptr, nullptr), STATUS_NOT_FOUND);
}

MISUSE_CASE(FltDeleteTransactionContext, NullTransaction) {
  EXPECT_EQ(FltDeleteTransactionContext(Instance(), nullptr, nullptr), STATUS_NOT_FOUND);
}

// References on the context itself.

MISUSE_CASE(FltReleaseContext, OneTooMany) {
  PFLT_CONTEXT context = NewContext(Filter(), FLT_STREAM_CONTEXT);
  FltReleaseContext(context);
  EXPECT_ONLY_BUGCHECK(FltReleaseContext(context), 0xF5);
}

MISUSE_CASE(FltReleaseContext, NullAndForeign) {
  // fltctx.context.not_a_context: the access violation reading a bogus
  // CONTEXT_NODE, P4 the pointer passed.
  EXPECT_ONLY_BUGCHECK(FltReleaseContext(nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
  int not_a_context = 0;
  EXPECT_ONLY_BUGCHECK(FltReleaseContext(&not_a_context), 0x1E,
                       {kAccessViolation, 0, 0, Address(&not_a_context)});
}

MISUSE_CASE(FltReferenceContext, AfterFree) {
  PFLT_CONTEXT context = NewContext(Filter(), FLT_STREAM_CONTEXT);
  FltReleaseContext(context);
  EXPECT_ONLY_BUGCHECK(FltReferenceContext(context), 0xF5);
}

MISUSE_CASE(FltDeleteContext, NullAndNeverSet) {
  EXPECT_ONLY_BUGCHECK(FltDeleteContext(nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
  PFLT_CONTEXT context = NewContext(Filter(), FLT_STREAM_CONTEXT);
  EXPECT_NO_BUGCHECK(FltDeleteContext(context));  // not linked: nothing to unlink
  FltReleaseContext(context);
}

MISUSE_CASE(FltGetContexts, NullArguments) {
  FLT_RELATED_CONTEXTS contexts;
  EXPECT_ONLY_BUGCHECK(FltGetContexts(nullptr, FLT_ALL_CONTEXTS, &contexts), 0x1E,
                       {kAccessViolation, 0, 0});
  FLT_RELATED_OBJECTS objects = {};
  objects.Size = sizeof(objects);
  EXPECT_ONLY_BUGCHECK(FltGetContexts(&objects, FLT_ALL_CONTEXTS, nullptr), 0x1E,
                       {kAccessViolation, 0, 1});
}

MISUSE_CASE(FltGetContextsEx, NullArgumentsAndShortSize) {
  FLT_RELATED_CONTEXTS_EX contexts;
  EXPECT_ONLY_BUGCHECK(FltGetContextsEx(nullptr, FLT_ALL_CONTEXTS, sizeof(contexts), &contexts),
                       0x1E, {kAccessViolation, 0, 0});
  FLT_RELATED_OBJECTS objects = {};
  objects.Size = sizeof(objects);
  EXPECT_ONLY_BUGCHECK(FltGetContextsEx(&objects, FLT_ALL_CONTEXTS, sizeof(contexts), nullptr),
                       0x1E, {kAccessViolation, 0, 1});
  EXPECT_EQ(FltGetContextsEx(&objects, FLT_ALL_CONTEXTS, 1, &contexts), STATUS_INVALID_PARAMETER);
}

MISUSE_CASE(FltReleaseContexts, Null) {
  EXPECT_ONLY_BUGCHECK(FltReleaseContexts(nullptr), 0x1E, {kAccessViolation, 0, 1});
}

MISUSE_CASE(FltReleaseContextsEx, NullAndShortSize) {
  EXPECT_ONLY_BUGCHECK(FltReleaseContextsEx(sizeof(FLT_RELATED_CONTEXTS_EX), nullptr), 0x1E,
                       {kAccessViolation, 0, 1});
  FLT_RELATED_CONTEXTS_EX contexts = {};
  EXPECT_NO_BUGCHECK(FltReleaseContextsEx(1, &contexts));
}

// Support queries.

MISUSE_CASE(FltSupportsStreamContexts, Null) { EXPECT_FALSE(FltSupportsStreamContexts(nullptr)); }
MISUSE_CASE(FltSupportsStreamHandleContexts, Null) {
  EXPECT_FALSE(FltSupportsStreamHandleContexts(nullptr));
}
MISUSE_CASE(FltSupportsFileContexts, Null) { EXPECT_FALSE(FltSupportsFileContexts(nullptr)); }
MISUSE_CASE(FltSupportsFileContextsEx, Null) {
  EXPECT_FALSE(FltSupportsFileContextsEx(nullptr, Instance()));
}

// Callback data.

MISUSE_CASE(FltSetCallbackDataDirty, Null) {
  EXPECT_ONLY_BUGCHECK(FltSetCallbackDataDirty(nullptr), 0x1E, {kAccessViolation, 0, 1});
}
MISUSE_CASE(FltClearCallbackDataDirty, Null) {
  EXPECT_ONLY_BUGCHECK(FltClearCallbackDataDirty(nullptr), 0x1E, {kAccessViolation, 0, 1});
}
MISUSE_CASE(FltIsCallbackDataDirty, Null) {
  BOOLEAN dirty = TRUE;
  EXPECT_ONLY_BUGCHECK(dirty = FltIsCallbackDataDirty(nullptr), 0x1E, {kAccessViolation, 0, 0});
  EXPECT_FALSE(dirty);
}
MISUSE_CASE(FltCompletePendedPreOperation, NullAndNotPended) {
  EXPECT_ONLY_BUGCHECK(
      FltCompletePendedPreOperation(nullptr, FLT_PREOP_SUCCESS_NO_CALLBACK, nullptr), 0x1E,
      {kAccessViolation, 0, 0});
  FLT_CALLBACK_DATA data = {};
  const std::vector<poolsim::BugCheck> seen = Capture(
      [&] { FltCompletePendedPreOperation(&data, FLT_PREOP_SUCCESS_NO_CALLBACK, nullptr); });
  EXPECT_EQ(seen.size(), 1u);
}

// Data scan and transactions.

MISUSE_CASE(FltRegisterForDataScan, Null) {
  EXPECT_EQ(FltRegisterForDataScan(nullptr), STATUS_NOT_SUPPORTED);
}

MISUSE_CASE(FltCreateSectionForDataScan, NullInstance) {
  HANDLE section = reinterpret_cast<HANDLE>(1);
  PVOID object = reinterpret_cast<PVOID>(1);
  EXPECT_EQ(FltCreateSectionForDataScan(nullptr, nullptr, nullptr, 0, nullptr, nullptr, 0, 0, 0,
                                        &section, &object, nullptr),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(section, nullptr);
  EXPECT_EQ(object, nullptr);
}

MISUSE_CASE(FltCloseSectionForDataScan, NeverCreated) {
  PFLT_CONTEXT context = NewContext(Filter(), FLT_STREAM_CONTEXT);
  EXPECT_NE(FltCloseSectionForDataScan(context), STATUS_SUCCESS);
  EXPECT_ONLY_BUGCHECK(FltCloseSectionForDataScan(nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
  FltReleaseContext(context);
}

MISUSE_CASE(FltEnlistInTransaction, NullArguments) {
  EXPECT_EQ(FltEnlistInTransaction(nullptr, nullptr, nullptr, 0), STATUS_INVALID_PARAMETER);
  // A NULL transaction context is read as a context header.
  EXPECT_ONLY_BUGCHECK(
      FltEnlistInTransaction(Instance(), nullptr, nullptr, TRANSACTION_NOTIFY_COMMIT), 0x1E,
      {kAccessViolation, 0, 0, 0});
}

}  // namespace
}  // namespace misuse

namespace misuse {
namespace {

// Foreign and wrong-kind handles: looked up, not read through.

MISUSE_CASE(FltGetInstanceContext, ForeignInstance) {
  uint64_t not_an_instance[8] = {};
  PFLT_CONTEXT context = reinterpret_cast<PFLT_CONTEXT>(1);
  EXPECT_ONLY_BUGCHECK(
      FltGetInstanceContext(reinterpret_cast<PFLT_INSTANCE>(not_an_instance), &context), 0x1E,
      {0xC0000005, 0, 0, reinterpret_cast<uintptr_t>(not_an_instance)});
}

MISUSE_CASE(FltSetVolumeContext, InstancePassedAsVolume) {
  PFLT_INSTANCE instance = Instance();
  PFLT_CONTEXT context = nullptr;
  ASSERT_EQ(FltAllocateContext(Filter(), FLT_VOLUME_CONTEXT, 32, NonPagedPoolNx, &context),
            STATUS_SUCCESS);
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(status = FltSetVolumeContext(reinterpret_cast<PFLT_VOLUME>(instance),
                                                    FLT_SET_CONTEXT_KEEP_IF_EXISTS, context,
                                                    nullptr),
                       0x1E, {0xC0000005, 0, 0, reinterpret_cast<uintptr_t>(instance)});
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  FltReleaseContext(context);
}

MISUSE_CASE(FltGetStreamContext, ForeignFileObject) {
  FILE_OBJECT forged = {};
  PFLT_CONTEXT context = nullptr;
  EXPECT_ONLY_BUGCHECK(FltGetStreamContext(Instance(), &forged, &context), 0x1E,
                       {0xC0000005, 0, 0, reinterpret_cast<uintptr_t>(&forged)});
}

MISUSE_CASE(FltAllocateContext, ForeignFilter) {
  char not_a_filter[64] = {};
  PFLT_CONTEXT context = reinterpret_cast<PFLT_CONTEXT>(1);
  EXPECT_ONLY_BUGCHECK(FltAllocateContext(reinterpret_cast<PFLT_FILTER>(not_a_filter),
                                          FLT_STREAM_CONTEXT, 32, NonPagedPoolNx, &context),
                       0x1E, {0xC0000005, 0, 0, reinterpret_cast<uintptr_t>(not_a_filter)});
}

MISUSE_CASE(FltStartFiltering, ForeignFilter) {
  int not_a_filter = 0;
  EXPECT_ONLY_BUGCHECK(FltStartFiltering(reinterpret_cast<PFLT_FILTER>(&not_a_filter)), 0x1E,
                       {0xC0000005, 0, 0, reinterpret_cast<uintptr_t>(&not_a_filter)});
}

MISUSE_CASE(FltSupportsStreamContexts, ForeignFileObject) {
  FILE_OBJECT forged = {};
  forged.FsContext2 = &forged;  // would be read as the core's object
  BOOLEAN supported = TRUE;
  EXPECT_ONLY_BUGCHECK(supported = FltSupportsStreamContexts(&forged), 0x1E,
                       {0xC0000005, 0, 0, reinterpret_cast<uintptr_t>(&forged)});
  EXPECT_FALSE(supported);
}

MISUSE_CASE(FltGetContexts, ForeignObjectsInTheStructure) {
  FLT_RELATED_OBJECTS objects = {};
  objects.Size = sizeof(objects);
  int bogus = 0;
  objects.Instance = reinterpret_cast<PFLT_INSTANCE>(&bogus);
  FLT_RELATED_CONTEXTS contexts;
  EXPECT_ONLY_BUGCHECK(FltGetContexts(&objects, FLT_ALL_CONTEXTS, &contexts), 0x1E,
                       {0xC0000005, 0, 0, reinterpret_cast<uintptr_t>(&bogus)});
}

}  // namespace
}  // namespace misuse
