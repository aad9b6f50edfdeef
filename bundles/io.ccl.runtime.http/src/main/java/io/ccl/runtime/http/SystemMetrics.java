package io.ccl.runtime.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Process metrics for the status and metrics endpoints, and a whiteboard filter that counts
 * requests in flight ({@code pending_requests}).
 */
@Component(service = {SystemMetrics.class, Filter.class})
@HttpWhiteboardFilterPattern("/*")
public final class SystemMetrics implements Filter {
    private final AtomicInteger inFlight = new AtomicInteger();

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        inFlight.incrementAndGet();
        try {
            chain.doFilter(req, resp);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Requests being served now, excluding the one asking. */
    public int pendingRequests() {
        return Math.max(0, inFlight.get() - 1);
    }

    /** Memory the JVM can still allocate: max heap minus used heap. */
    public long availableMemoryBytes() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** Recent CPU load of this process, 0..1, or -1 when the platform does not say. */
    public double cpuUtilization() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getProcessCpuLoad();
            return load < 0 ? -1 : Math.round(load * 1000) / 1000.0;
        }
        return -1;
    }

    /** Resident heap in use. */
    public long usedHeapBytes() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
