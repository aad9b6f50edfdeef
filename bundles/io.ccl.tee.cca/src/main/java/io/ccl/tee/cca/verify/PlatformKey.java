package io.ccl.tee.cca.verify;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * A trusted CCA platform attestation key (CPAK) public key: the trust anchor of one platform (or
 * of a fleet signing with one key). Optionally pinned to an implementation id and instance id (as
 * in Trustee's {@code tastore.json}) and limited to a validity window (from an X.509 certificate
 * or from configuration); null means "any" / "unbounded".
 *
 * @param label where the key came from (file name), for messages
 * @param key the EC public key
 * @param implementationId the platform implementation id it is pinned to, or null
 * @param instanceId the platform instance id it is pinned to, or null
 * @param notBefore start of validity, or null
 * @param notAfter end of validity, or null
 */
public record PlatformKey(String label, ECPublicKeyParameters key, byte[] implementationId, byte[] instanceId,
        Instant notBefore, Instant notAfter) {
    public PlatformKey {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(key, "key");
        implementationId = implementationId == null ? null : implementationId.clone();
        instanceId = instanceId == null ? null : instanceId.clone();
    }

    /** True when {@code now} is inside the validity window. */
    public boolean validAt(Instant now) {
        return (notBefore == null || !now.isBefore(notBefore)) && (notAfter == null || !now.isAfter(notAfter));
    }

    /** The same key with a validity window (used for raw keys configured with one). */
    public PlatformKey withValidity(Instant from, Instant until) {
        return new PlatformKey(label, key, implementationId, instanceId, from, until);
    }

    @Override
    public String toString() {
        return "PlatformKey[" + label + (instanceId == null ? "" : ", instance " + HexFormat.of().formatHex(instanceId))
                + "]";
    }
}
