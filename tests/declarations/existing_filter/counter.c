/*++

Module Name:

    counter.c

Abstract:

    Registration, unload and instance setup of the open-counter minifilter.

--*/

#include "counter.h"

#pragma prefast(disable:__WARNING_ENCODE_MEMBER_FUNCTION_POINTER, "Not valid for kernel mode drivers")

VOID CounterContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType);
FLT_PREOP_CALLBACK_STATUS CounterPreCreate(_Inout_ PFLT_CALLBACK_DATA Data,
                                           _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                           _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
FLT_POSTOP_CALLBACK_STATUS CounterPostCreate(_Inout_ PFLT_CALLBACK_DATA Data,
                                             _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                             _In_opt_ PVOID CompletionContext,
                                             _In_ FLT_POST_OPERATION_FLAGS Flags);
static LONG gCleanups;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CounterUnload)
#pragma alloc_text(PAGE, CounterInstanceSetup)
#endif

CONST FLT_CONTEXT_REGISTRATION ContextRegistration[] = {
    { FLT_INSTANCE_CONTEXT, 0, CounterContextCleanup, sizeof(COUNTER_INSTANCE_CONTEXT), COUNTER_TAG },
    { FLT_CONTEXT_END }
};

CONST FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, CounterPreCreate, CounterPostCreate },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    ContextRegistration,
    Callbacks,
    CounterUnload,
    CounterInstanceSetup,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

//
//  A helper declared above and defined FORCEINLINE below.
//

BOOLEAN CounterIsDiskVolume(DEVICE_TYPE VolumeDeviceType);

FORCEINLINE
BOOLEAN
CounterIsDiskVolume(DEVICE_TYPE VolumeDeviceType)
{
    return (BOOLEAN)(VolumeDeviceType == FILE_DEVICE_DISK_FILE_SYSTEM);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &gFilterHandle);

    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(gFilterHandle);
        if (!NT_SUCCESS(status)) {
            FltUnregisterFilter(gFilterHandle);
        }
    }

    return status;
}

NTSTATUS
CounterUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    FltUnregisterFilter(gFilterHandle);
    return STATUS_SUCCESS;
}

NTSTATUS
CounterInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    PCOUNTER_INSTANCE_CONTEXT context = NULL;
    PCOUNTER_INSTANCE_CONTEXT previous;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();
    FLT_ASSERT(FltObjects->Filter == gFilterHandle);

    try {

        if (!CounterIsDiskVolume(VolumeDeviceType)) {
            status = STATUS_FLT_DO_NOT_ATTACH;
            leave;
        }

        status = FltAllocateContext(FltObjects->Filter,
                                    FLT_INSTANCE_CONTEXT,
                                    sizeof(COUNTER_INSTANCE_CONTEXT),
                                    NonPagedPoolNx,
                                    &context);
        if (!NT_SUCCESS(status)) {
            leave;
        }

        RtlZeroMemory(context, sizeof(COUNTER_INSTANCE_CONTEXT));
        InterlockedIncrement(&context->Setups);

        status = FltSetInstanceContext(FltObjects->Instance,
                                       FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                       context,
                                       NULL);

        previous = InterlockedExchangePointer(&gLastContext, context);
        UNREFERENCED_PARAMETER(previous);

    } finally {

        if (context != NULL) {
            FltReleaseContext(context);
        }
    }

    return status;
}

FLT_PREOP_CALLBACK_STATUS
CounterPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS
CounterPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    PCOUNTER_INSTANCE_CONTEXT context;

    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);

    if (!NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, &context))) {
        InterlockedIncrement(&context->Opens);
        FltReleaseContext(context);
    }

    return FLT_POSTOP_FINISHED_PROCESSING;
}

VOID
CounterContextCleanup(
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    )
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(ContextType);
    InterlockedIncrement(&gCleanups);
}

LONG
CounterOpens(
    _In_ PFLT_INSTANCE Instance
    )
{
    PCOUNTER_INSTANCE_CONTEXT context;
    LONG opens = -1;

    if (NT_SUCCESS(FltGetInstanceContext(Instance, &context))) {
        opens = context->Opens;
        FltReleaseContext(context);
    }
    return opens;
}

LONG
CounterCleanupsSeen(
    VOID
    )
{
    return gCleanups;
}
