package io.ccl.agents.engine.jobs;

import io.ccl.runtime.api.ConfidentialRuntime;
import io.ccl.runtime.api.RuntimeState;
import java.time.Duration;

/**
 * Waits briefly for the runtime to accept data. A READY runtime re-attests on a schedule and is
 * ATTESTING meanwhile, when it refuses to decrypt and hides its secrets; a job that starts in that
 * window waits for the result (at most {@code wait}) instead of failing. DEGRADED and LOCKDOWN fail
 * at once.
 */
final class Readiness {
    private static final long SLICE_MS = 50;

    private final ConfidentialRuntime runtime;
    private final Duration wait;
    private final Object monitor = new Object();

    Readiness(ConfidentialRuntime runtime, Duration wait) {
        this.runtime = runtime;
        this.wait = wait;
    }

    /** True when the runtime accepts data now or within the wait; false otherwise. */
    boolean await() throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!runtime.acceptsData()) {
            RuntimeState s = runtime.status().state();
            long left = deadline - System.nanoTime();
            // READY here means it changed since acceptsData() (look again), or its result just expired
            // (it re-attests or degrades shortly): wait, bounded by the deadline, as for ATTESTING.
            if (s == RuntimeState.DEGRADED || s == RuntimeState.LOCKDOWN || left <= 0) {
                return false;
            }
            synchronized (monitor) {
                monitor.wait(Math.max(1, Math.min(SLICE_MS, left / 1_000_000)));
            }
        }
        return true;
    }

    /** Wakes waiters (the runtime changed state). */
    void changed() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }
}
