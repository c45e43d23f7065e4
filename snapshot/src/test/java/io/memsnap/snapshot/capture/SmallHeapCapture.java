// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.walk.HeapShare;
import io.memsnap.snapshot.walk.LayerResult;
import io.memsnap.snapshot.walk.LayerWalker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The child JVM of {@link SmallHeapCaptureIT}: captures the pid in its first argument (frozen, every layer) and
 * prints what the test checks, one fact a line: {@code GC_TOTAL}, {@code RETAINERS}, {@code TOP}, {@code FREE_CHUNKS}
 * (glibc), {@code WAITED} and each {@code WARNING}; exit 0. Anything thrown (an OutOfMemoryError included) prints
 * {@code FAILED} and exits 1.
 *
 * <p>The second argument is a fraction of the JVM heap that one more walker beside the LuaJIT walk fills while it
 * walks, as a big glibc or nginx walk does: it holds the bytes until the LuaJIT walk waits for the heap (in
 * {@link HeapShare}) or has ended, and {@code WAITED} says which. The real walkers' own peaks depend on the target;
 * this one's is known.
 */
public final class SmallHeapCapture {
    private static final String LUAJIT_THREAD = "memsnap-walk-luajit";
    private static final long MAX_HOLD_MILLIS = 120_000;
    private static volatile boolean waited;

    private SmallHeapCapture() {}

    public static void main(String[] args) {
        try {
            double fraction = Double.parseDouble(args[1]);
            List<LayerWalker> walkers = new ArrayList<>(Layers.all(false));
            walkers.add(LayerWalker.of("holder", (image, context) -> hold(fraction)));
            ProcessSnapshot ps = new Capturer(Clock.systemUTC(), walkers, "test")
                    .captureLive(Integer.parseInt(args[0]), CaptureOptions.defaults()).processes().get(0);
            LuaJitHeap lua = ps.luajit().orElseThrow();
            System.out.println("GC_TOTAL " + lua.gcTotalBytes());
            System.out.println("RETAINERS " + lua.retainers().size());
            System.out.println("TOP " + (lua.retainers().isEmpty() ? 0 : lua.retainers().get(0).retainedBytes()));
            System.out.println("FREE_CHUNKS " + ps.glibc().orElseThrow().arenas().stream()
                    .mapToLong(GlibcArena::freeCount).sum());
            System.out.println("WAITED " + waited);
            ps.warnings().forEach(w -> System.out.println("WARNING " + w));
            lua.warnings().forEach(w -> System.out.println("WARNING " + w));
            System.exit(0);
        } catch (Throwable e) {
            System.out.println("FAILED " + e);
            System.exit(1);
        }
    }

    /** Fills {@code fraction} of the heap until the LuaJIT walk waits in {@link HeapShare} or has ended. */
    private static LayerResult<?> hold(double fraction) {
        long[] held = new long[(int) (Runtime.getRuntime().maxMemory() * fraction / 8)];
        Arrays.fill(held, 1);
        long until = System.currentTimeMillis() + MAX_HOLD_MILLIS;
        while (System.currentTimeMillis() < until) {
            Optional<Thread> lua = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(LUAJIT_THREAD)).findFirst();
            if (lua.isEmpty() || !lua.get().isAlive()) {
                break;
            }
            if (lua.get().getState() == Thread.State.WAITING && Arrays.stream(lua.get().getStackTrace())
                    .anyMatch(f -> f.getClassName().equals(HeapShare.class.getName()))) {
                waited = true;
                break;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        System.out.println("HELD " + held[held.length - 1] * held.length * 8L);
        return new LayerResult<>(Optional.empty(), List.of(), List.of());
    }
}
