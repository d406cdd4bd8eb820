# Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
"""Build an existing driver's sources, unchanged, against the simulated kernel.

    load("@fltctx//wdkhost:defs.bzl", "wdk_driver_library")

    wdk_driver_library(name = "my_filter", srcs = glob(["*.c", "*.h"]))

makes a cc_library of the driver's C (and C++) sources with the WDK headers
of fltctx on the include path (<fltKernel.h>, <ntifs.h>, <wdm.h>, <dontuse.h>,
...) and the flags the sources need on gcc and clang. docs/getting-started.md
explains each flag and the ones a driver must not use.
"""

# The flags every driver source needs, and why (docs/getting-started.md):
WDK_DRIVER_COPTS = [
    # Globals defined (not only declared) in a driver's own headers.
    "-fcommon",
    # try / except / finally / leave as fltctx maps them (wdkhost/wdk/seh.h).
    "-DFLTCTX_SEH_KEYWORDS=1",
    # What GCC 14 and Clang 16 do by default: a typed pointer passed where
    # another is expected is an error. The headers pass it (typed context
    # out-parameters, Interlocked*Pointer); opt out with
    # copts = ["-Wno-incompatible-pointer-types"].
    "-Werror=incompatible-pointer-types",
    # The host is x64: drivers that test the architecture take the x64 paths.
    "-D_WIN64=1",
    "-D_AMD64_=1",
]

# Warnings WDK sources trigger by design. They come after the caller's copts,
# so that a -Wall there does not turn them back on (clang honours the last).
WDK_DRIVER_QUIET_COPTS = [
    # #pragma alloc_text / warning / prefast / code_seg mean nothing here.
    "-Wno-unknown-pragmas",
    # Pool tags are written as multi-character constants ('gaT1').
    "-Wno-multichar",
    # { FLT_CONTEXT_END } and IRP_MJ_OPERATION_END rows leave members implicit.
    "-Wno-missing-field-initializers",
]

def wdk_driver_copts(copts = []):
    """The compiler flags of wdk_driver_library around the caller's `copts`."""
    return WDK_DRIVER_COPTS + copts + WDK_DRIVER_QUIET_COPTS

def wdk_driver_library(name, srcs, hdrs = [], copts = [], deps = [], **kwargs):
    """A cc_library of unchanged driver sources, built against fltctx's WDK.

    Also defines `<name>_files`, a filegroup of the same files and the
    package's BUILD file.

    Args:
      name: the target name.
      srcs: the driver's sources and private headers (glob(["*.c", "*.h"])).
      hdrs: more headers the driver's tests include (every ".h" of srcs is
        already public).
      copts: more compiler flags (e.g. "-DDBG=0", "-DNTDDI_VERSION=0x0A000000").
      deps: more dependencies.
      **kwargs: passed to cc_library (testonly, ...); visibility defaults to
        public.
    """
    # The driver's own headers are public, so its tests can include them.
    headers = [f for f in srcs if f.endswith(".h")]
    sources = [f for f in srcs if not f.endswith(".h")]
    if "visibility" not in kwargs:
        kwargs["visibility"] = ["//visibility:public"]
    native.cc_library(
        name = name,
        srcs = sources,
        hdrs = headers + [h for h in hdrs if h not in headers],
        copts = wdk_driver_copts(copts),
        deps = [Label("//:wdk_headers")] + deps,
        # The driver's DriverEntry and callbacks are reached through function
        # pointers and the test; keep every object.
        alwayslink = True,
        **kwargs
    )

    # The driver's files themselves (and its BUILD file), for tools and tests
    # that read them rather than compile them.
    native.filegroup(
        name = name + "_files",
        srcs = srcs + [h for h in hdrs if h not in srcs] +
               native.glob(["BUILD", "BUILD.bazel"]),
        visibility = kwargs.get("visibility"),
        testonly = kwargs.get("testonly", False),
    )

def _cc_headers_runfiles_impl(ctx):
    headers = depset(transitive = [
        dep[CcInfo].compilation_context.headers
        for dep in ctx.attr.deps
    ])
    return [DefaultInfo(
        files = headers,
        runfiles = ctx.runfiles(transitive_files = headers),
    )]

# The headers of cc targets as runfiles: a test that runs the compiler itself
# (to check that a misuse fails to compile or link) reads them there.
cc_headers_runfiles = rule(
    implementation = _cc_headers_runfiles_impl,
    attrs = {"deps": attr.label_list(providers = [CcInfo])},
)
