// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.memory.InstanceMemory;
import io.memsnap.analyzer.memory.ProcessMemory;
import io.memsnap.analyzer.memory.SharedZoneMemory;
import io.memsnap.report.ReportRows;
import java.util.List;
import java.util.Locale;

/** The "MEMORY BY PROCESS" section: RSS, PSS and USS per process and the instance total. Not thread-safe. */
final class TextMemorySection {
    private TextMemorySection() {}

    static void write(InstanceMemory mem, int top, List<String> lines) {
        lines.add("");
        List<ProcessMemory> shown = mem.processes().subList(0, Math.min(top, mem.processes().size()));
        lines.add(String.format(Locale.ROOT, "MEMORY BY PROCESS (%d of %d, largest PSS first; change with --top)",
                shown.size(), mem.processes().size()));
        lines.addAll(TextWrap.wrap("RSS counts a page shared by several processes in each of them; PSS divides it "
                + "among them; USS is what only this process holds.", "  ", "  "));
        TextTable t = new TextTable("  ", -8, -8, 11, 11, 11);
        List<String> header = ReportRows.memoryHeader(mem);
        t.row("pid", "role", header.get(0), header.get(1), header.get(2));
        for (ProcessMemory p : shown) {
            t.row(Integer.toString(p.pid()), p.role().key(), HumanUnits.bytes(p.rssBytes()),
                    HumanUnits.bytes(p.pssBytes()), HumanUnits.bytes(p.ussBytes()));
        }
        if (mem.processes().size() > 1) {
            t.row("sum", "", HumanUnits.bytes(mem.rssSumBytes()), HumanUnits.bytes(mem.pssSumBytes()),
                    HumanUnits.bytes(mem.ussSumBytes()));
        }
        lines.addAll(t.lines());
        if (mem.estimated()) {
            lines.addAll(TextWrap.wrap("From a core file: RSS is an estimate (dumped pages not all zero); sharing is not "
                    + "recorded, so PSS is that RSS estimate, not a measured PSS, and USS is the dumped anonymous "
                    + "memory. There is no instance total.", "  ", "  "));
        } else if (mem.processes().size() > 1) {
            lines.addAll(TextWrap.wrap(String.format(Locale.ROOT, "Instance total, shared memory counted once: %s "
                    + "(the sum of PSS). The sum of RSS, %s, counts %s of shared pages more than once.",
                    HumanUnits.bytes(mem.pssSumBytes()), HumanUnits.bytes(mem.rssSumBytes()),
                    HumanUnits.bytes(mem.overCountedBytes())), "  ", "  "));
        }
        for (SharedZoneMemory z : mem.zones()) {
            if (z.processes() > 1) {
                lines.addAll(TextWrap.wrap(String.format(Locale.ROOT, "nginx shared zone %s (%s): %s resident, "
                        + "counted once (sum of its PSS over %d processes); summing RSS would count %s.",
                        TextSafe.clean(z.name()), HumanUnits.bytes(z.sizeBytes()), HumanUnits.bytes(z.pssSumBytes()),
                        z.processes(), HumanUnits.bytes(z.rssSumBytes())), "  ", "  "));
            }
        }
    }
}
