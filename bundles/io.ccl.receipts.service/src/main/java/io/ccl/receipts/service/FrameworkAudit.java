package io.ccl.receipts.service;

import io.ccl.audit.api.AuditEvent;
import io.ccl.audit.api.AuditSink;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Turns framework changes into audit events: every bundle installed, updated, started, stopped or
 * uninstalled (symbolic name, version, SHA-384 of its jar when it is a file) and every configuration
 * created, updated or deleted (its PID only — values may hold secrets, so they are never recorded).
 * Events go to every {@link AuditSink}, the receipts log among them. When it starts, it records
 * every bundle already installed ({@code bundle.present}), so the log always holds the complete
 * set of code the runtime ran with, whatever started before it.
 */
@Component(service = ConfigurationListener.class, immediate = true)
public final class FrameworkAudit implements SynchronousBundleListener, ConfigurationListener {
    /** Actor of framework events. */
    static final String ACTOR = "framework";

    private final BundleContext context;
    private final List<AuditSink> sinks = new CopyOnWriteArrayList<>();

    @Activate
    public FrameworkAudit(BundleContext context, @Reference AuditRecorder recorder) {
        this.context = context;
        for (Bundle b : context.getBundles()) {
            recorder.record(new AuditEvent(Instant.now(), ACTOR, "bundle.present", String.valueOf(b.getSymbolicName()),
                    AuditEvent.OK, bundleDetails(b)));
        }
        context.addBundleListener(this);
    }

    private static Map<String, String> bundleDetails(Bundle b) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("version", String.valueOf(b.getVersion()));
        details.put("sha384", sha384(b.getLocation()));
        return details;
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    @Reference(name = "sink", service = AuditSink.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeSink")
    void addSink(AuditSink sink) {
        sinks.add(sink);
    }

    void removeSink(AuditSink sink) {
        sinks.remove(sink);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        String action = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "bundle.install";
            case BundleEvent.UPDATED -> "bundle.update";
            case BundleEvent.STARTED -> "bundle.start";
            case BundleEvent.STOPPED -> "bundle.stop";
            case BundleEvent.UNINSTALLED -> "bundle.uninstall";
            default -> null;
        };
        if (action == null) {
            return;
        }
        Bundle b = event.getBundle();
        emit(action, String.valueOf(b.getSymbolicName()), bundleDetails(b));
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String action = switch (event.getType()) {
            case ConfigurationEvent.CM_UPDATED -> "config.update";
            case ConfigurationEvent.CM_DELETED -> "config.delete";
            case ConfigurationEvent.CM_LOCATION_CHANGED -> "config.location";
            default -> "config.change";
        };
        Map<String, String> details = new LinkedHashMap<>();
        if (event.getFactoryPid() != null) {
            details.put("factory_pid", event.getFactoryPid());
        }
        emit(action, event.getPid(), details);
    }

    private void emit(String action, String target, Map<String, String> details) {
        AuditEvent event = new AuditEvent(Instant.now(), ACTOR, action, target, AuditEvent.OK, details);
        for (AuditSink sink : sinks) {
            sink.record(event);
        }
    }

    /** SHA-384 of the jar behind a {@code file:} location (or reference:file:), else "-". */
    static String sha384(String location) {
        String loc = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        if (!loc.startsWith("file:")) {
            return "-";
        }
        try {
            Path file = Path.of(URI.create(loc));
            if (!Files.isRegularFile(file)) {
                return "-";
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-384");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | IllegalArgumentException | NoSuchAlgorithmException e) {
            return "-";
        }
    }

}
