/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/wdk/fltkernel.h
 * -----------------------------------------------------------------------------
 *
 * The WDK-named filter-manager context surface (compat layer): the types,
 * structures (in the WDK's field order), constants (with the WDK's values) and
 * functions a minifilter uses to register context types and to allocate, set,
 * get, delete, reference and release contexts. Each function is a thin
 * wrapper over fltctx::FilterManager (fltctx/filter_manager.h). C11 and C++;
 * driver sources reach it as <fltKernel.h> / <ntifs.h> through //:wdk_headers.
 *
 * Misuse the real filter manager crashes on never returns an error code: it
 * raises a bug check through poolsim (docs/fltctx.md lists each one). Every
 * function lists the NTSTATUS values it returns. */

#ifndef FLTCTX_WDK_FLTKERNEL_H_
#define FLTCTX_WDK_FLTKERNEL_H_

#include "poolsim/wdk/ntdef.h"
#include "poolsim/wdk/wdm.h"
#include "wdkhost/wdk/ntifs_decls.h"

POOLSIM_BEGIN_EXTERN_C

#ifndef FLTAPI
#define FLTAPI NTAPI
#endif

/* Status values: wdkhost/wdk/ntstatus.h (one list for every surface). */

/* ---------------------------------------------------------------------------
 * Kernel objects the context API refers to. The filter-manager objects are
 * opaque handles; FILE_OBJECT is a real structure whose FsContext identifies
 * the stream (as the file system's FCB does on Windows) and FsContext2 the
 * open instance.
 * ------------------------------------------------------------------------- */
typedef struct _FLT_FILTER* PFLT_FILTER;
typedef struct _FLT_VOLUME* PFLT_VOLUME;
typedef struct _FLT_INSTANCE* PFLT_INSTANCE;
typedef struct _FLT_PORT* PFLT_PORT;
typedef struct _KTRANSACTION KTRANSACTION, *PKTRANSACTION;
typedef struct _DRIVER_OBJECT DRIVER_OBJECT, *PDRIVER_OBJECT;
typedef struct _DEVICE_OBJECT DEVICE_OBJECT, *PDEVICE_OBJECT;
typedef struct _VPB VPB, *PVPB;
typedef struct _SECTION_OBJECT_POINTERS SECTION_OBJECT_POINTERS, *PSECTION_OBJECT_POINTERS;
typedef struct _IO_COMPLETION_CONTEXT IO_COMPLETION_CONTEXT, *PIO_COMPLETION_CONTEXT;
typedef struct _OBJECT_ATTRIBUTES OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;
typedef struct _FLT_CALLBACK_DATA FLT_CALLBACK_DATA, *PFLT_CALLBACK_DATA;
typedef struct _FLT_NAME_CONTROL FLT_NAME_CONTROL, *PFLT_NAME_CONTROL;
typedef struct _FILE_NAMES_INFORMATION FILE_NAMES_INFORMATION, *PFILE_NAMES_INFORMATION;
typedef struct _FLT_IO_PARAMETER_BLOCK FLT_IO_PARAMETER_BLOCK, *PFLT_IO_PARAMETER_BLOCK;

/* Deviation: FILE_OBJECT ends after CurrentByteOffset's neighbours; the
 * event and IRP-list members of the WDK structure are not modelled. */
typedef struct _FILE_OBJECT {
  CSHORT Type;
  CSHORT Size;
  PDEVICE_OBJECT DeviceObject;
  PVPB Vpb;
  PVOID FsContext;
  PVOID FsContext2;
  PSECTION_OBJECT_POINTERS SectionObjectPointer;
  PVOID PrivateCacheMap;
  NTSTATUS FinalStatus;
  struct _FILE_OBJECT* RelatedFileObject;
  BOOLEAN LockOperation;
  BOOLEAN DeletePending;
  BOOLEAN ReadAccess;
  BOOLEAN WriteAccess;
  BOOLEAN DeleteAccess;
  BOOLEAN SharedRead;
  BOOLEAN SharedWrite;
  BOOLEAN SharedDelete;
  ULONG Flags;
  UNICODE_STRING FileName;
  LARGE_INTEGER CurrentByteOffset;
  ULONG Waiters;
  ULONG Busy;
  PVOID LastLock;
  PVOID FileObjectExtension;
} FILE_OBJECT, *PFILE_OBJECT;

#define IO_TYPE_FILE 0x00000005

/* DEVICE_TYPE, FILE_DEVICE_* (wdkhost/wdk/ioctl.h) and the TRANSACTION_NOTIFY_*
 * bits (wdkhost/wdk/transactions.h) come from the shared declarations. */

/* ---------------------------------------------------------------------------
 * Context types and registration
 * ------------------------------------------------------------------------- */
typedef PVOID PFLT_CONTEXT;
#define NULL_CONTEXT ((PFLT_CONTEXT)NULL)

/* The type of a context out-parameter (FltAllocateContext's ReturnedContext,
 * the OldContext / Context of FltSet/Get/Delete*Context). In C it is PVOID,
 * so a driver may pass the address of its own typed pointer
 * (PMY_CONTEXT *) without an incompatible-pointer diagnostic, as it does with
 * the WDK; in C++ it is PFLT_CONTEXT *, as in the WDK. The callee stores a
 * PFLT_CONTEXT there either way. */
#ifdef __cplusplus
#define FLTCTX_CONTEXT_OUT PFLT_CONTEXT*
#else
#define FLTCTX_CONTEXT_OUT PVOID
#endif

typedef USHORT FLT_CONTEXT_TYPE;
#define FLT_VOLUME_CONTEXT 0x0001
#define FLT_INSTANCE_CONTEXT 0x0002
#define FLT_FILE_CONTEXT 0x0004
#define FLT_STREAM_CONTEXT 0x0008
#define FLT_STREAMHANDLE_CONTEXT 0x0010
#define FLT_TRANSACTION_CONTEXT 0x0020
#define FLT_SECTION_CONTEXT 0x0040
#define FLT_CONTEXT_END 0xffff
#define FLT_ALL_CONTEXTS                                                       \
  (FLT_VOLUME_CONTEXT | FLT_INSTANCE_CONTEXT | FLT_FILE_CONTEXT |              \
   FLT_STREAM_CONTEXT | FLT_STREAMHANDLE_CONTEXT | FLT_TRANSACTION_CONTEXT |  \
   FLT_SECTION_CONTEXT)

