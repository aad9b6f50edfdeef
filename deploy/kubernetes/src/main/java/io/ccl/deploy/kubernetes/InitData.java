package io.ccl.deploy.kubernetes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * The Kata / Confidential Containers initdata document of a runtime pod: the attestation agent's and
 * the confidential data hub's configuration (the KBS URL and certificate) and the Kata agent policy.
 *
 * <p>The text is fully determined by its inputs: keys in sorted order, {@code \n} line ends, fixed
 * spacing, no time stamps. Its digest (with {@link #algorithm()}) is what the Kata runtime hands the
 * TEE at launch — SEV-SNP {@code HOST_DATA} (32 bytes), TDX {@code MRCONFIGID} (48 bytes) — so the
 * verifier can appraise it as a reference value.
 */
public record InitData(String algorithm, byte[] toml) {
    /** The initdata specification version written in the document. */
    public static final String VERSION = "0.1.0";
    private static final HexFormat HEX = HexFormat.of();

    public InitData {
        if (!algorithm.equals("sha256") && !algorithm.equals("sha384") && !algorithm.equals("sha512")) {
            throw new IllegalArgumentException("initdata algorithm must be sha256, sha384 or sha512: " + algorithm);
        }
        toml = toml.clone();
    }

    /**
     * Builds the document.
     *
     * @param algorithm sha256, sha384 or sha512
     * @param kbsUrl    the KBS base URL (the verifier/key broker Service)
     * @param kbsCert   PEM of the KBS certificate, or empty for in-cluster plain HTTP
     * @param policy    the Kata agent policy (Rego)
     */
    public static InitData of(String algorithm, String kbsUrl, String kbsCert, String policy) {
        if (!kbsUrl.matches("https?://[A-Za-z0-9.:\\-\\[\\]]+(/[A-Za-z0-9._~/\\-]*)?")) {
            throw new IllegalArgumentException("kbs.url is not a plain http(s) URL");
        }
        String cert = kbsCert.strip();
        if (!cert.isEmpty() && !cert.matches("(?s)-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----")) {
            throw new IllegalArgumentException("kbs certificate is not a PEM certificate");
        }
        StringBuilder aa = new StringBuilder()
                .append("[token_configs]\n")
                .append("[token_configs.coco_as]\n")
                .append("url = ").append(basic(kbsUrl)).append('\n')
                .append('\n')
                .append("[token_configs.kbs]\n")
                .append("url = ").append(basic(kbsUrl)).append('\n');
        if (!cert.isEmpty()) {
            aa.append("cert = ").append(basic(cert)).append('\n');
        }
        StringBuilder cdh = new StringBuilder()
                .append("credentials = []\n")
                .append("socket = ").append(basic("unix:///run/confidential-containers/cdh.sock")).append('\n')
                .append('\n')
                .append("[kbc]\n");
        if (!cert.isEmpty()) {
            cdh.append("kbs_cert = ").append(basic(cert)).append('\n');
        }
        cdh.append("name = ").append(basic("cc_kbc")).append('\n')
                .append("url = ").append(basic(kbsUrl)).append('\n');

        Map<String, String> data = new TreeMap<>();
        data.put("aa.toml", aa.toString());
        data.put("cdh.toml", cdh.toString());
        data.put("policy.rego", policy.replace("\r\n", "\n").strip() + "\n");

        StringBuilder doc = new StringBuilder()
                .append("algorithm = ").append(basic(algorithm)).append('\n')
                .append("version = ").append(basic(VERSION)).append('\n')
                .append('\n')
                .append("[data]\n");
        data.forEach((name, content) -> doc.append(basic(name)).append(" = ").append(literal(content)).append('\n'));
        return new InitData(algorithm, doc.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** TOML basic string: quotes, backslashes and control characters escaped. */
    private static String basic(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** TOML multi-line literal string (content verbatim; the newline after the opening quotes is trimmed). */
    private static String literal(String s) {
        if (s.contains("'''")) {
            throw new IllegalArgumentException("initdata content may not contain '''");
        }
        return "'''\n" + s + "'''";
    }

    @Override
    public byte[] toml() {
        return toml.clone();
    }

    /** The digest of the document with {@code alg} (sha256, sha384, sha512). */
    public byte[] digest(String alg) {
        try {
            return MessageDigest.getInstance(switch (alg) {
                case "sha256" -> "SHA-256";
                case "sha384" -> "SHA-384";
                case "sha512" -> "SHA-512";
                default -> throw new IllegalArgumentException("unknown digest " + alg);
            }).digest(toml);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hex digest with the document's own algorithm. */
    public String digestHex() {
        return HEX.formatHex(digest(algorithm));
    }

    /** The digest as it appears in a launch field of {@code size} bytes: zero-padded or truncated. */
    public String launchField(int size) {
        return HEX.formatHex(Arrays.copyOf(digest(algorithm), size));
    }

    /** The pod annotation value {@code io.katacontainers.config.hypervisor.cc_init_data}: base64(gzip(toml)). */
    public String annotation() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
