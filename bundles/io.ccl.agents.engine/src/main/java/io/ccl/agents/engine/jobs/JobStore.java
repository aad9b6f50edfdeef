package io.ccl.agents.engine.jobs;

import io.ccl.agents.api.JobRefusedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jobs in memory, bounded twice: at most {@code max} jobs, and at most {@code maxResultChars} of
 * sealed results. Ended jobs are kept for {@code ttl} after they end, then evicted (lazily on every
 * admission and lookup, and by the engine's periodic sweep). When either bound is reached, new jobs
 * are refused (STORE_FULL) rather than evicting results nobody has fetched yet. Nothing here is
 * plaintext: inputs as JWE until they run, results sealed to the requester.
 */
final class JobStore {
    private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong resultChars = new AtomicLong();
    private final int max;
    private final Duration ttl;
    private final long maxResultChars;
    private final Clock clock;

    JobStore(int max, Duration ttl, long maxResultChars, Clock clock) {
        this.max = max;
        this.ttl = ttl;
        this.maxResultChars = maxResultChars;
        this.clock = clock;
    }

    /** Stores a new job, or refuses it when the store is full. */
    synchronized void admit(Job job, int retryAfterSeconds) throws JobRefusedException {
        evictExpired();
        if (jobs.size() >= max || resultChars.get() >= maxResultChars) {
            throw new JobRefusedException(JobRefusedException.Reason.STORE_FULL,
                    "the job store is full until stored results expire", retryAfterSeconds, false);
        }
        jobs.put(job.id(), job);
    }

    void remove(Job job) {
        if (jobs.remove(job.id(), job) && job.uncount()) {
            resultChars.addAndGet(-job.resultBytes());
        }
    }

    /** Called once when a job reached a terminal state. */
    void ended(Job job) {
        if (jobs.get(job.id()) == job && job.count()) {
            resultChars.addAndGet(job.resultBytes());
        }
    }

    Optional<Job> get(String id) {
        Job job = jobs.get(id);
        if (job != null && expired(job, clock.instant())) {
            remove(job);
            return Optional.empty();
        }
        return Optional.ofNullable(job);
    }

    /** Newest first. */
    List<Job> all() {
        Instant now = clock.instant();
        return jobs.values().stream().filter(j -> !expired(j, now))
                .sorted(Comparator.comparing((Job j) -> j.view().submittedAt()).reversed()).toList();
    }

    int size() {
        return jobs.size();
    }

    long resultChars() {
        return resultChars.get();
    }

    void evictExpired() {
        Instant now = clock.instant();
        for (Job j : jobs.values()) {
            if (expired(j, now)) {
                remove(j);
            }
        }
    }

    private boolean expired(Job job, Instant now) {
        Instant end = job.finishedAt();
        return end != null && !end.plus(ttl).isAfter(now);
    }
}
