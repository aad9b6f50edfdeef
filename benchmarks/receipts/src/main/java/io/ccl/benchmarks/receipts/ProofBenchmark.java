package io.ccl.benchmarks.receipts;

import io.ccl.receipts.api.MerkleVerifier;
import io.ccl.receipts.log.tree.MerkleTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Inclusion proofs on a tree of {@code size} entries held as the log holds it
 * ({@link MerkleTree}): verification with {@link MerkleVerifier#verifyInclusion} (what the CLI and
 * any relying party do per receipt; ~log2(n) SHA-256 compressions of 65 bytes) and generation by
 * the log. 4096 random proofs against the full tree are prepared and used in turn.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class ProofBenchmark {
    @Param({"1000000"})
    public int size;

    private MerkleTree tree;
    private byte[] root;
    private long[] indices;
    private byte[][] leaves;
    private List<List<byte[]>> proofs;
    private int next;

    @Setup(Level.Trial)
    public void build() {
        Random random = new Random(42);
        tree = new MerkleTree();
        List<byte[]> batch = new ArrayList<>();
        byte[] data = new byte[300];
        for (int i = 0; i < size; i++) {
            random.nextBytes(data);
            batch.add(MerkleVerifier.leafHash(data));
            if (batch.size() == 4096 || i == size - 1) {
                tree.append(batch);
                batch = new ArrayList<>();
            }
        }
        root = tree.root(size);
        indices = new long[4096];
        leaves = new byte[indices.length][];
        proofs = new ArrayList<>();
        for (int i = 0; i < indices.length; i++) {
            indices[i] = (long) (random.nextDouble() * size);
            leaves[i] = tree.leafHash(indices[i]);
            proofs.add(tree.inclusionProof(indices[i], size));
            if (!MerkleVerifier.verifyInclusion(leaves[i], indices[i], size, proofs.get(i), root)) {
                throw new IllegalStateException("proof does not verify");
            }
        }
        System.out.printf("%n[receipts] tree of %d entries: %d MiB of hashes and leaf index%n", size, tree.memoryBytes() >> 20);
    }

    @Benchmark
    public boolean verifyInclusion() {
        int i = next++ & (indices.length - 1);
        return MerkleVerifier.verifyInclusion(leaves[i], indices[i], size, proofs.get(i), root);
    }

    @Benchmark
    public List<byte[]> generateInclusionProof() {
        int i = next++ & (indices.length - 1);
        return tree.inclusionProof(indices[i], size);
    }
}