typedef USHORT FLT_CONTEXT_REGISTRATION_FLAGS;
#define FLTFL_CONTEXT_REGISTRATION_NO_EXACT_SIZE_MATCH 0x0001
#define FLT_VARIABLE_SIZED_CONTEXTS ((SIZE_T)-1)

typedef VOID(FLTAPI* PFLT_CONTEXT_CLEANUP_CALLBACK)(PFLT_CONTEXT Context,
                                                    FLT_CONTEXT_TYPE ContextType);
typedef PVOID(FLTAPI* PFLT_CONTEXT_ALLOCATE_CALLBACK)(POOL_TYPE PoolType, SIZE_T Size,
                                                      FLT_CONTEXT_TYPE ContextType);
typedef VOID(FLTAPI* PFLT_CONTEXT_FREE_CALLBACK)(PVOID Pool, FLT_CONTEXT_TYPE ContextType);

typedef struct _FLT_CONTEXT_REGISTRATION {
  FLT_CONTEXT_TYPE ContextType;
  FLT_CONTEXT_REGISTRATION_FLAGS Flags;
  PFLT_CONTEXT_CLEANUP_CALLBACK ContextCleanupCallback;
  SIZE_T Size;
  ULONG PoolTag;
  PFLT_CONTEXT_ALLOCATE_CALLBACK ContextAllocateCallback;
  PFLT_CONTEXT_FREE_CALLBACK ContextFreeCallback;
  PVOID Reserved1;
} FLT_CONTEXT_REGISTRATION, *PFLT_CONTEXT_REGISTRATION;
typedef const FLT_CONTEXT_REGISTRATION* PCFLT_CONTEXT_REGISTRATION;

typedef enum _FLT_SET_CONTEXT_OPERATION {
  FLT_SET_CONTEXT_REPLACE_IF_EXISTS,
  FLT_SET_CONTEXT_KEEP_IF_EXISTS
} FLT_SET_CONTEXT_OPERATION, *PFLT_SET_CONTEXT_OPERATION;

/* ---------------------------------------------------------------------------
 * Related objects and contexts
 * ------------------------------------------------------------------------- */
typedef struct _FLT_RELATED_OBJECTS {
  USHORT Size;
  USHORT TransactionContext;
  PFLT_FILTER Filter;
  PFLT_VOLUME Volume;
  PFLT_INSTANCE Instance;
  PFILE_OBJECT FileObject;
  PKTRANSACTION Transaction;
} FLT_RELATED_OBJECTS, *PFLT_RELATED_OBJECTS;
typedef const FLT_RELATED_OBJECTS* PCFLT_RELATED_OBJECTS;

typedef struct _FLT_RELATED_CONTEXTS {
  PFLT_CONTEXT VolumeContext;
  PFLT_CONTEXT InstanceContext;
  PFLT_CONTEXT FileContext;
  PFLT_CONTEXT StreamContext;
  PFLT_CONTEXT StreamHandleContext;
  PFLT_CONTEXT TransactionContext;
} FLT_RELATED_CONTEXTS, *PFLT_RELATED_CONTEXTS;

typedef struct _FLT_RELATED_CONTEXTS_EX {
  PFLT_CONTEXT VolumeContext;
  PFLT_CONTEXT InstanceContext;
  PFLT_CONTEXT FileContext;
  PFLT_CONTEXT StreamContext;
  PFLT_CONTEXT StreamHandleContext;
  PFLT_CONTEXT TransactionContext;
  PFLT_CONTEXT SectionContext;
} FLT_RELATED_CONTEXTS_EX, *PFLT_RELATED_CONTEXTS_EX;

/* ---------------------------------------------------------------------------
 * Operation registration (declared here; simulated I/O drives it later).
 * ------------------------------------------------------------------------- */
typedef enum _FLT_PREOP_CALLBACK_STATUS {
  FLT_PREOP_SUCCESS_WITH_CALLBACK,
  FLT_PREOP_SUCCESS_NO_CALLBACK,
  FLT_PREOP_PENDING,
  FLT_PREOP_DISALLOW_FASTIO,
  FLT_PREOP_COMPLETE,
  FLT_PREOP_SYNCHRONIZE,
  FLT_PREOP_DISALLOW_FSFILTER_IO
} FLT_PREOP_CALLBACK_STATUS, *PFLT_PREOP_CALLBACK_STATUS;

typedef enum _FLT_POSTOP_CALLBACK_STATUS {
  FLT_POSTOP_FINISHED_PROCESSING,
  FLT_POSTOP_MORE_PROCESSING_REQUIRED,
  FLT_POSTOP_DISALLOW_FSFILTER_IO
} FLT_POSTOP_CALLBACK_STATUS, *PFLT_POSTOP_CALLBACK_STATUS;

typedef ULONG FLT_POST_OPERATION_FLAGS;
#define FLTFL_POST_OPERATION_DRAINING 0x00000001

typedef FLT_PREOP_CALLBACK_STATUS(FLTAPI* PFLT_PRE_OPERATION_CALLBACK)(
    PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID* CompletionContext);
typedef FLT_POSTOP_CALLBACK_STATUS(FLTAPI* PFLT_POST_OPERATION_CALLBACK)(
    PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext,
    FLT_POST_OPERATION_FLAGS Flags);

typedef ULONG FLT_OPERATION_REGISTRATION_FLAGS;
#define FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO 0x00000001
#define FLTFL_OPERATION_REGISTRATION_SKIP_CACHED_IO 0x00000002
#define FLTFL_OPERATION_REGISTRATION_SKIP_NON_DASD_IO 0x00000004
#define FLTFL_OPERATION_REGISTRATION_SKIP_NON_CACHED_NON_PAGING_IO 0x00000008

