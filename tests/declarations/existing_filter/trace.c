/*++

Module Name:

    trace.c

Abstract:

    A second translation unit that includes counter.h, and so its globals.

--*/

#include "counter.h"

VOID
CounterSetTraceFlags(
    _In_ ULONG Flags
    )
{
    gTraceFlags = Flags;
}
