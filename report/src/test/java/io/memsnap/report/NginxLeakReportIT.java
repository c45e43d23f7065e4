// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.fixtures.NginxFixture;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.model.Snapshot;
import java.io.StringWriter;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Case 1 end to end on the real leaking module: the text report of the worker joins the glibc 256–512 KiB spike with
 * the pools' owner and names the module in a finding of its own.
 */
@EnabledOnOs(OS.LINUX)
class NginxLeakReportIT {

    @Test
    void textReportNamesTheLeakingModule() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("pseudo_leak", 1, true)) {
            String truth = "";
            for (int i = 0; i < 6; i++) {
                truth = nginx.get("/leak?n=4");
            }
            Matcher pid = Pattern.compile("\"pid\":(\\d+)").matcher(truth);
            assertTrue(pid.find(), truth);
            Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(false), "test");
            Snapshot s = capturer.captureLive(Integer.parseInt(pid.group(1)), CaptureOptions.defaults());
            StringWriter out = new StringWriter();
            ReportFormat.TEXT.renderer().render(s, FindingsEngine.withDefaultRules().analyze(s),
                    ReportOptions.defaults(), out);
            String text = out.toString().replaceAll("\\s+", " ");
            assertTrue(text.contains("glibc.size-class-spike"), text);
            assertTrue(text.contains("are large allocations of 48 pools owned by ngx_http_memsnap_leak_module (cleanup"
                    + " ngx_http_memsnap_leak_cleanup; referenced from the .bss of ngx_http_memsnap_leak_module.so)"),
                    text);
            assertTrue(text.contains("48 nginx pools owned by ngx_http_memsnap_leak_module hold"), text);
        }
    }
}
