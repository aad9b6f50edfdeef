package io.ccl.receipts.api;

import io.ccl.receipts.api.ReceiptException.Reason;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;

/**
 * Offline verification of receipts, signed tree heads and log consistency. Pure: no I/O, no clock.
 *
 * <p>The caller supplies the tree head signing key it trusts. In CCL that trust comes from the EAR
 * token carried with the head ({@link SignedTreeHead#ear()}): {@link AttestedReceiptVerifier}
 * verifies the EAR with the attestation service's JWKS, takes the runtime's signing key from it and
 * then calls this class.
 *
 * <p><b>Security guarantees.</b> {@link #verify} accepts a receipt only when the entry hashes to the
 * leaf that the inclusion path leads, at the receipt's leaf index, to the root of the signed tree
 * head, and the signature over that head verifies with the given P-256 key. A change to any field
 * (entry index, time, type or content, a proof hash, the tree size, root hash, timestamp, log id,
 * key id or signature) is rejected.
 */
public final class ReceiptVerifier {
    /** Order of the NIST P-256 group (FIPS 186-4 D.1.2.3), to recognise P-256 keys. */
    private static final BigInteger P256_ORDER =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    private ReceiptVerifier() {
    }

    /**
     * Verifies a receipt.
     *
     * @param key the P-256 public key trusted to sign this log's tree heads
     * @param expectedLogId the log the receipt must come from, or null to accept any
     */
    public static void verify(Receipt receipt, PublicKey key, String expectedLogId) throws ReceiptException {
        SignedTreeHead sth = receipt.treeHead();
        TreeHead head = sth.treeHead();
        if (expectedLogId != null && !expectedLogId.equals(head.logId())) {
            throw new ReceiptException(Reason.WRONG_LOG, "tree head of log " + head.logId() + ", expected " + expectedLogId);
        }
        InclusionProof proof = receipt.inclusionProof();
        if (proof.leafIndex() != receipt.entry().index()) {
            throw new ReceiptException(Reason.MISMATCH,
                    "inclusion proof for leaf " + proof.leafIndex() + ", entry index " + receipt.entry().index());
        }
        if (proof.treeSize() != head.treeSize()) {
            throw new ReceiptException(Reason.MISMATCH,
                    "inclusion proof for tree size " + proof.treeSize() + ", signed tree size " + head.treeSize());
        }
        verifySignature(sth, key);
        byte[] leafHash = receipt.entry().leafHash();
        if (!MerkleVerifier.verifyInclusion(leafHash, proof.leafIndex(), proof.treeSize(), proof.path(), head.rootHash())) {
            throw new ReceiptException(Reason.NOT_INCLUDED,
                    "entry " + proof.leafIndex() + " is not included in the signed tree of size " + head.treeSize());
        }
    }

    /** Verifies the ES256 signature of a tree head with {@code key}. */
    public static void verifySignature(SignedTreeHead treeHead, PublicKey key) throws ReceiptException {
        if (!(key instanceof ECPublicKey ec) || !isP256(ec)) {
            throw new ReceiptException(Reason.UNSUPPORTED_KEY, "tree heads are signed with EC P-256 keys");
        }
        try {
            // ES256 as RFC 7518 §3.4: ECDSA P-256 SHA-256, signature as r || s (IEEE P1363).
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(ec);
            verifier.update(treeHead.signedMessage());
            if (!verifier.verify(treeHead.signature().signature())) {
                throw new ReceiptException(Reason.BAD_SIGNATURE, "tree head signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new ReceiptException(Reason.BAD_SIGNATURE, "tree head signature does not verify", e);
        }
    }

    /**
     * Verifies that {@code newer} extends {@code older} (same log, RFC 9162 §2.1.4.2). Signatures
     * are checked separately, each with the key trusted for it.
     */
    public static void verifyConsistency(TreeHead older, TreeHead newer, ConsistencyProof proof) throws ReceiptException {
        if (!older.logId().equals(newer.logId())) {
            throw new ReceiptException(Reason.WRONG_LOG, "tree heads of two different logs");
        }
        if (proof.firstSize() != older.treeSize() || proof.secondSize() != newer.treeSize()) {
            throw new ReceiptException(Reason.MISMATCH, "proof for sizes " + proof.firstSize() + " -> " + proof.secondSize()
                    + ", tree heads of sizes " + older.treeSize() + " -> " + newer.treeSize());
        }
        if (!MerkleVerifier.verifyConsistency(older.treeSize(), newer.treeSize(), older.rootHash(), newer.rootHash(),
                proof.path())) {
            throw new ReceiptException(Reason.INCONSISTENT,
                    "tree of size " + newer.treeSize() + " does not extend the tree of size " + older.treeSize());
        }
    }

    private static boolean isP256(ECPublicKey key) {
        return key.getParams().getCurve().getField().getFieldSize() == 256 && P256_ORDER.equals(key.getParams().getOrder());
    }
}
