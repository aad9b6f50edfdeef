package io.ccl.keys.pkcs11.layout;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_DATA;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccl.keys.pkcs11.token.Pkcs11Errors;
import io.ccl.keys.pkcs11.token.TokenObjects;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * JSON metadata kept in private CKO_DATA token objects, replaced atomically by generations.
 *
 * <p>A token offers no atomic in-place update: SoftHSM 2.6 refuses to change the CKA_VALUE of a
 * data object ({@code CKR_ATTRIBUTE_READ_ONLY}), and where a token allows it nothing promises that
 * a crash mid-write leaves the old value. So an update creates a <em>new</em> object with the same
 * label and {@code "generation": g+1}, and only then destroys generation g. Creating and
 * destroying one object are the smallest atomic steps PKCS#11 has. After a crash the token holds
 * the old generation, or both (the newest valid one wins and the other is destroyed at the next
 * start), or only the new one; never a half-written state that the store would accept: an object
 * whose JSON does not parse is ignored in favour of a valid older generation, and is reported as
 * broken when it is the only one.
 */
public final class MetadataObjects {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataObjects.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String application;

    public MetadataObjects(String application) {
        this.application = application;
    }

    /** One current metadata object. */
    public record Stored(String label, long handle, long generation, JsonNode root) {
    }

    /**
     * The result of a scan.
     *
     * @param current per label, the newest valid generation
     * @param broken labels whose every object failed to parse
     * @param superseded how many older or invalid objects were destroyed
     */
    public record Loaded(Map<String, Stored> current, Set<String> broken, int superseded) {
    }

    /** Reads every metadata object of this store and destroys superseded generations. */
    public Loaded loadAll(Session session) throws PKCS11Exception {
        long[] handles = TokenObjects.find(session, new AttributeVector().class_(CKO_DATA).application(application));
        Map<String, List<Stored>> byLabel = new HashMap<>();
        for (long handle : handles) {
            AttributeVector attributes = session.getAttrValues(handle, CKA_LABEL, CKA_VALUE);
            String label = attributes.label();
            if (label == null) {
                continue;
            }
            byLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(parse(label, handle, attributes.value()));
        }
        Map<String, Stored> current = new HashMap<>();
        Set<String> broken = new TreeSet<>();
        int superseded = 0;
        for (Map.Entry<String, List<Stored>> e : byLabel.entrySet()) {
            Stored newest = null;
            for (Stored s : e.getValue()) {
                if (s.root() != null && (newest == null || s.generation() > newest.generation())) {
                    newest = s;
                }
            }
            if (newest == null) {
                broken.add(e.getKey());
                LOG.error("metadata object {} does not parse; its key or secret is unusable until an operator repairs it", e.getKey());
                continue;
            }
            current.put(e.getKey(), newest);
            for (Stored s : e.getValue()) {
                if (s != newest) {
                    session.destroyObject(s.handle());
                    superseded++;
                    LOG.info("destroyed superseded metadata object {} (generation {}; current {})", e.getKey(),
                            s.root() == null ? "unreadable" : s.generation(), newest.generation());
                }
            }
        }
        return new Loaded(current, broken, superseded);
    }

    /**
     * Writes {@code root} as the next generation of {@code label}, then destroys {@code previous}.
     * Once the new object exists the write has happened, whatever becomes of the old one.
     *
     * @param previous the current object, or null when there is none
     */
    public Stored replace(Session session, Stored previous, String label, ObjectNode root) throws PKCS11Exception {
        long generation = previous == null ? 1 : previous.generation() + 1;
        root.put("generation", generation);
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        long handle = session.createObject(TokenObjects.dataObject(label, application, json));
        if (previous != null) {
            try {
                session.destroyObject(previous.handle());
            } catch (PKCS11Exception e) {
                LOG.warn("metadata {} generation {} is written, but generation {} could not be destroyed ({}); "
                        + "the next start removes it", label, generation, previous.generation(), Pkcs11Errors.name(e.getErrorCode()));
            }
        }
        return new Stored(label, handle, generation, root);
    }

    /** Destroys the current object of a label. */
    public void remove(Session session, Stored stored) throws PKCS11Exception {
        session.destroyObject(stored.handle());
    }

    /** A fresh JSON object to fill. */
    public static ObjectNode newRoot() {
        return MAPPER.createObjectNode();
    }

    private static Stored parse(String label, long handle, byte[] value) {
        if (value == null) {
            return new Stored(label, handle, 0, null);
        }
        try {
            JsonNode root = MAPPER.readTree(value);
            if (root == null || !root.isObject() || !root.path("generation").canConvertToLong() || root.path("generation").asLong() < 1) {
                return new Stored(label, handle, 0, null);
            }
            return new Stored(label, handle, root.path("generation").asLong(), root);
        } catch (IOException e) {
            return new Stored(label, handle, 0, null);
        }
    }
}
