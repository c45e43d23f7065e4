// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.view.NginxView;
import io.memsnap.report.NginxRows;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import java.io.IOException;
import java.util.List;

/** The nginx part of a process's section: pools by owner (chart and table, with evidence) and shared zones. */
final class HtmlNginx {
    private final HtmlOut h;

    HtmlNginx(HtmlOut h) {
        this.h = h;
    }

    void write(ProcessSnapshot p, NginxView v) throws IOException {
        NginxSection n = v.section();
        h.layer(HtmlLayers.id(p.pid(), "nginx"), NginxRows.summary(v));
        if (!n.owners().isEmpty()) {
            List<PoolOwner> shown = v.owners().stream().map(NginxView.OwnerRow::item).toList();
            h.el("p", "muted", "Pools by owner (" + shown.size() + " of " + n.owners().size()
                    + ", most bytes first, then by name; change with --top).");
            h.svg(SvgCharts.horizontal("nginx-" + p.pid(), List.of(new SvgCharts.Series("pool bytes by owner",
                    shown.stream().map(o -> new SvgCharts.Bar(o.owner(), o.bytes())).toList()))));
            boolean[] num = {false, true, true, true, true, true, true, true, false, false};
            h.tag("<table>\n");
            h.row("th", num, cells(NginxRows.OWNER_HEADER, "detail"));
            List<List<String>> rows = NginxRows.owners(v);
            for (int i = 0; i < rows.size(); i++) {
                h.row("td", num, cells(rows.get(i), NginxRows.ownerDetail(shown.get(i))));
            }
            h.tag("</table>\n");
        }
        if (!n.shmZones().isEmpty()) {
            h.el("p", "muted", "Shared memory zones, in nginx's list order; resident: this process's pages; PSS: its share, each page divided among the processes mapping it ("
                    + HumanUnits.count(n.shmZones().size()) + " zones).");
            boolean[] num = {false, false, true, true, true, true, true, true, true, true};
            h.tag("<table>\n");
            h.row("th", num, NginxRows.ZONE_HEADER.toArray(String[]::new));
            for (List<String> r : NginxRows.zones(n)) {
                h.row("td", num, r.toArray(String[]::new));
            }
            h.tag("</table>\n");
        }
        h.close();
    }

    private static String[] cells(List<String> row, String extra) {
        String[] out = row.toArray(new String[row.size() + 1]);
        out[row.size()] = extra;
        return out;
    }
}
