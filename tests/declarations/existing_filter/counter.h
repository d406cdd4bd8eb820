/*++

Module Name:

    counter.h

Abstract:

    Shared declarations of the open-counter minifilter: a filter written the
    way published minifilters are, kept unchanged by its tests (the test
    builds this directory with wdk_driver_library).

--*/

#ifndef __COUNTER_H__
#define __COUNTER_H__

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define COUNTER_TAG 'tnoC'

typedef struct _COUNTER_INSTANCE_CONTEXT {
    LONG Opens;
    LONG Setups;
} COUNTER_INSTANCE_CONTEXT, *PCOUNTER_INSTANCE_CONTEXT;

//
//  Globals defined in the header, as many filters do (needs -fcommon).
//

PFLT_FILTER gFilterHandle;
ULONG gTraceFlags;
PCOUNTER_INSTANCE_CONTEXT gLastContext;

#ifdef __cplusplus
extern "C" {
#endif

DRIVER_INITIALIZE DriverEntry;
NTSTATUS CounterUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS CounterInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                              _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                              _In_ DEVICE_TYPE VolumeDeviceType,
                              _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
LONG CounterOpens(_In_ PFLT_INSTANCE Instance);
LONG CounterCleanupsSeen(VOID);

#ifdef __cplusplus
}
#endif

#endif
