package io.ccl.runtime.api.measure;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The append-only, hash-chained log of bundle life-cycle events of this runtime since it booted.
 *
 * <p><b>Security guarantees.</b> {@link #digest()} is the value bound into every piece of evidence
 * as runtime-data member {@code measurements}; a verifier replays {@link #entries()} (carried as
 * runtime-data member {@code ccl-bundle-log}) and must obtain the same digest. The log only grows
 * between compactions; see the runtime bundle's README for the compaction and crash rules.
 */
@ProviderType
public interface BundleEventLog {
    /** Lower-case hex of the chain digest after the last entry (the genesis value when empty). */
    String digest();

    /** The chain value the first entry extends: 48 zero bytes, or the digest before a compaction. */
    String base();

    /** The entries, oldest first. */
    List<BundleEvent> entries();
}
