// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.memory.PageLedger;

/**
 * One walked allocator segment: {@code [base, base + sizeBytes)}; its {@code ledger} has the bytes of the in-use
 * chunks and of the free chunks (top included) per page.
 */
record Segment(long base, long sizeBytes, PageLedger ledger) {
    long end() {
        return base + sizeBytes;
    }
}
