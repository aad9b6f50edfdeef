package io.ccl.keys.pkcs11.key;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EC_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;

import io.ccl.keys.api.KeyAlgorithm;
import io.ccl.keys.api.KeyPurpose;
import io.ccl.keys.pkcs11.token.TokenObjects;
import java.util.Set;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * The token objects of one key version, generated inside the token.
 *
 * <p>Every private or secret key is created with {@code CKA_TOKEN}, {@code CKA_PRIVATE},
 * {@code CKA_SENSITIVE}, {@code CKA_EXTRACTABLE=false} and {@code CKA_MODIFIABLE=false}, and
 * with exactly the usage attributes its purposes need ({@code CKA_ENCRYPT}, {@code CKA_DECRYPT},
 * {@code CKA_WRAP}, {@code CKA_UNWRAP}, {@code CKA_SIGN}, {@code CKA_VERIFY}), so the token itself
 * refuses to reveal the key and refuses any use its purposes do not name; without
 * {@code CKA_MODIFIABLE} nobody holding the PIN can widen those attributes later.
 */
final class KeyObjects {
    /** DER OID of secp256r1 (1.2.840.10045.3.1.7), the CKA_EC_PARAMS of P-256. */
    static final byte[] P256_PARAMS = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};
    /** DER OID of secp384r1 (1.3.132.0.34), the CKA_EC_PARAMS of P-384. */
    static final byte[] P384_PARAMS = {0x06, 0x05, 0x2b, (byte) 0x81, 0x04, 0x00, 0x22};
    /** Object classes a key version may have. */
    static final long[] CLASSES = {CKO_SECRET_KEY, CKO_PRIVATE_KEY, CKO_PUBLIC_KEY};

    private KeyObjects() {
    }

    /** Generates the objects of one version, first destroying leftovers of a crashed attempt. */
    static void generate(Session session, String label, KeyAlgorithm algorithm, Set<KeyPurpose> purposes, byte[] id)
            throws PKCS11Exception {
        destroy(session, label);
        if (algorithm == KeyAlgorithm.AES_256_GCM) {
            session.generateKey(new Mechanism(CKM_AES_KEY_GEN), aesTemplate(label, id, purposes));
        } else {
            session.generateKeyPair(new Mechanism(CKM_EC_KEY_PAIR_GEN), ecTemplate(label, id, algorithm, purposes));
        }
    }

    /** Destroys every object of a version; returns how many there were. */
    static int destroy(Session session, String label) throws PKCS11Exception {
        int destroyed = 0;
        for (long objectClass : CLASSES) {
            destroyed += TokenObjects.destroyLabelled(session, objectClass, label);
        }
        return destroyed;
    }

    static AttributeVector aesTemplate(String label, byte[] id, Set<KeyPurpose> purposes) {
        return AttributeVector.newAESSecretKey().valueLen(32).token(true).private_(true).sensitive(true).extractable(false)
                .modifiable(false).derive(false).label(label).id(id)
                .encrypt(purposes.contains(KeyPurpose.ENCRYPT)).decrypt(purposes.contains(KeyPurpose.DECRYPT))
                .wrap(purposes.contains(KeyPurpose.WRAP)).unwrap(purposes.contains(KeyPurpose.UNWRAP));
    }

    static KeyPairTemplate ecTemplate(String label, byte[] id, KeyAlgorithm algorithm, Set<KeyPurpose> purposes) {
        KeyPairTemplate template = new KeyPairTemplate(CKK_EC).token(true).private_(true).modifiable(false).labels(label).id(id);
        template.privateKey().sensitive(true).extractable(false).derive(false).sign(purposes.contains(KeyPurpose.SIGN));
        template.publicKey().ecParams(algorithm == KeyAlgorithm.EC_P256 ? P256_PARAMS : P384_PARAMS)
                .verify(purposes.contains(KeyPurpose.VERIFY));
        return template;
    }
}
