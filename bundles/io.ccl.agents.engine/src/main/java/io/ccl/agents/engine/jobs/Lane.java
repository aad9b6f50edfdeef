package io.ccl.agents.engine.jobs;

import io.ccl.agents.api.AgentInfo;
import io.ccl.agents.api.AgentType;
import io.ccl.agents.api.JobRefusedException;
import io.ccl.agents.api.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The queue and worker pool of one agent type. At most {@code workers + queueSize} jobs are
 * accepted at a time (running plus waiting); beyond that {@link #offer} refuses with QUEUE_FULL.
 * Workers are this lane's own threads, so that a worker stuck in agent code that ignores
 * interrupts can be abandoned and replaced: the capacity the lane promises never shrinks.
 *
 * <p>When the agent service of the type goes away (bundle stopped or updated), each running job is
 * re-queued at the head once (its worker abandoned), and waiting jobs stay queued; if no service for
 * the type is back within the removal grace period, every waiting job fails with AGENT_REMOVED.
 * A job re-queued once before fails at once on a second removal.
 */
final class Lane {
    /** What the lane needs from the engine. */
    interface Host {
        /** Runs one job to a terminal state (or until cancelled); never throws. */
        void execute(Lane lane, Run run, AgentType agent, TypeSettings settings);

        /** Told once for every job this lane moved to a terminal state. */
        void ended(Job job);

        Instant now();

        ScheduledFuture<?> schedule(Runnable task, Duration delay);

        Duration removalGrace();
    }

    /** A registered agent service: higher ranking first, then the older service. */
    record Service(AgentType agent, int ranking, long serviceId) {
        static final Comparator<Service> ORDER = Comparator.comparingInt(Service::ranking).reversed()
                .thenComparingLong(Service::serviceId);
    }

    /** One attempt of one job on one worker. */
    static final class Run {
        final Job job;
        final int attempt;
        final Service service;
        final Worker worker;
        private JobContext context;

        Run(Job job, int attempt, Service service, Worker worker) {
            this.job = job;
            this.attempt = attempt;
            this.service = service;
            this.worker = worker;
        }

        synchronized void attach(JobContext ctx) {
            context = ctx;
        }

        synchronized void endSession() {
            if (context != null) {
                context.end();
            }
        }
    }

    /** A worker thread; retired workers finish their current run and exit. */
    final class Worker implements Runnable {
        private final Thread thread;
        private volatile boolean retired;

        Worker(int n) {
            thread = new Thread(this, "ccl-agent-" + type + "-" + n);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            loop(this);
        }
    }

    private final String type;
    private final Host host;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    private final Set<Run> running = new HashSet<>();
    private final Set<Worker> workers = new HashSet<>();
    private final List<Service> services = new ArrayList<>();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private TypeSettings settings;
    private boolean closed;
    private ScheduledFuture<?> grace;
    private Instant removedAt;
    private int threadSeq;

    Lane(String type, TypeSettings settings, Host host) {
        this.type = type;
        this.settings = settings;
        this.host = host;
    }

    String type() {
        return type;
    }

    TypeSettings settings() {
        lock.lock();
        try {
            return settings;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a service is registered for the type. */
    boolean available() {
        lock.lock();
        try {
            return !services.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the type is known: configured, registered, holding jobs, or removed less than the
     * removal grace ago (a bundle update in progress: submissions get AGENT_UNAVAILABLE, not 404).
     */
    boolean listed() {
        lock.lock();
        try {
            return settings.configured() || !services.isEmpty() || !waiting.isEmpty() || !running.isEmpty()
                    || (removedAt != null && host.now().isBefore(removedAt.plus(host.removalGrace())));
        } finally {
            lock.unlock();
        }
    }

    void reconfigure(TypeSettings s) {
        lock.lock();
        try {
            settings = s;
            ensureWorkers();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void addService(Service s) {
        lock.lock();
        try {
            services.add(s);
            services.sort(Service.ORDER);
            if (grace != null) {
                grace.cancel(false);
                grace = null;
            }
            ensureWorkers();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void removeService(AgentType agent) {
        List<Job> ended = new ArrayList<>();
        lock.lock();
        try {
            Service gone = services.stream().filter(s -> s.agent() == agent).findFirst().orElse(null);
            if (gone == null) {
                return;
            }
            services.remove(gone);
            if (services.isEmpty()) {
                removedAt = host.now();
            }
            Duration g = host.removalGrace();
            List<Job> requeued = new ArrayList<>();
            for (Run run : List.copyOf(running)) {
                if (run.service != gone) {
                    continue;
                }
                running.remove(run);
                run.endSession();
                // Move the job before the interrupt below: the old run, interrupted, fails its
                // attempt, which must then find the attempt already over.
                if (run.attempt < 2 && !g.isZero() && run.job.requeue(run.attempt)) {
                    requeued.add(run.job);
                } else if (run.job.failRun(run.attempt, "AGENT_REMOVED",
                        "the agent bundle of type " + type + " was removed while the job ran", host.now())) {
                    ended.add(run.job);
                }
                abandon(run.worker);
            }
            for (int i = requeued.size() - 1; i >= 0; i--) {
                waiting.addFirst(requeued.get(i));
            }
            if (services.isEmpty() && !waiting.isEmpty()) {
                if (g.isZero()) {
                    failWaiting(ended, "AGENT_REMOVED", "the agent type " + type + " was removed");
                } else if (grace == null) {
                    grace = host.schedule(this::graceExpired, g);
                }
            }
            ensureWorkers();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        ended.forEach(this::ended);
    }

    private void graceExpired() {
        List<Job> ended = new ArrayList<>();
        lock.lock();
        try {
            grace = null;
            if (services.isEmpty()) {
                failWaiting(ended, "AGENT_REMOVED", "the agent type " + type + " did not come back within "
                        + host.removalGrace().toSeconds() + " s");
            }
        } finally {
            lock.unlock();
        }
        ended.forEach(this::ended);
    }

    /**
     * Queues a job; it must already be in the store.
     *
     * @throws JobRefusedException AGENT_UNAVAILABLE without a service, QUEUE_FULL at capacity
     */
    void offer(Job job, int retryAfterSeconds) throws JobRefusedException {
        lock.lock();
        try {
            if (closed || services.isEmpty()) {
                refused.incrementAndGet();
                throw new JobRefusedException(JobRefusedException.Reason.AGENT_UNAVAILABLE,
                        "no agent service of type " + type + " is registered now", retryAfterSeconds, false);
            }
            int capacity = settings.workers() + settings.queueSize();
            if (waiting.size() + running.size() >= capacity) {
                refused.incrementAndGet();
                throw new JobRefusedException(JobRefusedException.Reason.QUEUE_FULL, "agent type " + type
                        + " is at capacity (" + settings.workers() + " running, " + settings.queueSize()
                        + " waiting)", retryAfterSeconds, false);
            }
            waiting.add(job);
            ensureWorkers();
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Counts a refusal decided outside the lane (runtime not ready, store full). */
    void refused() {
        refused.incrementAndGet();
    }

    /**
     * Fails every waiting and running job (running ones are interrupted, their workers replaced and
     * their sessions ended).
     *
     * @param reason code and message for each job
     */
    void cancelAll(Function<Job, String[]> reason) {
        List<Job> ended = new ArrayList<>();
        lock.lock();
        try {
            for (Run run : List.copyOf(running)) {
                running.remove(run);
                // Revoke the capabilities before the job is seen as ended.
                run.endSession();
                String[] r = reason.apply(run.job);
                if (run.job.failRun(run.attempt, r[0], r[1], host.now())) {
                    ended.add(run.job);
                }
                abandon(run.worker);
            }
            for (Job job : List.copyOf(waiting)) {
                String[] r = reason.apply(job);
                if (job.fail(r[0], r[1], host.now())) {
                    ended.add(job);
                }
            }
            waiting.clear();
            ensureWorkers();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        ended.forEach(this::ended);
    }

    /** Fails a run that exceeded the job timeout. */
    void timeout(Run run) {
        boolean failed;
        lock.lock();
        try {
            if (!running.remove(run)) {
                return;
            }
            run.endSession();
            failed = run.job.failRun(run.attempt, "TIMEOUT", "the job ran longer than "
                    + settings.jobTimeout().toSeconds() + " s", host.now());
            abandon(run.worker);
            ensureWorkers();
        } finally {
            lock.unlock();
        }
        if (failed) {
            ended(run.job);
        }
    }

    /** Attaches a run's capability context; false (and the context ended) when the run was cancelled. */
    boolean attach(Run run, JobContext ctx) {
        lock.lock();
        try {
            run.attach(ctx);
            if (!running.contains(run)) {
                ctx.end();
                return false;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the lane: every job fails with ENGINE_STOPPED, workers exit. */
    void close() {
        cancelAll(j -> new String[] {"ENGINE_STOPPED", "the agent engine stopped"});
        lock.lock();
        try {
            closed = true;
            if (grace != null) {
                grace.cancel(false);
            }
            workers.forEach(w -> w.retired = true);
            workers.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Counts a terminal job of this lane (called by the engine). */
    void count(JobStatus status) {
        (status == JobStatus.COMPLETED ? completed : failed).incrementAndGet();
    }

    AgentInfo info() {
        lock.lock();
        try {
            Service s = services.isEmpty() ? null : services.get(0);
            String description = "";
            if (s != null) {
                try {
                    description = String.valueOf(s.agent().describe());
                } catch (RuntimeException e) {
                    description = "";
                }
            }
            return new AgentInfo(type, description, s == null ? AgentInfo.State.UNAVAILABLE : AgentInfo.State.AVAILABLE,
                    settings.workers(), settings.queueSize(), waiting.size(), running.size(), completed.get(),
                    failed.get(), refused.get(), settings.secretNames(), settings.egress().describe(),
                    settings.modelNames());
        } finally {
            lock.unlock();
        }
    }

    /** Live worker threads (tests). */
    int workerCount() {
        lock.lock();
        try {
            return workers.size();
        } finally {
            lock.unlock();
        }
    }

    private void ended(Job job) {
        host.ended(job);
    }

    private void failWaiting(List<Job> ended, String code, String message) {
        for (Job job : List.copyOf(waiting)) {
            if (job.fail(code, message, host.now())) {
                ended.add(job);
            }
        }
        waiting.clear();
    }

    /** Retires a worker whose run was taken from it, and interrupts it; ensureWorkers replaces it. */
    private void abandon(Worker w) {
        w.retired = true;
        workers.remove(w);
        w.thread.interrupt();
    }

    private void ensureWorkers() {
        if (closed) {
            return;
        }
        while (workers.size() < settings.workers()) {
            Worker w = new Worker(++threadSeq);
            workers.add(w);
            w.thread.start();
        }
    }

    private void loop(Worker w) {
        while (true) {
            Run run = null;
            lock.lock();
            try {
                while (run == null) {
                    if (w.retired || closed) {
                        workers.remove(w);
                        return;
                    }
                    if (workers.size() > settings.workers()) {
                        w.retired = true;
                        workers.remove(w);
                        return;
                    }
                    if (waiting.isEmpty() || services.isEmpty()) {
                        changed.awaitUninterruptibly();
                        continue;
                    }
                    Job job = waiting.poll();
                    int attempt = job.start(host.now());
                    if (attempt > 0) {
                        run = new Run(job, attempt, services.get(0), w);
                        running.add(run);
                    }
                }
            } finally {
                lock.unlock();
            }
            TypeSettings s = settings();
            try {
                host.execute(this, run, run.service.agent(), s);
            } finally {
                lock.lock();
                try {
                    running.remove(run);
                } finally {
                    lock.unlock();
                }
                // An interrupt aimed at the finished run must not hit the next one.
                Thread.interrupted();
            }
        }
    }
}
