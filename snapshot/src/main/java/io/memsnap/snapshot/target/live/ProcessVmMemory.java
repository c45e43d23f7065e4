// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.ProcMemMemory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.proc.PermissionAdvice;
import io.memsnap.snapshot.proc.ProcFs;
import java.util.BitSet;
import java.util.Locale;

/**
 * Reads a live process with process_vm_readv(2): one system call per read, no file descriptor. A read that stops
 * short throws {@link UnreadableMemoryException} naming the first byte that could not be read. If the call is
 * missing or filtered ({@code ENOSYS}, or {@code EPERM} from a seccomp profile such as Docker's default), reads go
 * through {@code /proc/PID/mem} ({@link ProcMemMemory}) instead, which has the same permission rules; if that is
 * refused too the read fails with a {@code PERMISSION} error that says how to get access. {@code ESRCH} is
 * {@code TARGET_GONE}. Thread-safe: each thread has its own native buffers ({@link LinuxLibc}), and the switch to
 * the fallback happens once.
 */
public final class ProcessVmMemory implements Memory {
    /** Largest single system call: the size of LinuxLibc's native scratch buffer. */
    private static final int MAX_CHUNK = 1 << 20;
    private final int pid;
    private volatile Memory fallback;

    private ProcessVmMemory(int pid) {
        this.pid = pid;
    }

    /**
     * Returns memory access to {@code pid}: process_vm_readv if libc can be bound, else {@code /proc/PID/mem}.
     *
     * @throws MemsnapException TARGET_GONE if there is no such process
     */
    public static Memory open(int pid) {
        if (!LinuxLibc.available()) {
            return ProcMemMemory.open(pid);
        }
        // kill(pid, 0) sends nothing; ESRCH is the kernel's word that the pid is gone
        if (LinuxLibc.probeAlive(pid).errno() == LinuxLibc.ESRCH || !ProcFs.exists(pid)) {
            throw new MemsnapException(MemsnapException.Kind.TARGET_GONE, "no process with pid " + pid);
        }
        return new ProcessVmMemory(pid);
    }

    /** True once reads have switched to {@code /proc/PID/mem}. */
    public boolean usingFallback() {
        return fallback != null;
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        if (fallback != null) {
            fallback.read(address, dst, offset, length);
            return;
        }
        int done = 0;
        while (done < length) {
            long at = address + done;
            if (at < 0) {
                throw new UnreadableMemoryException(at, length - done, "address outside user space");
            }
            int chunk = Math.min(length - done, MAX_CHUNK);
            SyscallResult r = LinuxLibc.processVmRead(pid, at, dst, offset + done, chunk);
            if (r.succeeded() && r.value() > 0) {
                done += (int) r.value();
                continue;
            }
            if (r.succeeded() || r.errno() == LinuxLibc.EFAULT || r.errno() == LinuxLibc.EIO
                    || r.errno() == LinuxLibc.ENOMEM) {
                throw new UnreadableMemoryException(at, length - done,
                        String.format(Locale.ROOT, "process_vm_readv of pid %d stopped at 0x%x", pid, at));
            }
            if (r.errno() == LinuxLibc.ESRCH) {
                throw new MemsnapException(MemsnapException.Kind.TARGET_GONE,
                        "process " + pid + " exited during capture (process_vm_readv: no such process)");
            }
            if (r.errno() == LinuxLibc.ENOSYS || r.errno() == LinuxLibc.EPERM || r.errno() == LinuxLibc.EACCES) {
                switchToProcMem(r.errno(), at);
                fallback.read(at, dst, offset + done, length - done);
                return;
            }
            throw new MemsnapException(MemsnapException.Kind.INTERNAL, String.format(Locale.ROOT,
                    "process_vm_readv of pid %d at 0x%x failed with errno %d", pid, at, r.errno()));
        }
    }

    /**
     * Scatter read in calls of up to {@link LinuxLibc#IOV_MAX} ranges. Where the kernel stops short, that one range
     * is read again alone through {@link #read}, so failures, errno handling and the fallback are exactly those of
     * a plain read.
     */
    @Override
    public BitSet readEach(long[] addresses, int count, int length, byte[] dst) {
        BitSet failed = new BitSet();
        int perCall = Math.max(1, Math.min(LinuxLibc.IOV_MAX, MAX_CHUNK / Math.max(1, length)));
        int i = 0;
        while (i < count) {
            if (fallback != null || length <= 0 || length > MAX_CHUNK) {
                readOne(addresses, i, length, dst, failed);
                i++;
                continue;
            }
            int n = Math.min(count - i, perCall);
            SyscallResult r = LinuxLibc.processVmReadEach(pid, addresses, i, n, length, dst, i * length);
            int whole = r.succeeded() ? (int) (r.value() / length) : 0;
            i += whole;
            if (whole < n) {
                readOne(addresses, i, length, dst, failed);
                i++;
            }
        }
        return failed;
    }

    private void readOne(long[] addresses, int i, int length, byte[] dst, BitSet failed) {
        try {
            read(addresses[i], dst, i * length, length);
        } catch (UnreadableMemoryException e) {
            failed.set(i);
        }
    }

    private synchronized void switchToProcMem(int errno, long address) {
        if (fallback != null) {
            return; // another thread switched first
        }
        try {
            fallback = ProcMemMemory.open(pid);
        } catch (MemsnapException e) {
            if (e.kind() != MemsnapException.Kind.PERMISSION) {
                throw e;
            }
            throw new MemsnapException(MemsnapException.Kind.PERMISSION, String.format(Locale.ROOT,
                    "not allowed to read the memory of pid %d (process_vm_readv at 0x%x: errno %d, /proc/%d/mem"
                            + " refused too): %s", pid, address, errno, pid, PermissionAdvice.forPid(pid)), e);
        }
    }

    @Override
    public void close() {
        if (fallback != null) {
            fallback.close();
        }
    }
}
