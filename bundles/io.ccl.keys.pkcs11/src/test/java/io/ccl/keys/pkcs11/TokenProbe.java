package io.ccl.keys.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_DATA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;

import io.ccl.keys.pkcs11.token.TokenObjects;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/** Looks at the token behind a store, with the store's own sessions. */
final class TokenProbe {
    private TokenProbe() {
    }

    /** Key objects (secret, private, public) labelled {@code label}. */
    static int countKeyObjects(Pkcs11KeyStorage store, String label) throws Exception {
        return store.sessions().call("test: counting", s -> {
            int n = 0;
            for (long objectClass : new long[] {CKO_SECRET_KEY, CKO_PRIVATE_KEY, CKO_PUBLIC_KEY}) {
                n += TokenObjects.findLabelled(s, objectClass, label).length;
            }
            return n;
        });
    }

    /** Data objects labelled {@code label}. */
    static int countDataObjects(Pkcs11KeyStorage store, String label) throws Exception {
        return store.sessions().call("test: counting", s -> TokenObjects.findLabelled(s, CKO_DATA, label).length);
    }

    /** The single object of {@code objectClass} labelled {@code label}. */
    static long handle(Pkcs11KeyStorage store, long objectClass, String label) throws Exception {
        return store.sessions().call("test: finding", s -> single(s, objectClass, label));
    }

    /** The single object of {@code objectClass} labelled {@code label}, in a session. */
    static long single(Session session, long objectClass, String label) throws PKCS11Exception {
        long[] found = TokenObjects.find(session, new AttributeVector().class_(objectClass).label(label));
        if (found.length != 1) {
            throw new AssertionError(found.length + " objects labelled " + label);
        }
        return found[0];
    }
}
