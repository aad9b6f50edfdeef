package io.ccl.agents.api;

/**
 * A model named in the manifest, or used by a job.
 *
 * @param name the model's name
 * @param sha256 lower-case hex SHA-256 of the plaintext
 */
public record ModelInfo(String name, String sha256) {
}
