package io.ccl.keys.pkcs11.layout;

import io.ccl.keys.api.ResourcePath;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CKA_LABEL and CKA_APPLICATION values of the store's objects, all under one namespace
 * ({@code ccl} by default) so several stores can share a token:
 *
 * <pre>
 * &lt;ns&gt;:key:&lt;name&gt;:v&lt;N&gt;                  key object(s) of version N (AES secret key, or EC private + public key)
 * &lt;ns&gt;:keymeta:&lt;name&gt;                   CKO_DATA, key metadata (JSON)
 * &lt;ns&gt;:secret:&lt;repo/type/tag&gt;:v&lt;N&gt;      CKO_DATA, the value of secret version N
 * &lt;ns&gt;:secretmeta:&lt;repo/type/tag&gt;         CKO_DATA, secret metadata (JSON)
 * </pre>
 *
 * Key names and resource path parts are {@code [A-Za-z0-9._-]}, so a label never contains a
 * stray {@code :} and parses back unambiguously.
 */
public final class Labels {
    private static final String NAME = "[A-Za-z0-9._-]{1,128}";
    private static final String VERSION = ":v([1-9][0-9]{0,9})";

    private final String namespace;
    private final Pattern keyVersion;
    private final Pattern secretVersion;

    public Labels(String namespace) {
        this.namespace = namespace;
        this.keyVersion = Pattern.compile(Pattern.quote(namespace + ":key:") + "(" + NAME + ")" + VERSION);
        this.secretVersion = Pattern.compile(Pattern.quote(namespace + ":secret:") + "(" + NAME + "/" + NAME + "/" + NAME + ")" + VERSION);
    }

    /** A key version (or secret version) named by a label. */
    public record Versioned(String name, int version) {
    }

    public String namespace() {
        return namespace;
    }

    /** CKA_APPLICATION of metadata objects. */
    public String metadataApplication() {
        return "io.ccl.keys.pkcs11/" + namespace + "/meta";
    }

    /** CKA_APPLICATION of secret value objects. */
    public String secretApplication() {
        return "io.ccl.keys.pkcs11/" + namespace + "/secret";
    }

    public String keyVersion(String name, int version) {
        return namespace + ":key:" + name + ":v" + version;
    }

    public String keyMetadata(String name) {
        return namespace + ":keymeta:" + name;
    }

    public String secretVersion(ResourcePath path, int version) {
        return namespace + ":secret:" + path + ":v" + version;
    }

    public String secretMetadata(ResourcePath path) {
        return namespace + ":secretmeta:" + path;
    }

    /** The key name of a key metadata label. */
    public Optional<String> parseKeyMetadata(String label) {
        String prefix = namespace + ":keymeta:";
        return label != null && label.startsWith(prefix) ? Optional.of(label.substring(prefix.length())) : Optional.empty();
    }

    /** The resource path of a secret metadata label. */
    public Optional<ResourcePath> parseSecretMetadata(String label) {
        String prefix = namespace + ":secretmeta:";
        if (label == null || !label.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ResourcePath.parse(label.substring(prefix.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Key name and version of a key object label. */
    public Optional<Versioned> parseKeyVersion(String label) {
        return parse(keyVersion, label);
    }

    /** Resource path ({@code repo/type/tag}) and version of a secret value label. */
    public Optional<Versioned> parseSecretVersion(String label) {
        return parse(secretVersion, label);
    }

    private static Optional<Versioned> parse(Pattern pattern, String label) {
        if (label == null) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(label);
        if (!m.matches()) {
            return Optional.empty();
        }
        long version = Long.parseLong(m.group(2));
        return version > Integer.MAX_VALUE ? Optional.empty() : Optional.of(new Versioned(m.group(1), (int) version));
    }
}
