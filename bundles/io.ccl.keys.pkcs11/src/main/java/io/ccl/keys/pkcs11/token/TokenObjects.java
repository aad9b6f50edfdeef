package io.ccl.keys.pkcs11.token;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_DATA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_NOT_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKS_RO_USER_FUNCTIONS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKS_RW_USER_FUNCTIONS;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * Finding, reading and destroying token objects by label, with a cache of object handles.
 * Object handles of token objects stay valid for the application's lifetime unless the object
 * is destroyed (PKCS#11 v3.0 §2.4); a stale handle is looked up again once.
 */
public final class TokenObjects {
    private static final int FIND_BATCH = 256;

    private final ConcurrentHashMap<String, Long> handles = new ConcurrentHashMap<>();

    /** Work done with an object handle. */
    @FunctionalInterface
    public interface HandleCall<T> {
        T apply(long handle) throws PKCS11Exception;
    }

    /**
     * Every object matching {@code template}.
     *
     * @throws PKCS11Exception {@code CKR_USER_NOT_LOGGED_IN} when the session is not logged in:
     *     private objects are invisible then (a search finds nothing, SoftHSM answers a cached
     *     handle with CKR_OBJECT_HANDLE_INVALID), and an empty result must not be mistaken for
     *     "no such object"; the session pool logs in again and retries
     */
    public static long[] find(Session session, AttributeVector template) throws PKCS11Exception {
        long[] found = search(session, template);
        if (!isLoggedIn(session)) {
            throw new PKCS11Exception(CKR_USER_NOT_LOGGED_IN);
        }
        return found;
    }

    private static long[] search(Session session, AttributeVector template) throws PKCS11Exception {
        session.findObjectsInit(template);
        try {
            List<long[]> batches = new ArrayList<>();
            int total = 0;
            while (true) {
                long[] batch = session.findObjects(FIND_BATCH);
                if (batch == null || batch.length == 0) {
                    break;
                }
                batches.add(batch);
                total += batch.length;
                if (batch.length < FIND_BATCH) {
                    break;
                }
            }
            long[] all = new long[total];
            int at = 0;
            for (long[] batch : batches) {
                System.arraycopy(batch, 0, all, at, batch.length);
                at += batch.length;
            }
            return all;
        } finally {
            session.findObjectsFinal();
        }
    }

    /** The objects of {@code objectClass} labelled exactly {@code label}. */
    public static long[] findLabelled(Session session, long objectClass, String label) throws PKCS11Exception {
        return find(session, new AttributeVector().class_(objectClass).label(label));
    }

    /** CKA_LABEL of an object, or null. */
    public static String label(Session session, long handle) throws PKCS11Exception {
        return session.getAttrValues(handle, CKA_LABEL).label();
    }

    /** CKA_VALUE of an object; null when the token withholds it (sensitive) or it has none. */
    public static byte[] value(Session session, long handle) throws PKCS11Exception {
        return session.getAttrValues(handle, CKA_VALUE).value();
    }

    /** Destroys every object of {@code objectClass} labelled {@code label}; returns how many. */
    public static int destroyLabelled(Session session, long objectClass, String label) throws PKCS11Exception {
        long[] found = findLabelled(session, objectClass, label);
        for (long handle : found) {
            session.destroyObject(handle);
        }
        return found.length;
    }

    /**
     * A private, unmodifiable token data object.
     *
     * @param application CKA_APPLICATION, which groups the store's data objects for listing
     */
    public static AttributeVector dataObject(String label, String application, byte[] value) {
        return new AttributeVector().class_(CKO_DATA).token(true).private_(true).modifiable(false)
                .label(label).application(application).value(value);
    }

    /**
     * Runs {@code call} with the cached handle of the single object of {@code objectClass} labelled
     * {@code label}; when the handle is stale, looks it up once more.
     *
     * @throws KeyStorageException {@code INTEGRITY} when the token has no such object, or several:
     *     the store's metadata names it, so the token was changed behind the store's back
     */
    public <T> T withObject(Session session, long objectClass, String label, HandleCall<T> call)
            throws PKCS11Exception, KeyStorageException {
        String key = objectClass + "|" + label;
        Long cached = handles.get(key);
        if (cached != null) {
            try {
                return call.apply(cached);
            } catch (PKCS11Exception e) {
                if (!Pkcs11Errors.isStaleHandle(e.getErrorCode())) {
                    throw e;
                }
                handles.remove(key, cached);
            }
        }
        long[] found = findLabelled(session, objectClass, label);
        if (found.length != 1) {
            throw new KeyStorageException(Reason.INTEGRITY, found.length == 0
                    ? "token object " + label + " is missing" : found.length + " token objects are labelled " + label);
        }
        handles.put(key, found[0]);
        return call.apply(found[0]);
    }

    private static boolean isLoggedIn(Session session) throws PKCS11Exception {
        long state = session.getSessionInfo().getState();
        return state == CKS_RW_USER_FUNCTIONS || state == CKS_RO_USER_FUNCTIONS;
    }

    /** Forgets the cached handles of {@code label}. */
    public void forget(String label) {
        handles.keySet().removeIf(k -> k.endsWith("|" + label));
    }

    /** Zeroes arrays the caller owns. */
    public static void zero(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }
}
