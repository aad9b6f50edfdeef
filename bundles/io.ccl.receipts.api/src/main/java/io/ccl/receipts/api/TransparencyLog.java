package io.ccl.receipts.api;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An append-only, crash-safe transparency log with RFC 9162 Merkle tree hashing (SHA-256). Every
 * attestation, key release, key lifecycle event, job and admin action is appended as an entry; the
 * log signs tree heads through the {@link TreeHeadSigner} it finds and answers inclusion and
 * consistency proofs for any tree size it has reached.
 *
 * <p><b>Security guarantees.</b> An append returns only after the entry is durable (written and
 * {@code fsync}'d); a crash never loses an acknowledged entry, never reorders entries and never
 * leaves a gap. A batch is all or nothing. Tree heads and proofs only ever cover durable entries.
 * Stored records are checksummed; a damaged record inside the log makes the log refuse to open
 * ({@link LogException.Reason#CORRUPT}) rather than skip it. Entries hold names, digests and
 * outcomes, never secret material: the log is readable by whoever can read its directory.
 */
@ProviderType
public interface TransparencyLog {
    /** The log id: 64 lowercase hex digits, fixed when the log was created. */
    String logId();

    /**
     * Appends one entry and returns it with its index and time once it is durable.
     *
     * @throws LogException {@code OVERLOADED} when too many appends are waiting, {@code UNAVAILABLE}
     *     when the log is closed or its storage failed
     */
    LogEntry append(NewEntry entry) throws LogException;

    /**
     * Appends entries atomically, at consecutive indices in list order, and returns them once all
     * are durable. After a crash either all of them are in the log or none.
     */
    List<LogEntry> appendAll(List<NewEntry> entries) throws LogException;

    /** Number of durable entries. */
    long size();

    /** The current (unsigned) tree head: size, root hash, now. */
    TreeHead treeHead();

    /** The root hash of the first {@code treeSize} entries, {@code 0 <= treeSize <= size()}. */
    byte[] rootHash(long treeSize) throws LogException;

    /** The newest signed tree head, if one was made since the log opened. */
    Optional<SignedTreeHead> latestSignedTreeHead();

    /**
     * Signs the current tree head now, publishes it to the listeners and returns it.
     *
     * @throws LogException {@code NOT_SIGNED} when no signer is available or it refused
     */
    SignedTreeHead signTreeHead() throws LogException;

    /** The entry at {@code index}; {@code NOT_FOUND} when {@code index >= size()}. */
    LogEntry entry(long index) throws LogException;

    /** {@code PATH(index, D[treeSize])}, for {@code 0 <= index < treeSize <= size()}. */
    InclusionProof inclusionProof(long index, long treeSize) throws LogException;

    /** {@code PROOF(firstSize, D[secondSize])}, for {@code 0 <= firstSize <= secondSize <= size()}. */
    ConsistencyProof consistencyProof(long firstSize, long secondSize) throws LogException;

    /** The index of the first entry whose leaf hash is {@code leafHash}. */
    OptionalLong indexOf(byte[] leafHash);

    /**
     * A receipt for the entry at {@code index} against the newest signed tree head, signing a new
     * head first when the newest does not cover the entry yet.
     */
    Receipt receipt(long index) throws LogException;

    /** A receipt for the entry with that id (see {@link LogEntry#id()}), if there is one. */
    Optional<Receipt> receipt(String entryId) throws LogException;
}
