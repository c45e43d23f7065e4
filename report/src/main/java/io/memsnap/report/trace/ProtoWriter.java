// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.trace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few protobuf wire-format pieces pprof needs: varints, length-delimited fields, packed repeated integers.
 * Written by hand rather than pulling protobuf-java and generated code into the report module for one message
 * type. Not thread-safe.
 */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A varint field; zero is the default and is left out, as protobuf encoders do. */
    ProtoWriter field(int number, long value) {
        if (value != 0) {
            varint((long) number << 3);
            varint(value);
        }
        return this;
    }

    ProtoWriter bytes(int number, byte[] value) {
        varint((long) number << 3 | 2);
        varint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoWriter string(int number, String value) {
        return bytes(number, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter message(int number, ProtoWriter message) {
        return bytes(number, message.toByteArray());
    }

    ProtoWriter packed(int number, long[] values) {
        ProtoWriter inner = new ProtoWriter();
        for (long v : values) {
            inner.varint(v);
        }
        return bytes(number, inner.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
