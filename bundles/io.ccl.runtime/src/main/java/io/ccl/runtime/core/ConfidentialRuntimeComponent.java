package io.ccl.runtime.core;

import io.ccl.attestation.api.AttestationResult;
import io.ccl.attestation.api.AttestationService;
import io.ccl.keys.api.KeyBroker;
import io.ccl.keys.api.ResourcePath;
import io.ccl.keys.api.SecretBytes;
import io.ccl.runtime.api.BoundEvidence;
import io.ccl.receipts.api.TreeHeadSignature;
import io.ccl.receipts.api.TreeHeadSigner;
import io.ccl.runtime.api.ConfidentialRuntime;
import io.ccl.runtime.api.RuntimeListener;
import io.ccl.runtime.api.RuntimeOperationException;
import io.ccl.runtime.api.RuntimeState;
import io.ccl.runtime.api.RuntimeStatus;
import io.ccl.runtime.channel.InProcessChannel;
import io.ccl.runtime.channel.RemoteChannel;
import io.ccl.runtime.channel.VerifierChannel;
import io.ccl.runtime.api.measure.BundleEvent;
import io.ccl.runtime.api.measure.BundleEventLog;
import io.ccl.runtime.measure.BundleEventRecorder;
import io.ccl.runtime.measure.EventChain;
import io.ccl.runtime.measure.JarDigests;
import io.ccl.runtime.measure.MeasurementRegister;
import java.nio.file.Path;
import java.util.concurrent.ScheduledFuture;
import io.ccl.tee.api.Attester;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confidential Runtime as a DS component: boots on activation, attests on a single scheduler
 * thread, re-attests every interval, retries while degraded and degrades at once when its result
 * expires.
 */
@Component(service = {ConfidentialRuntime.class, TreeHeadSigner.class, BundleEventLog.class}, immediate = true, configurationPid = "io.ccl.runtime",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConfidentialRuntimeComponent.Config.class)
public final class ConfidentialRuntimeComponent implements ConfidentialRuntime, TreeHeadSigner, BundleEventLog {
    private static final Logger LOG = LoggerFactory.getLogger(ConfidentialRuntimeComponent.class);

    @ObjectClassDefinition(name = "CCL confidential runtime")
    public @interface Config {
        @AttributeDefinition(description = "Filter selecting the attester, e.g. (ccl.tee.type=sevsnp)")
        String attester_target() default "(ccl.tee.type=*)";

        @AttributeDefinition(description = "Base URL of a remote KBS verifier; empty = the in-process attestation service")
        String verifier_url() default "";

        @AttributeDefinition(description = "Expected issuer of the remote verifier's tokens; empty = verifier.url")
        String verifier_issuer() default "";

        @AttributeDefinition(description = "Seconds between re-attestations")
        long reattest_interval_seconds() default 60;

        @AttributeDefinition(description = "Seconds between attempts while DEGRADED")
        long retry_interval_seconds() default 5;

        @AttributeDefinition(description = "Resources (repo/type/tag) provisioned after a successful appraisal")
        String[] secrets() default {};

        @AttributeDefinition(description = "Treat an EAR status of 'warning' as trustworthy")
        boolean accept_warning() default false;

        @AttributeDefinition(description = "Audit copy of this boot's bundle event log; empty = memory only")
        String measure_log_file() default "data/measure/bundle-events.log";

        @AttributeDefinition(description = "Entries of the bundle event log before it is compacted to the current set")
        int measure_max_entries() default 512;

        @AttributeDefinition(description = "Milliseconds to wait after a bundle change before re-attesting (debounce)")
        long measure_reattest_delay_ms() default 500;
    }

