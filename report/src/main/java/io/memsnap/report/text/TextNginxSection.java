// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import io.memsnap.analyzer.view.NginxView;
import io.memsnap.report.NginxRows;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import java.util.List;
import java.util.Locale;

/** The nginx part of a process's text section: pools by owner with their evidence, and the shared zones. */
final class TextNginxSection {
    private TextNginxSection() {}

    static void write(NginxView v, List<String> lines) {
        NginxSection n = v.section();
        lines.add("");
        lines.addAll(TextWrap.wrap(NginxRows.summary(v), "  ", "    "));
        if (!n.owners().isEmpty()) {
            lines.add("");
            lines.add(String.format(Locale.ROOT, "  nginx pools by owner (most bytes first, then by name; %d of %d; "
                    + "change with --top)", v.owners().size(), n.owners().size()));
            TextTable t = new TextTable("  ", -22, 7, 7, 9, 9, 7, 7, 11, 0);
            t.row(NginxRows.OWNER_HEADER.toArray(String[]::new));
            NginxRows.owners(v).forEach(r -> t.row(r.toArray(String[]::new)));
            lines.addAll(t.lines());
            for (PoolOwner o : v.owners().stream().map(NginxView.OwnerRow::item).toList()) {
                lines.addAll(TextWrap.wrap(TextSafe.clean(o.owner() + ": " + NginxRows.ownerDetail(o)), "    ",
                        "      "));
            }
        }
        if (!n.shmZones().isEmpty()) {
            lines.add("");
            lines.add("  nginx shared memory zones (in nginx's list order; resident: pages of this process;");
            lines.add("  PSS: its share, each page divided among the processes mapping it)");
            // the dict columns (keys, expired, failed) follow as a line per dict: all ten do not fit 100 columns
            TextTable z = new TextTable("  ", -20, -16, 8, 8, 8, 8, 8);
            z.row(NginxRows.ZONE_HEADER.subList(0, 7).toArray(String[]::new));
            List<List<String>> zones = NginxRows.zones(n);
            zones.forEach(r -> z.row(r.subList(0, 7).toArray(String[]::new)));
            lines.addAll(z.lines());
            for (List<String> r : zones) {
                if (!r.get(7).isEmpty()) {
                    lines.addAll(TextWrap.wrap(TextSafe.clean(r.get(0) + ": " + r.get(7) + " keys, " + r.get(8)
                            + " expired, " + r.get(9) + " failed allocations"), "    ", "      "));
                }
            }
        }
    }
}
