package io.ccl.receipts.log;

import com.nimbusds.jose.jwk.ECKey;
import io.ccl.crypto.SigningKey;
import io.ccl.receipts.api.TreeHeadSignature;
import io.ccl.receipts.api.TreeHeadSigner;
import java.security.interfaces.ECPublicKey;
import java.util.concurrent.atomic.AtomicInteger;

/** A tree head signer over an in-memory ES256 key, as the runtime's will be; counts its signatures. */
public final class TestSigner implements TreeHeadSigner {
    public final SigningKey key = SigningKey.generate();
    public final AtomicInteger signatures = new AtomicInteger();

    @Override
    public String keyId() {
        return key.kid();
    }

    @Override
    public TreeHeadSignature sign(byte[] message) {
        signatures.incrementAndGet();
        return new TreeHeadSignature(key.kid(), key.sign(message), "ear-vouching-for-" + key.kid());
    }

    public ECPublicKey publicKey() {
        try {
            return ECKey.parse(key.publicJwk()).toECPublicKey();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
