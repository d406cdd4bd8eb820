# Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
"""What a user's BUILD file loads to build an existing driver's sources:

    load("@fltctx//:wdk.bzl", "wdk_driver_library")

The definition and its flags are in wdkhost/defs.bzl.
"""

load(
    "//wdkhost:defs.bzl",
    _wdk_driver_copts = "wdk_driver_copts",
    _wdk_driver_library = "wdk_driver_library",
)

wdk_driver_copts = _wdk_driver_copts
wdk_driver_library = _wdk_driver_library
