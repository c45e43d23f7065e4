// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.report.NginxRows;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** The nginx placeholder: per process, pools by owner (chart and table, with evidence) and shared zones. */
final class HtmlNginx {
    private static final int MAX_OWNERS = 20;
    private final Snapshot snapshot;
    private final HtmlOut h;

    HtmlNginx(Snapshot snapshot, HtmlOut h) {
        this.snapshot = snapshot;
        this.h = h;
    }

    void write() throws IOException {
        boolean any = false;
        for (ProcessSnapshot p : snapshot.processes()) {
            if (p.nginx().isPresent()) {
                any = true;
                process(p, p.nginx().get());
            }
        }
        if (!any) {
            h.el("p", "muted", "No process in this snapshot has an nginx section (not nginx, or captured without the"
                    + " nginx layer).");
        }
    }

    private void process(ProcessSnapshot p, NginxSection n) throws IOException {
        h.el("h3", "", String.format(Locale.ROOT, "pid %d: %s", p.pid(), NginxRows.summary(n, p.rssBytes())));
        if (!n.owners().isEmpty()) {
            List<PoolOwner> shown = n.owners().stream().limit(MAX_OWNERS).toList();
            h.svg(SvgCharts.horizontal("nginx-" + p.pid(), List.of(new SvgCharts.Series("pool bytes by owner",
                    shown.stream().map(o -> new SvgCharts.Bar(o.owner(), o.bytes())).toList()))));
            boolean[] num = {false, true, true, true, true, true, true, false, false};
            h.tag("<table>\n");
            h.row("th", num, cells(NginxRows.OWNER_HEADER, "detail"));
            List<List<String>> rows = NginxRows.owners(n, p.rssBytes(), MAX_OWNERS);
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
    }

    private static String[] cells(List<String> row, String extra) {
        String[] out = row.toArray(new String[row.size() + 1]);
        out[row.size()] = extra;
        return out;
    }
}
