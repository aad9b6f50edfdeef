package io.ccl.keys.pkcs11.token;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_NOT_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKS_RO_USER_FUNCTIONS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKS_RW_USER_FUNCTIONS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenException;
import org.xipki.pkcs11.wrapper.TokenInfo;

/**
 * A logged-in token and a small pool of read/write sessions, safe for concurrent use.
 *
 * <ul>
 *   <li>At most {@code sessions} calls run at once; a call waits up to 30 s for a session, then
 *       fails with {@code UNAVAILABLE}. A {@link Session} is used by one thread at a time (the
 *       wrapper's sessions keep per-operation state).</li>
 *   <li>Login state belongs to the application, not to a session (PKCS#11 v3.0 §5.6): one
 *       {@code C_Login} serves every session, and closing the last session logs out. An "anchor"
 *       session that is never used for work keeps the login alive while work sessions come and go.</li>
 *   <li>A borrowed session that is not in a user state, or a call that returns
 *       {@code CKR_USER_NOT_LOGGED_IN}, triggers one re-login and one retry.</li>
 *   <li>A session whose call failed is closed, not reused: SoftHSM 2.6 leaves the failed operation
 *       active on the session ({@code CKR_OPERATION_ACTIVE} on the next call), and opening a
 *       session costs ~30 µs.</li>
 * </ul>
 */
