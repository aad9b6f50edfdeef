package io.ccl.tee.cca;

import io.ccl.attestation.api.VerificationContext;
import io.ccl.tee.api.Evidence;
import io.ccl.tee.cca.verify.PlatformKey;
import io.ccl.tee.cca.verify.PlatformKeys;
import io.ccl.tee.tck.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The CCA test vectors copied into this module (see testdata/README.md) and their trust anchors. */
public final class TestVectors {
    /** CCA tokens carry no time; the vectors are verified at this fixed instant. */
    public static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    /** Validity window given to the vectors' raw CPAKs so that verification time matters. */
    public static final Instant KEYS_FROM = Instant.parse("2020-01-01T00:00:00Z");
    public static final Instant KEYS_UNTIL = Instant.parse("2040-01-01T00:00:00Z");

    public static final String TRUSTEE_TOKEN = "trustee/cca_misc_cca-example-token.cbor";
    public static final String TRUSTEE_CPAK = "trustee/cca_misc_cpak-pub.json";
    public static final String TRUSTEE_TASTORE = "trustee/cca_conf_tastore.json";
    public static final String VERAISON_TOKEN = "veraison-services/arm-cca_evidence_cca-good.cbor";
    public static final String VERAISON_CPAK = "veraison-services/arm-cca_evidence_src_ec.p256.jwk";
    public static final String TAMPERED_REALM_CHALLENGE = "tampered/cca_realm_challenge_flipped.cbor";

    private TestVectors() {
    }

    public static byte[] read(String path) {
        try (InputStream in = TestVectors.class.getResourceAsStream("testdata/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test vector " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keys of a vector file, with the test validity window. */
    public static List<PlatformKey> keys(String path) {
        try {
            List<PlatformKey> out = new ArrayList<>();
            for (PlatformKey k : PlatformKeys.parse(path.substring(path.indexOf('/') + 1), read(path))) {
                out.add(k.withValidity(KEYS_FROM, KEYS_UNTIL));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Both vendors' CPAKs. */
    public static List<PlatformKey> allKeys() {
        List<PlatformKey> keys = new ArrayList<>(keys(TRUSTEE_CPAK));
        keys.addAll(keys(VERAISON_CPAK));
        return keys;
    }

    public static Evidence evidence(String path) {
        return new Evidence("cca", read(path));
    }

    public static List<Sample> samples() {
        return List.of(new Sample(TRUSTEE_TOKEN, evidence(TRUSTEE_TOKEN), VerificationContext.at(NOW)),
                new Sample(VERAISON_TOKEN, evidence(VERAISON_TOKEN), VerificationContext.at(NOW)));
    }
}