typedef struct _FLT_OPERATION_REGISTRATION {
  UCHAR MajorFunction;
  FLT_OPERATION_REGISTRATION_FLAGS Flags;
  PFLT_PRE_OPERATION_CALLBACK PreOperation;
  PFLT_POST_OPERATION_CALLBACK PostOperation;
  PVOID Reserved1;
} FLT_OPERATION_REGISTRATION, *PFLT_OPERATION_REGISTRATION;

#define IRP_MJ_OPERATION_END ((UCHAR)0x80)

/* ---------------------------------------------------------------------------
 * I/O operations (driven by fltctx/io). Values and field order are the WDK's.
 * ------------------------------------------------------------------------- */
#define IRP_MJ_CREATE 0x00
#define IRP_MJ_CREATE_NAMED_PIPE 0x01
#define IRP_MJ_CLOSE 0x02
#define IRP_MJ_READ 0x03
#define IRP_MJ_WRITE 0x04
#define IRP_MJ_QUERY_INFORMATION 0x05
#define IRP_MJ_SET_INFORMATION 0x06
#define IRP_MJ_QUERY_EA 0x07
#define IRP_MJ_SET_EA 0x08
#define IRP_MJ_FLUSH_BUFFERS 0x09
#define IRP_MJ_QUERY_VOLUME_INFORMATION 0x0a
#define IRP_MJ_SET_VOLUME_INFORMATION 0x0b
#define IRP_MJ_DIRECTORY_CONTROL 0x0c
#define IRP_MJ_FILE_SYSTEM_CONTROL 0x0d
#define IRP_MJ_DEVICE_CONTROL 0x0e
#define IRP_MJ_INTERNAL_DEVICE_CONTROL 0x0f
#define IRP_MJ_SHUTDOWN 0x10
#define IRP_MJ_LOCK_CONTROL 0x11
#define IRP_MJ_CLEANUP 0x12
#define IRP_MJ_CREATE_MAILSLOT 0x13
#define IRP_MJ_QUERY_SECURITY 0x14
#define IRP_MJ_SET_SECURITY 0x15
#define IRP_MJ_POWER 0x16
#define IRP_MJ_SYSTEM_CONTROL 0x17
#define IRP_MJ_DEVICE_CHANGE 0x18
#define IRP_MJ_QUERY_QUOTA 0x19
#define IRP_MJ_SET_QUOTA 0x1a
#define IRP_MJ_PNP 0x1b
#define IRP_MJ_MAXIMUM_FUNCTION 0x1b

/* Create dispositions and options: wdkhost/wdk/file_access.h. */

/* PETHREAD, PMDL, KPROCESSOR_MODE and IO_STATUS_BLOCK: wdkhost/wdk/objects.h. */

typedef struct _IO_SECURITY_CONTEXT {
  PSECURITY_QUALITY_OF_SERVICE SecurityQos;
  PACCESS_STATE AccessState;
  ACCESS_MASK DesiredAccess;
  ULONG FullCreateOptions;
} IO_SECURITY_CONTEXT, *PIO_SECURITY_CONTEXT;

/* FILE_INFORMATION_CLASS and the information structures:
 * wdkhost/wdk/file_information.h. */

/* The request-specific parameters, every member in the WDK's order with its
 * x64 layout (POINTER_ALIGNMENT members are 8-byte aligned; the union is 48
 * bytes; //tests/declarations checks each offset). */
