// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.trace;

/** The ways a leak trace can be written. */
public enum TraceFormat {
    /** The summary in words (the default). */
    TEXT,
    /** Self-contained HTML flame graph of leaked bytes. */
    HTML,
    /** Folded stacks ({@code frame;frame;frame bytes}) for flamegraph.pl and speedscope. */
    FOLDED,
    /** gzipped pprof protobuf with inuse/alloc space and objects. */
    PPROF,
    /** {@code memsnap-trace/1} JSON. */
    JSON
}
