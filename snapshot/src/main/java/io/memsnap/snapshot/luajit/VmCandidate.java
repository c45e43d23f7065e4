// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

/** A VM confirmed by the allocator-state and GG_State signatures. Addresses in the target. */
record VmCandidate(long mstate, long state, long global, VmLayout layout) {}
