// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.feed;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A protobuf wire-format decoder for tests, written against the spec independently of {@link ProtoWriter}. */
final class ProtoReader {
    /** One field: number, wire type, varint value or bytes. */
    record Field(int number, int wireType, long varint, byte[] bytes) {
        String string() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        List<Field> message() {
            return parse(bytes);
        }

        /** A repeated varint, packed (wire type 2) or not. */
        List<Long> varints() {
            List<Long> out = new ArrayList<>();
            if (wireType == 0) {
                out.add(varint);
                return out;
            }
            int[] pos = {0};
            while (pos[0] < bytes.length) {
                out.add(readVarint(bytes, pos));
            }
            return out;
        }
    }

    private ProtoReader() {}

    static List<Field> parse(byte[] b) {
        List<Field> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < b.length) {
            long key = readVarint(b, pos);
            int number = (int) (key >>> 3);
            int type = (int) (key & 7);
            switch (type) {
                case 0 -> out.add(new Field(number, 0, readVarint(b, pos), new byte[0]));
                case 2 -> {
                    int len = (int) readVarint(b, pos);
                    byte[] v = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + len);
                    pos[0] += len;
                    out.add(new Field(number, 2, 0, v));
                }
                default -> throw new IllegalArgumentException("wire type " + type + " at " + pos[0]);
            }
        }
        return out;
    }

    static List<Field> all(List<Field> fields, int number) {
        return fields.stream().filter(f -> f.number() == number).toList();
    }

    static long first(List<Field> fields, int number) {
        return fields.stream().filter(f -> f.number() == number).mapToLong(Field::varint).findFirst().orElse(0);
    }

    private static long readVarint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }
}