public final class TokenSessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenSessions.class);
    private static final long BORROW_TIMEOUT_SECONDS = 30;

    /** Work done with one session. */
    @FunctionalInterface
    public interface SessionCall<T> {
        T apply(Session session) throws TokenException, KeyStorageException;
    }

    private final PKCS11Module module;
    private final Token token;
    private final String description;
    private final char[] pin;
    private final int size;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Session> idle = new ConcurrentLinkedDeque<>();
    private final Object loginLock = new Object();
    private Session anchor;
    private volatile boolean closed;

    private TokenSessions(PKCS11Module module, Token token, String description, char[] pin, int size) {
        this.module = module;
        this.token = token;
        this.description = description;
        this.pin = pin;
        this.size = size;
        this.permits = new Semaphore(size, true);
    }

    /**
     * Loads the module (shared per library path), selects the token, reads the PIN and logs in.
     *
     * @throws KeyStorageException {@code UNAVAILABLE} when the library, the token or the PIN is
     *     missing, or the token refuses the login
     */
    public static TokenSessions open(Pkcs11Settings settings) throws KeyStorageException {
        PKCS11Module module = ModuleRegistry.acquire(settings.library());
        char[] pin = null;
        try {
            Token token = select(module, settings);
            TokenInfo info = token.getTokenInfo();
            if (!info.isTokenInitialized()) {
                throw new KeyStorageException(Reason.UNAVAILABLE, settings.describeToken() + " is not initialised");
            }
            String description = "token '" + info.getLabel().trim() + "' (" + info.getManufacturerID().trim() + " "
                    + info.getModel().trim() + ", serial " + info.getSerialNumber().trim() + ")";
            pin = settings.pin().read();
            TokenSessions sessions = new TokenSessions(module, token, description, pin, settings.sessions());
            sessions.anchor = token.openSession(true);
            sessions.login(sessions.anchor);
            return sessions;
        } catch (PKCS11Exception e) {
            cleanUp(module, pin);
            throw Pkcs11Errors.map(e, "opening " + settings.describeToken());
        } catch (TokenException e) {
            cleanUp(module, pin);
            throw new KeyStorageException(Reason.UNAVAILABLE, "opening " + settings.describeToken() + ": " + e.getMessage());
        } catch (KeyStorageException | RuntimeException e) {
            cleanUp(module, pin);
            throw e;
        }
    }

    private static void cleanUp(PKCS11Module module, char[] pin) {
        if (pin != null) {
            Arrays.fill(pin, '\0');
        }
        ModuleRegistry.release(module);
    }

    private static Token select(PKCS11Module module, Pkcs11Settings settings) throws TokenException, KeyStorageException {
        Slot[] slots = module.getSlotList(true);
        if (settings.slotIndex().isPresent()) {
            int index = settings.slotIndex().getAsInt();
            if (index >= slots.length) {
                throw new KeyStorageException(Reason.UNAVAILABLE,
                        "slot index " + index + " is out of range: " + slots.length + " slots hold a token");
            }
            return slots[index].getToken();
        }
        String wanted = settings.tokenLabel().orElseThrow();
        List<Token> matches = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Slot slot : slots) {
            Token candidate = slot.getToken();
            String label = candidate.getTokenInfo().getLabel().trim();
            labels.add(label);
            if (label.equals(wanted)) {
                matches.add(candidate);
            }
        }
        if (matches.size() != 1) {
            throw new KeyStorageException(Reason.UNAVAILABLE, (matches.isEmpty() ? "no" : "more than one") + " token labelled '"
                    + wanted + "' (tokens present: " + labels + ")");
        }
        return matches.get(0);
    }

    /** Label, maker, model and serial number of the token. */
    public String description() {
        return description;
    }

    /** Runs {@code call} with a logged-in session; PKCS#11 errors become {@link KeyStorageException}s. */
    public <T> T call(String what, SessionCall<T> call) throws KeyStorageException {
        return run(what, false, call);
    }

    /**
     * As {@link #call}, for a call that checks authenticated input (GCM decryption, key
     * unwrapping): a failure the token reports for bad input becomes {@code INTEGRITY} if the
     * token still answers {@code C_GetTokenInfo}, so a dead device is not mistaken for tampering.
     */
    public <T> T callAuthenticated(String what, SessionCall<T> call) throws KeyStorageException {
        return run(what, true, call);
    }

    private <T> T run(String what, boolean authenticated, SessionCall<T> call) throws KeyStorageException {
        acquire(what);
        try {
            Session session = borrow();
            boolean reusable = false;
            try {
                T result = applyWithRelogin(session, call);
                reusable = true;
                return result;
            } catch (PKCS11Exception e) {
                if (authenticated && Pkcs11Errors.isIntegrityFailure(e.getErrorCode()) && tokenAnswers()) {
                    throw new KeyStorageException(Reason.INTEGRITY, what + ": authenticated data did not verify ("
                            + Pkcs11Errors.name(e.getErrorCode()) + ")");
                }
                throw Pkcs11Errors.map(e, what);
            } catch (TokenException e) {
                throw new KeyStorageException(Reason.UNAVAILABLE, what + ": " + e.getMessage());
            } finally {
                if (reusable && !closed) {
                    idle.push(session);
                } else {
                    closeQuietly(session);
                }
            }
        } catch (PKCS11Exception e) {
            throw Pkcs11Errors.map(e, what);
        } finally {
            permits.release();
        }
    }

    private <T> T applyWithRelogin(Session session, SessionCall<T> call) throws TokenException, KeyStorageException {
        try {
            return call.apply(session);
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() != CKR_USER_NOT_LOGGED_IN) {
                throw e;
            }
            LOG.info("{}: session lost its login (CKR_USER_NOT_LOGGED_IN); logging in again", description);
            login(session);
            return call.apply(session);
        }
    }

    private void acquire(String what) throws KeyStorageException {
        if (closed) {
            throw new KeyStorageException(Reason.UNAVAILABLE, what + ": the PKCS#11 store is closed");
        }
        try {
            if (!permits.tryAcquire(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new KeyStorageException(Reason.UNAVAILABLE,
                        what + ": no PKCS#11 session free after " + BORROW_TIMEOUT_SECONDS + " s (pool of " + size + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyStorageException(Reason.UNAVAILABLE, what + ": interrupted while waiting for a PKCS#11 session");
        }
        if (closed) {
            permits.release();
            throw new KeyStorageException(Reason.UNAVAILABLE, what + ": the PKCS#11 store is closed");
        }
    }

    private Session borrow() throws PKCS11Exception {
        Session session = idle.poll();
        if (session == null) {
            session = token.openSession(true);
        }
        try {
            long state = session.getSessionInfo().getState();
            if (state != CKS_RW_USER_FUNCTIONS && state != CKS_RO_USER_FUNCTIONS) {
                LOG.info("{}: not logged in (session state {}); logging in again", description, state);
                login(session);
            }
            return session;
        } catch (PKCS11Exception e) {
            closeQuietly(session);
            throw e;
        }
    }

    private void login(Session session) throws PKCS11Exception {
        synchronized (loginLock) {
            try {
                session.login(CKU_USER, pin);
            } catch (PKCS11Exception e) {
                if (e.getErrorCode() != CKR_USER_ALREADY_LOGGED_IN) {
                    throw e;
                }
            }
        }
    }

    private boolean tokenAnswers() {
        try {
            token.getTokenInfo();
            return true;
        } catch (PKCS11Exception e) {
            return false;
        }
    }

    /**
     * Closes every session of this store (never {@code C_CloseAllSessions}, which would also close
     * other stores' sessions on the same token), zeroes the PIN and releases the module. Waits up
     * to 30 s for calls in progress.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean drained = false;
        try {
            drained = permits.tryAcquire(size, BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!drained) {
            LOG.warn("{}: closing while calls are still running", description);
        }
        for (Session s = idle.poll(); s != null; s = idle.poll()) {
            closeQuietly(s);
        }
        synchronized (loginLock) {
            closeQuietly(anchor);
            Arrays.fill(pin, '\0');
        }
        ModuleRegistry.release(module);
    }

    private static void closeQuietly(Session session) {
        if (session == null) {
            return;
        }
        try {
            session.closeSession();
        } catch (PKCS11Exception e) {
            LOG.debug("closing a PKCS#11 session failed: {}", Pkcs11Errors.name(e.getErrorCode()));
        }
    }

    @Override
    public String toString() {
        return "TokenSessions[" + description + ", " + size + " sessions]";
    }
}
