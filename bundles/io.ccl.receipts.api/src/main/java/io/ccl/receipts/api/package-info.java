/**
 * Audit receipts: an append-only transparency log with RFC 9162 (Certificate Transparency 2.0)
 * Merkle tree hashing, its signed tree heads, inclusion and consistency proofs, and receipts that
 * a relying party verifies offline.
 *
 * <p>The service is {@link io.ccl.receipts.api.TransparencyLog}; the runtime plugs its attested
 * signing key in as a {@link io.ccl.receipts.api.TreeHeadSigner} and hears about new heads through
 * {@link io.ccl.receipts.api.TreeHeadListener}. Everything else is plain data plus two pure
 * verifiers ({@link io.ccl.receipts.api.MerkleVerifier}, {@link io.ccl.receipts.api.ReceiptVerifier})
 * and the JSON form ({@link io.ccl.receipts.api.ReceiptJson}), all usable outside OSGi (the CLI).
 * {@link io.ccl.receipts.api.AttestedReceiptVerifier} adds the EAR step: it takes the signing key
 * from the EAR that the attestation service signed, checked with that service's JWKS.
 *
 * <p><b>Security guarantees.</b> A receipt verifies only if its entry, leaf index, inclusion path,
 * tree size, root hash, log id, timestamp and signature are all exactly what the log signed: any
 * change to one of them is rejected with a typed {@link io.ccl.receipts.api.ReceiptException}.
 * {@code ReceiptVerifier} authenticates a tree head with the public key its caller trusts;
 * {@code AttestedReceiptVerifier} establishes that trust from the EAR token carried with the head
 * and the attestation service's key set.
 */
@Export
@Version("1.1.0")
package io.ccl.receipts.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
