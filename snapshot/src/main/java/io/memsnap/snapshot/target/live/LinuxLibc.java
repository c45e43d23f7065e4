// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The libc calls memsnap makes, bound with JNA. This file is the only one that imports JNA; everything else uses
 * the static wrappers below, which never throw for a failed call but return a {@link SyscallResult} carrying
 * {@code errno} (read once, right after the call, by JNA's {@link LastErrorException}). x86_64 / LP64: C
 * {@code long}, {@code size_t} and pointers are Java {@code long}. The bindings are thread-safe; ptrace itself is
 * not (see {@link Freezer}).
 */
public interface LinuxLibc extends Library {
    /** {@code EPERM}: operation not permitted. */
    int EPERM = 1;
    /** {@code ESRCH}: no such process. */
    int ESRCH = 3;
    /** {@code EINTR}: interrupted system call. */
    int EINTR = 4;
    /** {@code EIO}: I/O error. */
    int EIO = 5;
    /** {@code ECHILD}: no child (waitpid on a thread we no longer trace). */
    int ECHILD = 10;
    /** {@code ENOMEM}. */
    int ENOMEM = 12;
    /** {@code EACCES}: permission denied. */
    int EACCES = 13;
    /** {@code EFAULT}: bad address. */
    int EFAULT = 14;
    /** {@code ENOSYS}: function not implemented (or filtered by seccomp). */
    int ENOSYS = 38;

    /** process_vm_readv(2): {@code ssize_t (pid_t, const struct iovec *, unsigned long, ..., unsigned long)}. */
    long process_vm_readv(int pid, Pointer localIov, long liovcnt, Pointer remoteIov, long riovcnt, long flags)
            throws LastErrorException;

    /** ptrace(2): {@code long ptrace(enum __ptrace_request, pid_t, void *addr, void *data)}. */
    long ptrace(int request, int pid, long addr, long data) throws LastErrorException;

    /** waitpid(2): {@code pid_t waitpid(pid_t, int *wstatus, int options)}. */
    int waitpid(int pid, int[] status, int options) throws LastErrorException;

    /** kill(2): {@code int kill(pid_t, int sig)}. */
    int kill(int pid, int sig) throws LastErrorException;

    /** mmap(2): {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)}. */
    long mmap(long addr, long length, int prot, int flags, int fd, long offset) throws LastErrorException;

    /** munmap(2): {@code int munmap(void *addr, size_t length)}. */
    int munmap(long addr, long length) throws LastErrorException;

    /** Loads libc once, on first use. */
    final class Holder {
        static final LinuxLibc LIBC = Native.load("c", LinuxLibc.class);

        private Holder() {}
    }

    /** True if libc could be bound (JNA's native part loads on this platform). */
    static boolean available() {
        try {
            return Holder.LIBC != null;
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * Reads {@code length} bytes of process {@code pid} at {@code address} into {@code dst[offset..]} with one
     * process_vm_readv call. The value is the number of bytes read, which may be short at an unreadable page.
     */
    static SyscallResult processVmRead(int pid, long address, byte[] dst, int offset, int length) {
        if (length > Scratch.BYTES) {
            throw new IllegalArgumentException("read of " + length + " bytes exceeds " + Scratch.BYTES);
        }
        Scratch s = Scratch.CURRENT.get();
        try {
            // struct iovec { void *iov_base; size_t iov_len; } (<sys/uio.h>): local at 0, remote at 16
            s.iov.setLong(0, Pointer.nativeValue(s.buf));
            s.iov.setLong(8, length);
            s.iov.setLong(16, address);
            s.iov.setLong(24, length);
            long n = Holder.LIBC.process_vm_readv(pid, s.iov.share(0), 1, s.iov.share(16), 1, 0);
            if (n > 0) {
                s.buf.read(0, dst, offset, (int) n);
            }
            return SyscallResult.ok(n);
        } catch (LastErrorException e) {
            return SyscallResult.failed(e.getErrorCode());
        }
    }

    /** Most iovecs one process_vm_readv call takes ({@code IOV_MAX} in {@code <limits.h>}). */
    int IOV_MAX = 1024;

    /**
     * Scatter read with one process_vm_readv call: {@code length} bytes at each of {@code addresses[from..from +
     * count)} into {@code dst[dstOffset + k * length..]}. {@code count <= IOV_MAX}, {@code count * length} at most
     * the scratch buffer. The kernel stops at the first element it cannot read, so the value (bytes read) says how
     * many leading elements are complete.
     */
    static SyscallResult processVmReadEach(int pid, long[] addresses, int from, int count, int length, byte[] dst,
            int dstOffset) {
        long total = (long) count * length;
        if (count > IOV_MAX || total > Scratch.BYTES) {
            throw new IllegalArgumentException("scatter read of " + count + " x " + length + " bytes is too big");
        }
        Scratch s = Scratch.CURRENT.get();
        try {
            // one local iovec for the whole buffer, then count remote ones (struct iovec: base at 0, length at 8)
            long[] iov = s.iovWords;
            iov[0] = Pointer.nativeValue(s.buf);
            iov[1] = total;
            for (int k = 0; k < count; k++) {
                iov[2 + 2 * k] = addresses[from + k];
                iov[3 + 2 * k] = length;
            }
            // one copy into native memory, not two JNA calls per iovec
            s.iovs.write(0, iov, 0, 2 + 2 * count);
            long n = Holder.LIBC.process_vm_readv(pid, s.iovs.share(0), 1, s.iovs.share(16), count, 0);
            if (n > 0) {
                s.buf.read(0, dst, dstOffset, (int) n);
            }
            return SyscallResult.ok(n);
        } catch (LastErrorException e) {
            return SyscallResult.failed(e.getErrorCode());
        }
    }

    /**
     * Native buffers for process_vm_readv, one pair per calling thread and reused: allocating native memory per
     * read cost more than the system call itself (16 us against 4 us for an 8-byte read).
     */
    final class Scratch {
        /** Largest read one call may make. */
        static final int BYTES = 1 << 20;
        static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(Scratch::new);
        final Memory buf = new Memory(BYTES);
        final Memory iov = new Memory(32);
        final Memory iovs = new Memory(16L * (IOV_MAX + 1));
        final long[] iovWords = new long[2 * (IOV_MAX + 1)];
        /** Local iovecs at 0, remote ones at {@code 16 * IOV_MAX}, for {@link #processVmCopy}. */
        final Memory copyIovs = new Memory(32L * IOV_MAX);
        final long[] copyWords = new long[4 * IOV_MAX];

        private Scratch() {}
    }

    /** ptrace with an integer {@code addr} and {@code data} (requests memsnap uses pass no pointers). */
    static SyscallResult ptraceCall(int request, int pid, long addr, long data) {
        try {
            return SyscallResult.ok(Holder.LIBC.ptrace(request, pid, addr, data));
        } catch (LastErrorException e) {
            return SyscallResult.failed(e.getErrorCode());
        }
    }

    /** waitpid; the value is the pid returned (0 with WNOHANG if nothing changed), the status is filled in. */
    static SyscallResult waitpidCall(int pid, int options) {
        int[] status = new int[1];
        try {
            int r = Holder.LIBC.waitpid(pid, status, options);
            return new SyscallResult(r, 0, status[0]);
        } catch (LastErrorException e) {
            return SyscallResult.failed(e.getErrorCode());
        }
    }

    /** kill(pid, 0): checks that {@code pid} exists and may be signalled; sends nothing. */
    static SyscallResult probeAlive(int pid) {
        try {
            return SyscallResult.ok(Holder.LIBC.kill(pid, 0));
        } catch (LastErrorException e) {
            return SyscallResult.failed(e.getErrorCode());
        }
    }

    /**
     * The address of a fresh private anonymous read-only page in memsnap's own process, after one read from it, so
     * that the kernel has mapped its shared zero page there; 0 on failure. The caller unmaps it with
     * {@link #unmapPage}. Used only to learn the zero page's frame number from memsnap's own pagemap.
     */
    static long mapZeroPage() {
        try {
            long addr = Holder.LIBC.mmap(0, 4096, 1 /* PROT_READ */, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);
            if (addr == -1) {
                return 0;
            }
            new Pointer(addr).getByte(0);
            return addr;
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            return 0;
        }
    }

    /**
     * Maps {@code length} bytes of private anonymous read-write memory in memsnap's own process, outside the Java
     * heap, without reserving swap; no page is allocated until it is touched ({@link #warm}). The value is the
     * address; the caller unmaps it with {@link #unmap}.
     */
    static SyscallResult mapAnonymous(long length) {
        try {
            // PROT_READ|PROT_WRITE; MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE (<sys/mman.h>)
            return SyscallResult.ok(Holder.LIBC.mmap(0, length, 3, 0x02 | 0x20 | 0x4000, -1, 0));
        } catch (LastErrorException e) {
            return SyscallResult.failed(e.getErrorCode());
        }
    }

    /** Unmaps memory returned by {@link #mapAnonymous}. */
    static void unmap(long address, long length) {
        try {
            Holder.LIBC.munmap(address, length);
        } catch (LastErrorException e) {
            // our own memory; a failure leaks address space, nothing else
        }
    }

    /**
     * Writes over {@code length} bytes of memsnap's own memory at {@code address} with process_vm_readv from itself,
     * so that a later process_vm_readv into it runs at full speed: measured on a loaded 2-core VM, the first such
     * copy into freshly mapped (even populated, even memset) pages took 5.4 s for 284 MiB and every later one
     * 0.3-0.6 s. It also allocates the pages (write faults), so the memory needs no MAP_POPULATE. The bytes
     * written are garbage. Returns false if a call failed.
     */
    static boolean warm(long address, long length) {
        Scratch s = Scratch.CURRENT.get();
        long src = Pointer.nativeValue(s.buf);
        long[] local = new long[IOV_MAX];
        long[] remote = new long[IOV_MAX];
        long[] lengths = new long[IOV_MAX];
        int self = (int) ProcessHandle.current().pid();
        long done = 0;
        while (done < length) {
            int n = 0;
            while (n < IOV_MAX && done < length) {
                local[n] = address + done;
                remote[n] = src;
                lengths[n] = Math.min(Scratch.BYTES, length - done);
                done += lengths[n];
                n++;
            }
            if (!processVmCopy(self, local, remote, lengths, 0, n).succeeded()) {
                return false;
            }
        }
        return true;
    }

    /** A direct buffer over {@code length} bytes of memsnap's own native memory at {@code address}. */
    static java.nio.ByteBuffer nativeBuffer(long address, long length) {
        return new Pointer(address).getByteBuffer(0, length);
    }

    /** The native address of a direct buffer (a mapped file). */
    static long bufferAddress(java.nio.Buffer buffer) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }

    /**
     * One process_vm_readv call that copies {@code count} ranges of process {@code pid} straight into memsnap's
     * native memory: range k is {@code lengths[from + k]} bytes from {@code remote[from + k]} to
     * {@code local[from + k]}. {@code count <= IOV_MAX}. The kernel stops at the first range it cannot read; the
     * value (bytes copied) says how far it got.
     */
    static SyscallResult processVmCopy(int pid, long[] local, long[] remote, long[] lengths, int from, int count) {
        if (count > IOV_MAX) {
            throw new IllegalArgumentException("copy of " + count + " ranges exceeds IOV_MAX");
        }
        Scratch s = Scratch.CURRENT.get();
        long[] words = s.copyWords;
        for (int k = 0; k < count; k++) {
            words[2 * k] = local[from + k];
            words[2 * k + 1] = lengths[from + k];
            words[2 * (IOV_MAX + k)] = remote[from + k];
            words[2 * (IOV_MAX + k) + 1] = lengths[from + k];
        }
        s.copyIovs.write(0, words, 0, 2 * count);
        s.copyIovs.write(16L * IOV_MAX, words, 2 * IOV_MAX, 2 * count);
        try {
            return SyscallResult.ok(Holder.LIBC.process_vm_readv(pid, s.copyIovs.share(0), count,
                    s.copyIovs.share(16L * IOV_MAX), count, 0));
        } catch (LastErrorException e) {
            return SyscallResult.failed(e.getErrorCode());
        }
    }

    /** Unmaps a page returned by {@link #mapZeroPage}. */
    static void unmapPage(long addr) {
        try {
            Holder.LIBC.munmap(addr, 4096);
        } catch (LastErrorException e) {
            // our own page; a failure leaks 4 KiB of address space, nothing else
        }
    }
}