typedef union _FLT_PARAMETERS {
  struct {
    PIO_SECURITY_CONTEXT SecurityContext;
    ULONG Options;
    USHORT POINTER_ALIGNMENT FileAttributes;
    USHORT ShareAccess;
    ULONG POINTER_ALIGNMENT EaLength;
    PVOID EaBuffer;
    LARGE_INTEGER AllocationSize;
  } Create;
  struct {
    PIO_SECURITY_CONTEXT SecurityContext;
    ULONG Options;
    USHORT POINTER_ALIGNMENT Reserved;
    USHORT ShareAccess;
    PVOID Parameters; /* PNAMED_PIPE_CREATE_PARAMETERS */
  } CreatePipe;
  struct {
    PIO_SECURITY_CONTEXT SecurityContext;
    ULONG Options;
    USHORT POINTER_ALIGNMENT Reserved;
    USHORT ShareAccess;
    PVOID Parameters; /* PMAILSLOT_CREATE_PARAMETERS */
  } CreateMailslot;
  struct {
    ULONG Length;
    ULONG POINTER_ALIGNMENT Key;
    LARGE_INTEGER ByteOffset;
    PVOID ReadBuffer;
    PMDL MdlAddress;
  } Read;
  struct {
    ULONG Length;
    ULONG POINTER_ALIGNMENT Key;
    LARGE_INTEGER ByteOffset;
    PVOID WriteBuffer;
    PMDL MdlAddress;
  } Write;
  struct {
    ULONG Length;
    FILE_INFORMATION_CLASS POINTER_ALIGNMENT FileInformationClass;
    PVOID InfoBuffer;
  } QueryFileInformation;
  struct {
    ULONG Length;
    FILE_INFORMATION_CLASS POINTER_ALIGNMENT FileInformationClass;
    PFILE_OBJECT ParentOfTarget;
    union {
      struct {
        BOOLEAN ReplaceIfExists;
        BOOLEAN AdvanceOnly;
      };
      ULONG ClusterCount;
      HANDLE DeleteHandle;
    };
    PVOID InfoBuffer;
  } SetFileInformation;
  struct {
    ULONG Length;
    PVOID EaList;
    ULONG EaListLength;
    ULONG POINTER_ALIGNMENT EaIndex;
    PVOID EaBuffer;
    PMDL MdlAddress;
  } QueryEa;
  struct {
    ULONG Length;
    PVOID EaBuffer;
    PMDL MdlAddress;
  } SetEa;
  struct {
    ULONG Length;
    FS_INFORMATION_CLASS POINTER_ALIGNMENT FsInformationClass;
    PVOID VolumeBuffer;
  } QueryVolumeInformation;
  struct {
    ULONG Length;
    FS_INFORMATION_CLASS POINTER_ALIGNMENT FsInformationClass;
    PVOID VolumeBuffer;
  } SetVolumeInformation;
  union {
    struct {
      ULONG Length;
      PUNICODE_STRING FileName;
      FILE_INFORMATION_CLASS FileInformationClass;
      ULONG POINTER_ALIGNMENT FileIndex;
      PVOID DirectoryBuffer;
      PMDL MdlAddress;
    } QueryDirectory;
    struct {
      ULONG Length;
      ULONG POINTER_ALIGNMENT CompletionFilter;
      ULONG POINTER_ALIGNMENT Spare1;
      ULONG POINTER_ALIGNMENT Spare2;
      PVOID DirectoryBuffer;
      PMDL MdlAddress;
    } NotifyDirectory;
    struct {
      ULONG Length;
      ULONG POINTER_ALIGNMENT CompletionFilter;
      DIRECTORY_NOTIFY_INFORMATION_CLASS POINTER_ALIGNMENT DirectoryNotifyInformationClass;
      ULONG POINTER_ALIGNMENT Spare2;
      PVOID DirectoryBuffer;
      PMDL MdlAddress;
    } NotifyDirectoryEx;
  } DirectoryControl;
  union {
    struct {
      PVPB Vpb;
      PDEVICE_OBJECT DeviceObject;
    } VerifyVolume;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT FsControlCode;
    } Common;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT FsControlCode;
      PVOID InputBuffer;
      PVOID OutputBuffer;
      PMDL OutputMdlAddress;
    } Neither;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT FsControlCode;
      PVOID SystemBuffer;
    } Buffered;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT FsControlCode;
      PVOID InputSystemBuffer;
      PVOID OutputBuffer;
      PMDL OutputMdlAddress;
    } Direct;
  } FileSystemControl;
  union {
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT IoControlCode;
    } Common;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT IoControlCode;
      PVOID InputBuffer;
      PVOID OutputBuffer;
      PMDL OutputMdlAddress;
    } Neither;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT IoControlCode;
      PVOID SystemBuffer;
    } Buffered;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT IoControlCode;
      PVOID InputSystemBuffer;
      PVOID OutputBuffer;
      PMDL OutputMdlAddress;
    } Direct;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT IoControlCode;
      PVOID InputBuffer;
      PVOID OutputBuffer;
    } FastIo;
  } DeviceIoControl;
  struct {
    PLARGE_INTEGER Length;
    ULONG POINTER_ALIGNMENT Key;
    LARGE_INTEGER ByteOffset;
    PEPROCESS ProcessId;
    BOOLEAN FailImmediately;
    BOOLEAN ExclusiveLock;
  } LockControl;
  struct {
    SECURITY_INFORMATION SecurityInformation;
    ULONG POINTER_ALIGNMENT Length;
    PVOID SecurityBuffer;
    PMDL MdlAddress;
  } QuerySecurity;
  struct {
    SECURITY_INFORMATION SecurityInformation;
    PSECURITY_DESCRIPTOR SecurityDescriptor;
  } SetSecurity;
  struct {
    ULONG_PTR ProviderId;
    PVOID DataPath;
    ULONG BufferSize;
    PVOID Buffer;
  } WMI;
  struct {
    ULONG Length;
    PSID StartSid;
    PFILE_GET_QUOTA_INFORMATION SidList;
    ULONG SidListLength;
    PVOID QuotaBuffer;
    PMDL MdlAddress;
  } QueryQuota;
  struct {
    ULONG Length;
    PVOID QuotaBuffer;
    PMDL MdlAddress;
  } SetQuota;
  union {
    struct {
      PCM_RESOURCE_LIST AllocatedResources;
      PCM_RESOURCE_LIST AllocatedResourcesTranslated;
    } StartDevice;
    struct {
      DEVICE_RELATION_TYPE Type;
    } QueryDeviceRelations;
    struct {
      CONST GUID* InterfaceType;
      USHORT Size;
      USHORT Version;
      PINTERFACE Interface;
      PVOID InterfaceSpecificData;
    } QueryInterface;
    struct {
      PDEVICE_CAPABILITIES Capabilities;
    } DeviceCapabilities;
    struct {
      PIO_RESOURCE_REQUIREMENTS_LIST IoResourceRequirementList;
    } FilterResourceRequirements;
    struct {
      ULONG WhichSpace;
      PVOID Buffer;
      ULONG Offset;
      ULONG POINTER_ALIGNMENT Length;
    } ReadWriteConfig;
    struct {
      BOOLEAN Lock;
    } SetLock;
    struct {
      BUS_QUERY_ID_TYPE IdType;
    } QueryId;
    struct {
      DEVICE_TEXT_TYPE DeviceTextType;
      LCID POINTER_ALIGNMENT LocaleId;
    } QueryDeviceText;
    struct {
      BOOLEAN InPath;
      BOOLEAN Reserved[3];
      DEVICE_USAGE_NOTIFICATION_TYPE POINTER_ALIGNMENT Type;
    } UsageNotification;
  } Pnp;
  struct {
    FS_FILTER_SECTION_SYNC_TYPE SyncType;
    ULONG PageProtection;
    PFS_FILTER_SECTION_SYNC_OUTPUT OutputInformation;
    ULONG Flags;
    ULONG AllocationAttributes;
  } AcquireForSectionSynchronization;
  struct {
    PLARGE_INTEGER EndingOffset;
    struct _ERESOURCE** ResourceToRelease;
  } AcquireForModifiedPageWriter;
  struct {
    struct _ERESOURCE* ResourceToRelease;
  } ReleaseForModifiedPageWriter;
  struct {
    PIRP Irp;
    PVOID FileInformation;
    PULONG Length;
    FILE_INFORMATION_CLASS FileInformationClass;
  } QueryOpen;
  struct {
    LARGE_INTEGER FileOffset;
    ULONG Length;
    ULONG POINTER_ALIGNMENT LockKey;
    BOOLEAN POINTER_ALIGNMENT CheckForReadOperation;
  } FastIoCheckIfPossible;
  struct {
    PIRP Irp;
    PFILE_NETWORK_OPEN_INFORMATION NetworkInformation;
  } NetworkQueryOpen;
  struct {
    LARGE_INTEGER FileOffset;
    ULONG POINTER_ALIGNMENT Length;
    ULONG POINTER_ALIGNMENT Key;
    PMDL* MdlChain;
  } MdlRead;
  struct {
    PMDL MdlChain;
  } MdlReadComplete;
  struct {
    LARGE_INTEGER FileOffset;
    ULONG POINTER_ALIGNMENT Length;
    ULONG POINTER_ALIGNMENT Key;
    PMDL* MdlChain;
  } PrepareMdlWrite;
  struct {
    LARGE_INTEGER FileOffset;
    PMDL MdlChain;
  } MdlWriteComplete;
  struct {
    ULONG DeviceType;
  } MountVolume;
  struct {
    PVOID Argument1;
    PVOID Argument2;
    PVOID Argument3;
    PVOID Argument4;
    PVOID Argument5;
    LARGE_INTEGER Argument6;
  } Others;
} FLT_PARAMETERS, *PFLT_PARAMETERS;

