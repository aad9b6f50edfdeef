package io.ccl.keys.api;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of rewrapping a batch of ciphertexts, in input order.
 *
 * @param ciphertexts the new ciphertexts; {@code null} where that input failed
 * @param failures one message per failed input (index and reason), never material
 */
public record RewrapResult(List<byte[]> ciphertexts, List<String> failures) {
    public RewrapResult {
        Objects.requireNonNull(ciphertexts, "ciphertexts");
        failures = List.copyOf(failures);
    }
}
