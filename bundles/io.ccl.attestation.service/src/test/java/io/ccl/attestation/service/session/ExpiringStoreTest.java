package io.ccl.attestation.service.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpiringStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void refusesBeyondCapacityUntilEntriesExpire() {
        ExpiringStore<String> store = new ExpiringStore<>(2, Duration.ofSeconds(60));
        assertTrue(store.putIfRoom("a", "1", T0.plusSeconds(60), T0));
        assertTrue(store.putIfRoom("b", "2", T0.plusSeconds(61), T0.plusSeconds(1)));
        assertFalse(store.putIfRoom("c", "3", T0.plusSeconds(62), T0.plusSeconds(2)));
        assertEquals(2, store.size());
        // "a" expired: when full, expired entries go even within their grace period.
        assertTrue(store.putIfRoom("c", "3", T0.plusSeconds(120), T0.plusSeconds(60)));
        assertEquals(2, store.size());
        assertTrue(store.take("a").isEmpty());
    }

    @Test
    void keepsExpiredEntriesForTheGracePeriodWhileThereIsRoom() {
        ExpiringStore<String> store = new ExpiringStore<>(10, Duration.ofSeconds(60));
        store.putIfRoom("a", "1", T0.plusSeconds(60), T0);
        store.putIfRoom("b", "2", T0.plusSeconds(150), T0.plusSeconds(90));
        ExpiringStore.Timed<String> a = store.take("a").orElseThrow();
        assertTrue(a.expiredAt(T0.plusSeconds(90)), "still there, and known to be expired");
        store.putIfRoom("c", "3", T0.plusSeconds(400), T0.plusSeconds(300));
        assertTrue(store.take("b").isEmpty(), "gone after the grace period");
    }

    @Test
    void takeIsSingleUse() {
        ExpiringStore<String> store = new ExpiringStore<>(10, Duration.ZERO);
        store.putIfRoom("a", "1", T0.plusSeconds(60), T0);
        assertEquals("1", store.take("a").orElseThrow().value());
        assertTrue(store.take("a").isEmpty());
    }

    @Test
    void getHidesExpiredEntries() {
        ExpiringStore<String> store = new ExpiringStore<>(10, Duration.ZERO);
        store.putEvictingOldest("a", "1", T0.plusSeconds(60), T0);
        assertEquals("1", store.get("a", T0.plusSeconds(59)).orElseThrow());
        assertTrue(store.get("a", T0.plusSeconds(60)).isEmpty());
    }

    @Test
    void evictingPutDropsTheOldestWhenFull() {
        ExpiringStore<String> store = new ExpiringStore<>(2, Duration.ZERO);
        store.putEvictingOldest("a", "1", T0.plusSeconds(60), T0);
        store.putEvictingOldest("b", "2", T0.plusSeconds(60), T0);
        store.putEvictingOldest("c", "3", T0.plusSeconds(60), T0);
        assertEquals(2, store.size());
        assertTrue(store.get("a", T0).isEmpty());
        assertEquals("3", store.get("c", T0).orElseThrow());
        for (int i = 0; i < 10_000; i++) {
            store.putEvictingOldest("k" + i, "v", T0.plusSeconds(60), T0);
        }
        assertEquals(2, store.size(), "bounded whatever the rate");
    }
}
