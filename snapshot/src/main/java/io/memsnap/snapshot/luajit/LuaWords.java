// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Names Lua values the way the code that made them spells them: identifier keys as {@code .name}, module names as
 * {@code ["resty.foo"]}, other strings as {@code [string key, N bytes]} unless string contents may be shown,
 * numbers as {@code [42]}, functions as {@code function @/path/mod.lua:42}. Reads through the {@link TargetReader};
 * confined to its thread.
 */
final class LuaWords {
    private static final int MAX_NAME = 64;
    private static final int MAX_CHUNKNAME = 200;
    private static final Set<String> KEYWORDS = Set.of("and", "break", "do", "else", "elseif", "end", "false",
            "for", "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true",
            "until", "while");

    private final TargetReader reader;
    private final boolean showStrings;
    private final int maxStringChars;

    LuaWords(TargetReader reader, boolean showStrings, int maxStringChars) {
        this.reader = reader;
        this.showStrings = showStrings;
        this.maxStringChars = maxStringChars;
    }

    /** A table key as it follows the table in a path: {@code .name}, {@code ["mod.name"]}, {@code [3]}. */
    String key(long tvalue, boolean moduleNames) {
        int itype = (int) (tvalue >> 47);
        int gct = ~itype;
        if (gct == 4) {
            long s = tvalue & References.ADDRESS_MASK;
            String text = string(s, MAX_NAME);
            if (text != null && isIdentifier(text)) {
                return "." + text;
            }
            if (text != null && moduleNames && text.matches("[A-Za-z0-9_.\\-/]+")) {
                return "[\"" + text + "\"]";
            }
            return "[" + stringValue(s, "string key") + "]";
        }
        if (gct >= 6 && gct <= 12) {
            return "[" + typeName(gct) + " key]";
        }
        if (itype == -1 || itype == -2 || itype == -3) {
            return itype == -1 ? "[nil]" : itype == -2 ? "[false]" : "[true]";
        }
        if (itype == -4) {
            return String.format(Locale.ROOT, "[lightuserdata 0x%x]", tvalue & References.ADDRESS_MASK);
        }
        double d = Double.longBitsToDouble(tvalue);
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return "[" + (long) d + "]";
        }
        return "[" + d + "]";
    }

    /** A string shown as a value: its contents when allowed, else {@code <what>, N bytes}. */
    String stringValue(long s, String what) {
        long len = reader.u32(s + 20);
        if (showStrings) {
            int n = (int) Math.min(len, maxStringChars);
            return "\"" + GcWalker.escape(reader.bytes(s + 24, n)).replace("\"", "\\x22") + (n < len ? "..." : "")
                    + "\"";
        }
        return String.format(Locale.ROOT, "%s, %d bytes", what, len);
    }

    /** The string at {@code s} if it is at most {@code max} printable ASCII bytes, else null. */
    String string(long s, int max) {
        long len = reader.u32(s + 20);
        if (len == 0 || len > max) {
            return null;
        }
        byte[] b = reader.bytes(s + 24, (int) len);
        for (byte c : b) {
            if (c < 0x20 || c >= 0x7f) {
                return null;
            }
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    static boolean isIdentifier(String s) {
        return s.matches("[A-Za-z_][A-Za-z0-9_]*") && !KEYWORDS.contains(s);
    }

    /** {@code function @/path/mod.lua:42}, {@code C function} or {@code builtin function}. */
    String function(long f) {
        int ffid = reader.u8(f + References.FUNC_FFID);
        if (ffid != 0) {
            return ffid == 1 ? "C function" : "builtin function";
        }
        long pt = reader.u64(f + References.FUNC_PC) - References.PROTO_BYTES;
        return reader.u32(pt + References.PROTO_FIRSTLINE) == 0 ? "main chunk " + chunkName(pt)
                : "function " + proto(pt);
    }

    /** {@code @/path/mod.lua:42}: chunk name and first line of a prototype. */
    String proto(long pt) {
        return chunkName(pt) + ":" + reader.u32(pt + References.PROTO_FIRSTLINE);
    }

    /**
     * The chunk name of a prototype: a file ({@code @/path}) or a name ({@code =stdin}) is code and shown; a chunk
     * loaded from a string is named by that string (the source itself), shown only when strings may be.
     */
    String chunkName(long pt) {
        long s = reader.u64(pt + References.PROTO_CHUNKNAME) & References.ADDRESS_MASK;
        String name = string(s, MAX_CHUNKNAME);
        if (name != null && (name.startsWith("@") || name.startsWith("="))) {
            return name;
        }
        return "[" + stringValue(s, "source chunk") + "]";
    }

    /** Name of upvalue {@code i} of the closure {@code f} (from its prototype's debug info), or null. */
    String upvalueName(long f, int i) {
        long pt = reader.u64(f + References.FUNC_PC) - References.PROTO_BYTES;
        long info = reader.u64(pt + References.PROTO_UVINFO);
        int sizeuv = reader.u8(pt + References.PROTO_SIZEUV);
        if (info == 0 || i >= sizeuv || !reader.valid(info, 1)) {
            return null;
        }
        long p = info;
        for (int k = 0; k < i; k++) {
            for (int steps = 0; reader.u8(p) != 0 && steps < 256; steps++) {
                p++;
            }
            p++;
        }
        StringBuilder sb = new StringBuilder();
        for (int c = reader.u8(p); c != 0 && sb.length() < MAX_NAME; c = reader.u8(++p)) {
            sb.append((char) c);
        }
        String name = sb.toString();
        return isIdentifier(name) ? name : null;
    }

    static String typeName(int gct) {
        return GcTally.NAMES[gct] != null ? GcTally.NAMES[gct] : "object";
    }
}
