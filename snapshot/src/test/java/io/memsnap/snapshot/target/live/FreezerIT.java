// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.Fixtures;
import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.target.Target;
import io.memsnap.snapshot.proc.ProcFs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class FreezerIT {
    private static String threads;

    @BeforeAll
    static void build() throws Exception {
        threads = Fixtures.compileC("thread_stacks", "-pthread").toString();
    }

    private static boolean running(char s) {
        return s == 'S' || s == 'R';
    }

    private static void assertAllThreads(int pid, char want) throws InterruptedException {
        for (int tid : ProcFs.taskIds(pid)) {
            assertEquals(want, Target.awaitState(tid, s -> s == want, 5), "tid " + tid);
        }
    }

    @Test
    void freezesEveryThreadAndLetsThemRunAgain() throws Exception {
        try (Target t = Target.start(List.of(threads))) {
            Freezer f = Freezer.freeze(t.pid(), Duration.ofSeconds(5));
            try {
                assertEquals(5, f.threads().size());
                for (int tid : ProcFs.taskIds(t.pid())) {
                    assertEquals('t', Target.state(tid), "tid " + tid + " is in a tracing stop");
                }
                Thread.sleep(5);
            } finally {
                f.close();
            }
            assertTrue(f.pauseMillis() >= 5, "pause " + f.pauseMillis());
            for (int tid : ProcFs.taskIds(t.pid())) {
                assertTrue(running(Target.awaitState(tid, FreezerIT::running, 5)), "tid " + tid + " runs again");
            }
            // it really runs: it answers on stdin
            t.io().send("quit");
            char end = Target.awaitState(t.pid(), s -> s == 'X' || s == 'Z', 5);
            assertTrue(end == 'X' || end == 'Z', "exited on quit, state " + end);
        }
    }

    @Test
    void aGroupStoppedTargetStaysStoppedAndFreezingDoesNotHang() throws Exception {
        try (Target t = Target.start(List.of(threads))) {
            Target.signal(t.pid(), "STOP");
            assertEquals('T', Target.awaitState(t.pid(), s -> s == 'T', 5));
            long start = System.nanoTime();
            try (Freezer f = Freezer.freeze(t.pid(), Duration.ofSeconds(5))) {
                assertEquals(5, f.threads().size());
            }
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "freeze of a stopped target");
            Thread.sleep(100);
            assertAllThreads(t.pid(), 'T');
            Target.signal(t.pid(), "CONT");
            for (int tid : ProcFs.taskIds(t.pid())) {
                assertTrue(running(Target.awaitState(tid, FreezerIT::running, 5)), "tid " + tid + " resumed");
            }
        }
    }

    @Test
    void killingTheFreezingProcessLeavesTheTargetRunning() throws Exception {
        try (Target t = Target.start(List.of(threads))) {
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process holder = new ProcessBuilder(java.toString(), "-cp", cp, FreezeHolderMain.class.getName(),
                    Integer.toString(t.pid())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                BufferedReader out = new BufferedReader(
                        new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("FROZEN 5", out.readLine());
                assertAllThreads(t.pid(), 't');
                holder.destroyForcibly();
                assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
                for (int tid : ProcFs.taskIds(t.pid())) {
                    assertTrue(running(Target.awaitState(tid, FreezerIT::running, 5)), "tid " + tid + " runs on");
                }
            } finally {
                holder.destroyForcibly();
            }
        }
    }

    @Test
    void aTargetAlreadyTracedIsRefusedAndNamesTheTracer() throws Exception {
        try (Target t = Target.start(List.of(threads));
                Freezer first = Freezer.freeze(t.pid(), Duration.ofSeconds(5))) {
            MemsnapException e = assertThrows(MemsnapException.class,
                    () -> Freezer.freeze(t.pid(), Duration.ofSeconds(5)));
            assertEquals(MemsnapException.Kind.PERMISSION, e.kind());
            assertEquals("cannot freeze pid " + t.pid() + ": it is already being traced by process "
                    + ProcessHandle.current().pid() + " (gdb, strace or another memsnap?); detach that first, or"
                    + " capture without freezing", e.getMessage());
            assertEquals(5, first.threads().size());
        }
    }

    @Test
    void aChildOfThisJvmIsRefusedNotHung() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            MemsnapException e = assertThrows(MemsnapException.class,
                    () -> Freezer.freeze((int) child.pid(), Duration.ofSeconds(2)));
            assertEquals(MemsnapException.Kind.UNSUPPORTED, e.kind());
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void noSuchProcess() {
        MemsnapException e = assertThrows(MemsnapException.class,
                () -> Freezer.freeze(Integer.MAX_VALUE - 1, Duration.ofSeconds(1)));
        assertEquals(MemsnapException.Kind.TARGET_GONE, e.kind());
    }
}
