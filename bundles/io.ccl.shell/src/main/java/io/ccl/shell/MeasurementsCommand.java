package io.ccl.shell;

import io.ccl.runtime.api.measure.BundleEvent;
import io.ccl.runtime.api.measure.BundleEventLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ccl:measurements}: the bundle event log (oldest first), its base and its digest, which is
 * the runtime-data member {@code measurements} bound into the next evidence.
 */
@Component(service = MeasurementsCommand.class,
        property = {"osgi.command.scope=ccl", "osgi.command.function=measurements"})
public final class MeasurementsCommand {
    private final BundleEventLog log;

    @Activate
    public MeasurementsCommand(@Reference BundleEventLog log) {
        this.log = log;
    }

    public String measurements() {
        Table t = new Table("SEQ", "TIME", "ACTION", "ID", "BUNDLE", "VERSION", "SHA384");
        for (BundleEvent e : log.entries()) {
            t.row(e.seq(), e.time(), e.action(), e.bundleId(), e.symbolicName(), e.version(), e.sha384());
        }
        return t + "\nbase=" + log.base() + "\ndigest=" + log.digest();
    }
}