struct _FLT_IO_PARAMETER_BLOCK {
  ULONG IrpFlags;
  UCHAR MajorFunction;
  UCHAR MinorFunction;
  UCHAR OperationFlags;
  UCHAR Reserved;
  PFILE_OBJECT TargetFileObject;
  PFLT_INSTANCE TargetInstance;
  FLT_PARAMETERS Parameters;
};

typedef ULONG FLT_CALLBACK_DATA_FLAGS;
#define FLTFL_CALLBACK_DATA_IRP_OPERATION 0x00000001
#define FLTFL_CALLBACK_DATA_FAST_IO_OPERATION 0x00000002
#define FLTFL_CALLBACK_DATA_FS_FILTER_OPERATION 0x00000004
#define FLTFL_CALLBACK_DATA_SYSTEM_BUFFER 0x00000008
#define FLTFL_CALLBACK_DATA_GENERATED_IO 0x00010000
#define FLTFL_CALLBACK_DATA_REISSUED_IO 0x00020000
#define FLTFL_CALLBACK_DATA_DRAINING 0x00040000
#define FLTFL_CALLBACK_DATA_POST_OPERATION 0x00080000
#define FLTFL_CALLBACK_DATA_NEW_SYSTEM_BUFFER 0x00100000
#define FLTFL_CALLBACK_DATA_DIRTY 0x80000000

struct _FLT_CALLBACK_DATA {
  FLT_CALLBACK_DATA_FLAGS Flags;
  PETHREAD Thread;
  PFLT_IO_PARAMETER_BLOCK Iopb;
  IO_STATUS_BLOCK IoStatus;
  struct _FLT_TAG_DATA_BUFFER* TagData;
  union {
    struct {
      LIST_ENTRY QueueLinks;
      PVOID QueueContext[2];
    };
    PVOID FilterContext[4];
  };
  KPROCESSOR_MODE RequestorMode;
};

#define FLT_IS_IRP_OPERATION(Data) (FlagOn((Data)->Flags, FLTFL_CALLBACK_DATA_IRP_OPERATION))
#define FLT_IS_FASTIO_OPERATION(Data) \
  (FlagOn((Data)->Flags, FLTFL_CALLBACK_DATA_FAST_IO_OPERATION))
#define FLT_IS_FS_FILTER_OPERATION(Data) \
  (FlagOn((Data)->Flags, FLTFL_CALLBACK_DATA_FS_FILTER_OPERATION))

/* ---------------------------------------------------------------------------
 * Filter registration
 * ------------------------------------------------------------------------- */
typedef ULONG FLT_REGISTRATION_FLAGS;
#define FLTFL_REGISTRATION_DO_NOT_SUPPORT_SERVICE_STOP 0x00000001
#define FLTFL_REGISTRATION_SUPPORT_NPFS_MSFS 0x00000002
#define FLTFL_REGISTRATION_SUPPORT_DAX_VOLUME 0x00000004

#define FLT_REGISTRATION_VERSION_0200 0x0200
#define FLT_REGISTRATION_VERSION_0201 0x0201
#define FLT_REGISTRATION_VERSION_0202 0x0202
#define FLT_REGISTRATION_VERSION_0203 0x0203
#define FLT_REGISTRATION_VERSION FLT_REGISTRATION_VERSION_0203

typedef ULONG FLT_FILTER_UNLOAD_FLAGS;
#define FLTFL_FILTER_UNLOAD_MANDATORY 0x00000001

typedef ULONG FLT_INSTANCE_SETUP_FLAGS;
#define FLTFL_INSTANCE_SETUP_AUTOMATIC_ATTACHMENT 0x00000001
#define FLTFL_INSTANCE_SETUP_MANUAL_ATTACHMENT 0x00000002
#define FLTFL_INSTANCE_SETUP_NEWLY_MOUNTED_VOLUME 0x00000004
#define FLTFL_INSTANCE_SETUP_DETACHED_VOLUME 0x00000008

typedef ULONG FLT_INSTANCE_QUERY_TEARDOWN_FLAGS;

typedef ULONG FLT_INSTANCE_TEARDOWN_FLAGS;
#define FLTFL_INSTANCE_TEARDOWN_MANUAL 0x00000001
#define FLTFL_INSTANCE_TEARDOWN_FILTER_UNLOAD 0x00000002
#define FLTFL_INSTANCE_TEARDOWN_MANDATORY_FILTER_UNLOAD 0x00000004
#define FLTFL_INSTANCE_TEARDOWN_VOLUME_DISMOUNT 0x00000008
#define FLTFL_INSTANCE_TEARDOWN_INTERNAL_ERROR 0x00000010

