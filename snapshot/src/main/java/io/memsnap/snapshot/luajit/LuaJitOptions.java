// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

/**
 * How the LuaJIT walker works.
 *
 * @param showStrings read string contents for the biggest strings (off by default: strings may hold secrets)
 * @param maxStringChars how many bytes of each string to show when {@code showStrings}
 * @param topN how many biggest tables and strings to keep
 * @param maxObjects bound on GC objects visited; a list longer than this is reported as torn
 * @param cacheBytes memory budget of the walker's reads: blocks come from the image's block cache, and up to half of
 *     this is kept as single pages of a sparse heap
 */
public record LuaJitOptions(boolean showStrings, int maxStringChars, int topN, long maxObjects, long cacheBytes) {
    public LuaJitOptions {
        if (maxStringChars < 0 || topN < 0 || maxObjects <= 0 || cacheBytes < 65536) {
            throw new IllegalArgumentException("invalid LuaJIT walker options");
        }
    }

    /** No string contents, top 10, at most 200 million objects, 64 MiB cache. */
    public static LuaJitOptions defaults() {
        return new LuaJitOptions(false, 64, 10, 200_000_000L, 64L << 20);
    }

    /** These options with string contents shown, truncated to {@code chars} bytes. */
    public LuaJitOptions withStrings(int chars) {
        return new LuaJitOptions(true, chars, topN, maxObjects, cacheBytes);
    }
}
