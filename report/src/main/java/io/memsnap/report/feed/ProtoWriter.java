// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.feed;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal protocol-buffers encoder (wire types 0 and 2 only), enough for pprof's {@code profile.proto}: the one
 * encoder behind both pprof outputs, the snapshot feed ({@link PprofWriter}) and the leak trace
 * ({@code report.trace.PprofWriter}). We write our own rather than pull in protobuf-java for some fifty lines. Not
 * thread-safe.
 */
public final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A varint field (int64, uint64, bool); zero is skipped, as proto3 does. */
    public ProtoWriter varint(int field, long value) {
        if (value != 0) {
            tag(field, 0);
            rawVarint(value);
        }
        return this;
    }

    /** A string field; empty strings are written too (the string table needs its empty entry 0). */
    public ProtoWriter string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    /** A nested message field. */
    public ProtoWriter message(int field, ProtoWriter nested) {
        return bytes(field, nested.toByteArray());
    }

    /** A packed repeated varint field; nothing for an empty array. */
    public ProtoWriter packed(int field, long[] values) {
        if (values.length == 0) {
            return this;
        }
        ProtoWriter body = new ProtoWriter();
        for (long v : values) {
            body.rawVarint(v);
        }
        return bytes(field, body.toByteArray());
    }

    /** The encoded bytes so far. */
    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private ProtoWriter bytes(int field, byte[] b) {
        tag(field, 2);
        rawVarint(b.length);
        out.writeBytes(b);
        return this;
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