typedef enum _FLT_FILESYSTEM_TYPE {
  FLT_FSTYPE_UNKNOWN,
  FLT_FSTYPE_RAW,
  FLT_FSTYPE_NTFS,
  FLT_FSTYPE_FAT,
  FLT_FSTYPE_CDFS,
  FLT_FSTYPE_UDFS,
  FLT_FSTYPE_LANMAN,
  FLT_FSTYPE_WEBDAV,
  FLT_FSTYPE_RDPDR,
  FLT_FSTYPE_NFS,
  FLT_FSTYPE_MS_NETWARE,
  FLT_FSTYPE_NETWARE,
  FLT_FSTYPE_BSUDF,
  FLT_FSTYPE_MUP,
  FLT_FSTYPE_RSFX,
  FLT_FSTYPE_ROXIO_UDF1,
  FLT_FSTYPE_ROXIO_UDF2,
  FLT_FSTYPE_ROXIO_UDF3,
  FLT_FSTYPE_TACIT,
  FLT_FSTYPE_FS_REC,
  FLT_FSTYPE_INCD,
  FLT_FSTYPE_INCD_FAT,
  FLT_FSTYPE_EXFAT,
  FLT_FSTYPE_PSFS,
  FLT_FSTYPE_GPFS,
  FLT_FSTYPE_NPFS,
  FLT_FSTYPE_MSFS,
  FLT_FSTYPE_CSVFS,
  FLT_FSTYPE_REFS,
  FLT_FSTYPE_OPENAFS,
  FLT_FSTYPE_CIMFS
} FLT_FILESYSTEM_TYPE, *PFLT_FILESYSTEM_TYPE;

typedef ULONG FLT_FILE_NAME_OPTIONS;
typedef ULONG FLT_NORMALIZE_NAME_FLAGS;

typedef NTSTATUS(FLTAPI* PFLT_FILTER_UNLOAD_CALLBACK)(FLT_FILTER_UNLOAD_FLAGS Flags);
typedef NTSTATUS(FLTAPI* PFLT_INSTANCE_SETUP_CALLBACK)(PCFLT_RELATED_OBJECTS FltObjects,
                                                       FLT_INSTANCE_SETUP_FLAGS Flags,
                                                       DEVICE_TYPE VolumeDeviceType,
                                                       FLT_FILESYSTEM_TYPE VolumeFilesystemType);
typedef NTSTATUS(FLTAPI* PFLT_INSTANCE_QUERY_TEARDOWN_CALLBACK)(
    PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);
typedef VOID(FLTAPI* PFLT_INSTANCE_TEARDOWN_CALLBACK)(PCFLT_RELATED_OBJECTS FltObjects,
                                                      FLT_INSTANCE_TEARDOWN_FLAGS Reason);
typedef NTSTATUS(FLTAPI* PFLT_GENERATE_FILE_NAME)(PFLT_INSTANCE Instance,
                                                  PFILE_OBJECT FileObject,
                                                  PFLT_CALLBACK_DATA CallbackData,
                                                  FLT_FILE_NAME_OPTIONS NameOptions,
                                                  PBOOLEAN CacheFileNameInformation,
                                                  PFLT_NAME_CONTROL FileName);
typedef NTSTATUS(FLTAPI* PFLT_NORMALIZE_NAME_COMPONENT)(
    PFLT_INSTANCE Instance, PCUNICODE_STRING ParentDirectory, USHORT VolumeNameLength,
    PCUNICODE_STRING Component, PFILE_NAMES_INFORMATION ExpandComponentName,
    ULONG ExpandComponentNameLength, FLT_NORMALIZE_NAME_FLAGS Flags,
    PVOID* NormalizationContext);
typedef VOID(FLTAPI* PFLT_NORMALIZE_CONTEXT_CLEANUP)(PVOID* NormalizationContext);
typedef NTSTATUS(FLTAPI* PFLT_TRANSACTION_NOTIFICATION_CALLBACK)(
    PCFLT_RELATED_OBJECTS FltObjects, PFLT_CONTEXT TransactionContext,
    ULONG NotificationMask);
typedef NTSTATUS(FLTAPI* PFLT_NORMALIZE_NAME_COMPONENT_EX)(
    PFLT_INSTANCE Instance, PFILE_OBJECT FileObject, PCUNICODE_STRING ParentDirectory,
    USHORT VolumeNameLength, PCUNICODE_STRING Component,
    PFILE_NAMES_INFORMATION ExpandComponentName, ULONG ExpandComponentNameLength,
    FLT_NORMALIZE_NAME_FLAGS Flags, PVOID* NormalizationContext);
typedef NTSTATUS(FLTAPI* PFLT_SECTION_CONFLICT_NOTIFICATION_CALLBACK)(
    PFLT_INSTANCE Instance, PFLT_CONTEXT SectionContext, PFLT_CALLBACK_DATA Data);

typedef struct _FLT_REGISTRATION {
  USHORT Size;
  USHORT Version;
  FLT_REGISTRATION_FLAGS Flags;
  const FLT_CONTEXT_REGISTRATION* ContextRegistration;
  const FLT_OPERATION_REGISTRATION* OperationRegistration;
  PFLT_FILTER_UNLOAD_CALLBACK FilterUnloadCallback;
  PFLT_INSTANCE_SETUP_CALLBACK InstanceSetupCallback;
  PFLT_INSTANCE_QUERY_TEARDOWN_CALLBACK InstanceQueryTeardownCallback;
  PFLT_INSTANCE_TEARDOWN_CALLBACK InstanceTeardownStartCallback;
  PFLT_INSTANCE_TEARDOWN_CALLBACK InstanceTeardownCompleteCallback;
  PFLT_GENERATE_FILE_NAME GenerateFileNameCallback;
  PFLT_NORMALIZE_NAME_COMPONENT NormalizeNameComponentCallback;
  PFLT_NORMALIZE_CONTEXT_CLEANUP NormalizeContextCleanupCallback;
  PFLT_TRANSACTION_NOTIFICATION_CALLBACK TransactionNotificationCallback;
  PFLT_NORMALIZE_NAME_COMPONENT_EX NormalizeNameComponentExCallback;
  PFLT_SECTION_CONFLICT_NOTIFICATION_CALLBACK SectionNotificationCallback;
} FLT_REGISTRATION, *PFLT_REGISTRATION;
typedef const FLT_REGISTRATION* PCFLT_REGISTRATION;

/* ---------------------------------------------------------------------------
 * Registration. IRQL <= APC_LEVEL (PASSIVE_LEVEL in practice).
 * ------------------------------------------------------------------------- */

