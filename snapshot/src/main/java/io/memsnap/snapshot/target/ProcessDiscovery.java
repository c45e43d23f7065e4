// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.proc.Cmdline;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.ProcStat;
import io.memsnap.snapshot.proc.SmapsParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the processes a capture covers and what each one is.
 *
 * <p>nginx processes are recognised by {@code comm} {@code nginx} and the title nginx writes over its argv:
 * {@code nginx: master process ...} is the {@link Role#MASTER}; every other {@code nginx: ... process} title is a
 * {@link Role#WORKER}. That deliberately includes the cache manager, cache loader and OpenResty's privileged agent:
 * they are forked from the master, run the same code, hold the same shared zones and can leak the same way, so
 * they are captured and reported next to the workers. An untitled {@code nginx} (run with
 * {@code master_process off}) serves requests itself and is a WORKER too. A LuaJIT host that is not nginx
 * ({@link Role#LUAJIT}) has an executable named {@code luajit*} or maps a {@code libluajit*.so}. Everything
 * else is {@link Role#OTHER}. Stateless.
 */
public final class ProcessDiscovery {
    private ProcessDiscovery() {}

    /** A process to capture and its role. */
    public record Discovered(int pid, Role role) {}

    /**
     * The processes to capture for {@code pid}: a master gives itself followed by its nginx children sorted by pid
     * (when {@code includeWorkers}); anything else gives just itself.
     *
     * @throws MemsnapException TARGET_GONE "no process with pid N", PERMISSION if {@code /proc} refuses,
     *     NO_USER_MEMORY if {@code pid} is a zombie, a kernel thread or a thread of another process
     */
    public static List<Discovered> discover(int pid, boolean includeWorkers) {
        ProcStat stat = ProcFs.exists(pid) ? ProcStat.parse(ProcFs.readText(pid, "stat")) : null;
        if (stat == null) {
            throw new MemsnapException(MemsnapException.Kind.TARGET_GONE, "no process with pid " + pid);
        }
        if (stat.state() == 'Z') {
            throw new MemsnapException(MemsnapException.Kind.NO_USER_MEMORY, "pid " + pid + " (" + stat.comm()
                    + ") is a zombie: it has exited and freed its memory, and waits for its parent (pid " + stat.ppid()
                    + ") to collect its exit status; there is nothing to capture");
        }
        if (stat.kernelThread()) {
            throw new MemsnapException(MemsnapException.Kind.NO_USER_MEMORY,
                    "pid " + pid + " is a kernel thread (" + stat.comm() + "); it has no user memory to capture");
        }
        requireProcess(pid);
        Role role = roleOf(pid, stat.comm());
        List<Discovered> out = new ArrayList<>();
        out.add(new Discovered(pid, role));
        if (role == Role.MASTER && includeWorkers) {
            for (int child : ProcFs.allPids()) {
                childOf(child, pid).ifPresent(out::add);
            }
        }
        return out;
    }

    /** A thread id of another process also has a /proc entry; capturing it would mislabel the process. */
    private static void requireProcess(int pid) {
        for (String line : ProcFs.readText(pid, "status").split("\n")) {
            if (line.startsWith("Tgid:") && !line.substring(5).trim().equals(Integer.toString(pid))) {
                throw new MemsnapException(MemsnapException.Kind.NO_USER_MEMORY, "pid " + pid
                        + " is a thread of process " + line.substring(5).trim() + "; capture that pid instead");
            }
        }
    }

    private static Optional<Discovered> childOf(int candidate, int master) {
        try {
            ProcStat s = ProcStat.parse(ProcFs.readText(candidate, "stat"));
            if (s.ppid() != master || s.state() == 'Z' || !s.comm().equals("nginx")) {
                return Optional.empty();
            }
            String cmdline = Cmdline.parse(ProcFs.readBytes(candidate, "cmdline"));
            return nginxRole(s.comm(), cmdline) == Role.WORKER
                    ? Optional.of(new Discovered(candidate, Role.WORKER))
                    : Optional.empty();
        } catch (MemsnapException e) {
            // processes come and go while /proc is scanned; only live nginx children matter
            return Optional.empty();
        }
    }

    private static Role roleOf(int pid, String comm) {
        String cmdline = Cmdline.parse(ProcFs.readBytes(pid, "cmdline"));
        Role nginx = nginxRole(comm, cmdline);
        if (nginx != Role.OTHER) {
            return nginx;
        }
        String exe;
        try {
            exe = ProcFs.readLink(pid, "exe");
        } catch (MemsnapException e) {
            exe = "";
        }
        return classify(comm, cmdline, exe, SmapsParser.parse(ProcFs.readText(pid, "maps")));
    }

    /** The role from identity and mappings (works for core files too). Pure. */
    public static Role classify(String comm, String cmdline, String exe, List<Mapping> mappings) {
        Role nginx = nginxRole(comm, cmdline);
        if (nginx != Role.OTHER) {
            return nginx;
        }
        if (baseName(exe).startsWith("luajit")) {
            return Role.LUAJIT;
        }
        for (Mapping m : mappings) {
            if (baseName(m.path()).startsWith("libluajit") && m.path().contains(".so")) {
                return Role.LUAJIT;
            }
        }
        return Role.OTHER;
    }

    /** MASTER or WORKER for nginx process titles, OTHER otherwise. Pure. */
    static Role nginxRole(String comm, String cmdline) {
        if (!comm.equals("nginx")) {
            return Role.OTHER;
        }
        if (!cmdline.startsWith("nginx: ")) {
            // master_process off: one untitled process serves requests itself, as a worker would
            return Role.WORKER;
        }
        if (cmdline.startsWith("nginx: master process")) {
            return Role.MASTER;
        }
        return cmdline.matches("nginx: [a-z ]*process.*") ? Role.WORKER : Role.OTHER;
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
