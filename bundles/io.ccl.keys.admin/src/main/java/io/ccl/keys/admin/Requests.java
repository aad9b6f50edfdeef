package io.ccl.keys.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyPurpose;
import java.util.List;
import java.util.Set;

/**
 * Request bodies of the admin API. Members are nullable here; the servlets check which are
 * required. Byte members are standard base64 (RFC 4648 §4), decoded by the parser so that no
 * {@link String} copy of a secret value is made.
 */
final class Requests {
    private Requests() {
    }

    /** {@code POST /api/v1/keys}. */
    record CreateKey(String name, KeyAlgorithm algorithm, Set<KeyPurpose> purposes) {
    }

    /** {@code POST /api/v1/keys/{name}/revoke}: one version, or all when {@code version} is absent. */
    record Revoke(Integer version, String reason) {
    }

    /** {@code POST /api/v1/keys/{name}/retire}. */
    record Retire(@JsonProperty("min_version") Integer minVersion) {
    }

    /** {@code POST /api/v1/keys/{name}/rewrap}. */
    record Rewrap(List<byte[]> ciphertexts, byte[] aad) {
    }

    /** {@code POST /api/v1/keys/lockdown}. */
    record Lockdown(String scope, String reason) {
    }

    /** {@code POST /api/v1/keys/recover}. */
    record Recover(String scope) {
    }

    /** {@code PUT /api/v1/secrets/{repo}/{type}/{tag}}. */
    record PutSecret(byte[] value, Integer cas) {
        @Override
        public String toString() {
            return "PutSecret[value redacted, cas=" + cas + "]";
        }
    }

    /** Endpoints without parameters: an empty object, or no body. */
    record Empty() {
    }
}