/* Registers a filter with the ambient fltctx::FilterManager. Returns
 * STATUS_SUCCESS, STATUS_INVALID_PARAMETER (bad Size/Version or null
 * arguments), STATUS_FLT_INVALID_CONTEXT_REGISTRATION (context registration
 * rules, docs/fltctx.md), STATUS_FLT_NOT_INITIALIZED (no FilterManager
 * installed). *RetFilter is NULL on failure. */
NTSTATUS FLTAPI FltRegisterFilter(PDRIVER_OBJECT Driver, const FLT_REGISTRATION* Registration,
                                  PFLT_FILTER* RetFilter);
/* Starts filtering: instances may attach afterwards. STATUS_SUCCESS or
 * STATUS_INVALID_PARAMETER (already started or unregistered). */
NTSTATUS FLTAPI FltStartFiltering(PFLT_FILTER Filter);
/* Tears down every instance, detaches every context the filter set (running
 * cleanup callbacks as counts reach zero) and reports contexts still
 * referenced as leaks instead of waiting forever. */
VOID FLTAPI FltUnregisterFilter(PFLT_FILTER Filter);

/* ---------------------------------------------------------------------------
 * Contexts. IRQL <= APC_LEVEL unless stated.
 * ------------------------------------------------------------------------- */

/* STATUS_SUCCESS, STATUS_INVALID_PARAMETER (type, zero size, pool type),
 * STATUS_INVALID_BUFFER_SIZE (> MAXUSHORT), STATUS_FLT_DELETING_OBJECT,
 * STATUS_FLT_CONTEXT_ALLOCATION_NOT_FOUND, STATUS_FLT_MUST_BE_NONPAGED_POOL
 * (paged volume context), STATUS_INSUFFICIENT_RESOURCES. On failure
 * *ReturnedContext is NULL. Contents are not initialized (poisoned). */
NTSTATUS FLTAPI FltAllocateContext(PFLT_FILTER Filter, FLT_CONTEXT_TYPE ContextType,
                                   SIZE_T ContextSize, POOL_TYPE PoolType,
                                   FLTCTX_CONTEXT_OUT ReturnedContext);

/* Set: STATUS_SUCCESS, STATUS_FLT_CONTEXT_ALREADY_DEFINED (KEEP; *OldContext
 * gets the existing context with a reference), STATUS_FLT_CONTEXT_ALREADY_LINKED,
 * STATUS_FLT_DELETING_OBJECT, STATUS_INVALID_PARAMETER, STATUS_NOT_SUPPORTED
 * (file-object kinds). *OldContext, when given, is NULL unless a context is
 * returned in it; the caller releases what it receives. */
NTSTATUS FLTAPI FltSetVolumeContext(PFLT_VOLUME Volume, FLT_SET_CONTEXT_OPERATION Operation,
                                    PFLT_CONTEXT NewContext, FLTCTX_CONTEXT_OUT OldContext);
NTSTATUS FLTAPI FltSetInstanceContext(PFLT_INSTANCE Instance,
                                      FLT_SET_CONTEXT_OPERATION Operation,
                                      PFLT_CONTEXT NewContext, FLTCTX_CONTEXT_OUT OldContext);
NTSTATUS FLTAPI FltSetFileContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                  FLT_SET_CONTEXT_OPERATION Operation,
                                  PFLT_CONTEXT NewContext, FLTCTX_CONTEXT_OUT OldContext);
NTSTATUS FLTAPI FltSetStreamContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                    FLT_SET_CONTEXT_OPERATION Operation,
                                    PFLT_CONTEXT NewContext, FLTCTX_CONTEXT_OUT OldContext);
NTSTATUS FLTAPI FltSetStreamHandleContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                          FLT_SET_CONTEXT_OPERATION Operation,
                                          PFLT_CONTEXT NewContext,
                                          FLTCTX_CONTEXT_OUT OldContext);
NTSTATUS FLTAPI FltSetTransactionContext(PFLT_INSTANCE Instance, PKTRANSACTION Transaction,
                                         FLT_SET_CONTEXT_OPERATION Operation,
                                         PFLT_CONTEXT NewContext, FLTCTX_CONTEXT_OUT OldContext);

/* Get: STATUS_SUCCESS (one reference added), STATUS_NOT_FOUND,
 * STATUS_NOT_SUPPORTED (file-object kinds). *Context is NULL on failure. */
NTSTATUS FLTAPI FltGetVolumeContext(PFLT_FILTER Filter, PFLT_VOLUME Volume,
                                    FLTCTX_CONTEXT_OUT Context);
NTSTATUS FLTAPI FltGetInstanceContext(PFLT_INSTANCE Instance, FLTCTX_CONTEXT_OUT Context);
NTSTATUS FLTAPI FltGetFileContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                  FLTCTX_CONTEXT_OUT Context);
NTSTATUS FLTAPI FltGetStreamContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                    FLTCTX_CONTEXT_OUT Context);
NTSTATUS FLTAPI FltGetStreamHandleContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                          FLTCTX_CONTEXT_OUT Context);
NTSTATUS FLTAPI FltGetTransactionContext(PFLT_INSTANCE Instance, PKTRANSACTION Transaction,
                                         FLTCTX_CONTEXT_OUT Context);
NTSTATUS FLTAPI FltGetSectionContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                     FLTCTX_CONTEXT_OUT Context);

/* Delete: STATUS_SUCCESS (the attachment's reference goes to *OldContext when
 * given, else is dropped), STATUS_NOT_FOUND, STATUS_NOT_SUPPORTED,
 * STATUS_FLT_DELETING_OBJECT. */
NTSTATUS FLTAPI FltDeleteVolumeContext(PFLT_FILTER Filter, PFLT_VOLUME Volume,
                                       FLTCTX_CONTEXT_OUT OldContext);
NTSTATUS FLTAPI FltDeleteInstanceContext(PFLT_INSTANCE Instance, FLTCTX_CONTEXT_OUT OldContext);
NTSTATUS FLTAPI FltDeleteFileContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                     FLTCTX_CONTEXT_OUT OldContext);
NTSTATUS FLTAPI FltDeleteStreamContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                       FLTCTX_CONTEXT_OUT OldContext);
NTSTATUS FLTAPI FltDeleteStreamHandleContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                             FLTCTX_CONTEXT_OUT OldContext);
NTSTATUS FLTAPI FltDeleteTransactionContext(PFLT_INSTANCE Instance, PKTRANSACTION Transaction,
                                            FLTCTX_CONTEXT_OUT OldContext);