    private final List<RuntimeListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ccl-runtime");
        t.setDaemon(true);
        return t;
    });
    private final EventChain chain;
    private final BundleEventRecorder recorder;
    private final BundleContext context;
    private ScheduledFuture<?> pendingReattest;
    private final Config config;
    private final RuntimeEngine engine;
    private final String endpoint;
    private int failures;

    /**
     * The TEE backend. Optional and dynamic so that swapping the backend bundle (update in place,
     * remove + add) keeps this runtime, its attested keys and its accepted work: while no attester
     * is bound, an attestation degrades with NO_ATTESTER; a newly bound one re-attests (debounced).
     * The reference target comes from the configuration property {@code attester.target}.
     */
    private final AtomicReference<Attester> attester = new AtomicReference<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AttestationService attestationService;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile KeyBroker keyBroker;

    @Activate
    public ConfidentialRuntimeComponent(BundleContext context, Config config) {
        this.config = config;
        this.context = context;
        this.chain = new EventChain(Math.max(2, config.measure_max_entries()));
        MeasurementRegister register = MeasurementRegister.detect();
        LOG.info("bundle events are extended into: {}", register.describe());
        this.recorder = new BundleEventRecorder(chain, new JarDigests(), Clock.systemUTC(), register,
                config.measure_log_file().isBlank() ? null : Path.of(config.measure_log_file()), this::modulesChanged);
        context.addBundleListener(recorder);
        recorder.snapshot(context);
        this.endpoint = "http://" + Optional.ofNullable(context.getProperty("org.apache.felix.http.host")).orElse("0.0.0.0")
                + ":" + Optional.ofNullable(context.getProperty("org.osgi.service.http.port")).orElse("8080");
        VerifierChannel channel = config.verifier_url().isBlank()
                ? new InProcessChannel(() -> attestationService, () -> keyBroker)
                : new RemoteChannel(URI.create(config.verifier_url()), config.verifier_issuer().isBlank()
                        ? config.verifier_url() : config.verifier_issuer(), Clock.systemUTC(), Duration.ofSeconds(10));
        List<ResourcePath> paths = new ArrayList<>();
        for (String s : config.secrets()) {
            paths.add(ResourcePath.parse(s.trim()));
        }
        this.engine = new RuntimeEngine(attester::get, () -> channel, Clock.systemUTC(),
                new RuntimeEngine.Settings(paths, config.accept_warning()), this::notifyListeners, chain::runtimeData);
        scheduler.execute(this::cycle);
    }

    @Reference(name = "attester", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetAttester")
    void setAttester(Attester a) {
        Attester previous = attester.getAndSet(a);
        if (previous != null) {
            LOG.info("TEE backend replaced: {} -> {}", previous.teeType(), a.teeType());
        }
        modulesChanged();
    }

    void unsetAttester(Attester a) {
        if (attester.compareAndSet(a, null)) {
            LOG.warn("TEE backend {} went away; the next attestation waits for one", a.teeType());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(RuntimeListener l) {
        listeners.add(l);
    }

    void removeListener(RuntimeListener l) {
        listeners.remove(l);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(recorder);
        recorder.close();
        scheduler.shutdownNow();
        engine.close();
    }

    private void cycle() {
        RuntimeStatus s;
        try {
            s = engine.attest(false);
        } catch (RuntimeException e) {
            LOG.error("attestation cycle failed", e);
            s = engine.status();
        }
        scheduleNext(s);
    }

    /**
     * A bundle change re-attests after a short quiet period, so a burst (a feature installing ten
     * bundles) costs one attestation. Not in LOCKDOWN: that needs an operator's recover.
     */
    private synchronized void modulesChanged() {
        if (scheduler.isShutdown()) {
            return;
        }
        if (pendingReattest != null) {
            pendingReattest.cancel(false);
        }
        pendingReattest = scheduler.schedule(() -> {
            try {
                engine.attest(false);
            } catch (RuntimeException e) {
                LOG.error("re-attestation after a bundle change failed", e);
            }
        }, Math.max(0, config.measure_reattest_delay_ms()), TimeUnit.MILLISECONDS);
    }

    @Override
    public String digest() {
        return chain.digest();
    }

    @Override
    public String base() {
        return chain.base();
    }

    @Override
    public List<BundleEvent> entries() {
        return chain.entries();
    }

    private void scheduleNext(RuntimeStatus s) {
        if (scheduler.isShutdown()) {
            return;
        }
        // While not READY retry quickly at first (services of the same framework may still be
        // registering at boot), backing off to the configured retry interval.
        long delayMs;
        if (s.state() == RuntimeState.READY) {
            failures = 0;
            delayMs = TimeUnit.SECONDS.toMillis(config.reattest_interval_seconds());
        } else {
            delayMs = Math.min(TimeUnit.SECONDS.toMillis(config.retry_interval_seconds()), 100L << Math.min(failures++, 10));
        }
        if (s.state() == RuntimeState.READY) {
            s.lastResult().ifPresent(r -> {
                long untilExpiry = Duration.between(Instant.now(), r.expiresAt()).toMillis();
                if (untilExpiry > 0) {
                    scheduler.schedule(engine::checkExpiry, untilExpiry, TimeUnit.MILLISECONDS);
                }
            });
        }
        if (s.state() != RuntimeState.LOCKDOWN) {
            scheduler.schedule(this::cycle, Math.max(50, delayMs), TimeUnit.MILLISECONDS);
        }
    }

    private void notifyListeners(RuntimeStatus[] change) {
        if (change[1].state() == RuntimeState.READY) {
            LOG.info("CCL runtime READY ({} TEE{}) at {}, {} ms after JVM start", change[1].teeType(),
                    change[1].insecureTee() ? ", INSECURE simulation" : "", endpoint,
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        }
        for (RuntimeListener l : listeners) {
            try {
                l.stateChanged(change[0], change[1]);
            } catch (RuntimeException e) {
                LOG.error("runtime listener {} failed", l.getClass().getName());
            }
        }
    }

    @Override
    public RuntimeStatus status() {
        return engine.status();
    }

    /** The RFC 7638 thumbprint of the signing key that runtime-data member {@code ccl-signing-key} carries. */
    @Override
    public String keyId() {
        return engine.signingKeyId();
    }

    /**
     * Signs a tree head of the receipts log with the runtime's attested signing key, attaching the
     * newest EAR (whose runtime-data carries that key); a verifier checks that the EAR was valid
     * when the head was signed.
     */
    @Override
    public TreeHeadSignature sign(byte[] message) {
        return new TreeHeadSignature(engine.signingKeyId(), engine.signingKey().sign(message),
                engine.status().lastResult().map(AttestationResult::token).orElse(null));
    }

    @Override
    public boolean acceptsData() {
        return engine.acceptsData();
    }

    @Override
    public Map<String, Object> publicKey() {
        return engine.publicKey();
    }

    @Override
    public BoundEvidence evidence(String nonce) throws RuntimeOperationException {
        return engine.evidence(nonce);
    }

    @Override
    public RuntimeStatus reattest() {
        return onScheduler(() -> engine.attest(false));
    }

    @Override
    public RuntimeStatus lockdown(String reason) {
        return onScheduler(() -> engine.lockdown(reason));
    }

    @Override
    public RuntimeStatus recover() {
        RuntimeStatus s = onScheduler(engine::recover);
        if (s.state() != RuntimeState.LOCKDOWN) {
            scheduleNext(s);
        }
        return s;
    }

    @Override
    public Optional<SecretBytes> secret(ResourcePath path) {
        return engine.secret(path);
    }

    @Override
    public byte[] decrypt(String jwe) throws RuntimeOperationException {
        return engine.decrypt(jwe);
    }

    private RuntimeStatus onScheduler(java.util.concurrent.Callable<RuntimeStatus> task) {
        try {
            return scheduler.submit(task).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("runtime operation failed with {}", e.getClass().getSimpleName());
            return engine.status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return engine.status();
        }
    }
}