/* Detaches the context from its object if attached (only the first call has
 * an effect); the caller's own reference stays. */
VOID FLTAPI FltDeleteContext(PFLT_CONTEXT Context);
/* IRQL <= DISPATCH_LEVEL. */
VOID FLTAPI FltReferenceContext(PFLT_CONTEXT Context);
/* IRQL <= DISPATCH_LEVEL (nonpaged) / APC_LEVEL (paged). At DISPATCH_LEVEL the
 * final release's cleanup and free are deferred to a worker. */
VOID FLTAPI FltReleaseContext(PFLT_CONTEXT Context);

/* Fills every requested field it finds (one reference each) and NULLs the
 * rest. */
VOID FLTAPI FltGetContexts(PCFLT_RELATED_OBJECTS FltObjects, FLT_CONTEXT_TYPE DesiredContexts,
                           PFLT_RELATED_CONTEXTS Contexts);
/* STATUS_SUCCESS or STATUS_INVALID_PARAMETER (mask or size). */
NTSTATUS FLTAPI FltGetContextsEx(PCFLT_RELATED_OBJECTS FltObjects,
                                 FLT_CONTEXT_TYPE DesiredContexts, SIZE_T ContextsSize,
                                 PFLT_RELATED_CONTEXTS_EX Contexts);
VOID FLTAPI FltReleaseContexts(PFLT_RELATED_CONTEXTS Contexts);
VOID FLTAPI FltReleaseContextsEx(SIZE_T ContextsSize, PFLT_RELATED_CONTEXTS_EX Contexts);

BOOLEAN FLTAPI FltSupportsStreamContexts(PFILE_OBJECT FileObject);
BOOLEAN FLTAPI FltSupportsStreamHandleContexts(PFILE_OBJECT FileObject);
BOOLEAN FLTAPI FltSupportsFileContexts(PFILE_OBJECT FileObject);
BOOLEAN FLTAPI FltSupportsFileContextsEx(PFILE_OBJECT FileObject, PFLT_INSTANCE Instance);

/* ---------------------------------------------------------------------------
 * Section contexts (data scan). Sections are simulated: the handle and the
 * object returned are unique tokens, not real sections.
 * ------------------------------------------------------------------------- */

/* STATUS_SUCCESS, STATUS_NOT_SUPPORTED, STATUS_FLT_DELETING_OBJECT. */
NTSTATUS FLTAPI FltRegisterForDataScan(PFLT_INSTANCE Instance);
/* STATUS_SUCCESS, STATUS_FLT_CONTEXT_ALREADY_DEFINED, STATUS_INVALID_PARAMETER
 * (not registered for data scan, not a section context), STATUS_NOT_SUPPORTED,
 * STATUS_END_OF_FILE (empty stream), STATUS_FLT_DELETING_OBJECT. */
NTSTATUS FLTAPI FltCreateSectionForDataScan(
    PFLT_INSTANCE Instance, PFILE_OBJECT FileObject, PFLT_CONTEXT SectionContext,
    ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
    PLARGE_INTEGER MaximumSize, ULONG SectionPageProtection, ULONG AllocationAttributes,
    ULONG Flags, PHANDLE SectionHandle, PVOID* SectionObject, PLARGE_INTEGER SectionFileSize);
/* STATUS_SUCCESS, STATUS_INVALID_PARAMETER (never created), STATUS_NOT_FOUND
 * (already closed). */
NTSTATUS FLTAPI FltCloseSectionForDataScan(PFLT_CONTEXT SectionContext);

/* ---------------------------------------------------------------------------
 * Transactions
 * ------------------------------------------------------------------------- */

/* STATUS_SUCCESS, STATUS_FLT_ALREADY_ENLISTED, STATUS_INVALID_PARAMETER (no
 * notification callback, not a transaction context of this instance),
 * STATUS_INVALID_PARAMETER_4 (mask), STATUS_FLT_DELETING_OBJECT. */
NTSTATUS FLTAPI FltEnlistInTransaction(PFLT_INSTANCE Instance, PKTRANSACTION Transaction,
                                       PFLT_CONTEXT TransactionContext,
                                       ULONG NotificationMask);

/* The transaction parameter block of a file object opened inside a
 * transaction (its TransactionObject the PKTRANSACTION), NULL for one that
 * is not. Any IRQL. A NULL FileObject is the access violation Windows takes
 * (0x1E), one that is not a live file object the fltctx.handle.not_live
 * report. */
PTXN_PARAMETER_BLOCK NTAPI IoGetTransactionParameterBlock(PFILE_OBJECT FileObject);

/* ---------------------------------------------------------------------------
 * Callback data
 * ------------------------------------------------------------------------- */

/* Marks the callback data as changed by the filter (FLTFL_CALLBACK_DATA_DIRTY). */
VOID FLTAPI FltSetCallbackDataDirty(PFLT_CALLBACK_DATA Data);
VOID FLTAPI FltClearCallbackDataDirty(PFLT_CALLBACK_DATA Data);
BOOLEAN FLTAPI FltIsCallbackDataDirty(PFLT_CALLBACK_DATA Data);

/* Resumes an operation whose pre-operation callback returned
 * FLT_PREOP_PENDING. CallbackStatus is FLT_PREOP_SUCCESS_WITH_CALLBACK,
 * FLT_PREOP_SUCCESS_NO_CALLBACK or FLT_PREOP_COMPLETE; Context is the
 * completion context for the post-operation callback. May be called from any
 * thread, at IRQL <= DISPATCH_LEVEL. Driven by fltctx/io. */
VOID FLTAPI FltCompletePendedPreOperation(PFLT_CALLBACK_DATA CallbackData,
                                          FLT_PREOP_CALLBACK_STATUS CallbackStatus,
                                          PVOID Context);

POOLSIM_END_EXTERN_C

#include "fltctx/wdk/file_names.h"

#endif /* FLTCTX_WDK_FLTKERNEL_H_ */
