package io.ccl.agents.voice.analysis;

import io.ccl.agents.voice.analysis.pii.Category;
import io.ccl.agents.voice.analysis.pii.MaskResult;
import io.ccl.agents.voice.analysis.pii.Names;
import io.ccl.agents.voice.analysis.pii.PhoneNumbers;
import io.ccl.agents.voice.analysis.pii.TextMasker;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Masks personal data in transcripts and call metadata.
 *
 * <table>
 * <caption>What is masked</caption>
 * <tr><th>kind</th><th>recognised when</th><th>replaced by</th></tr>
 * <tr><td>phone number</td><td>{@code +}/{@code 00} and 8–15 digits; Italian mobile and
 * geographic numbers with or without {@code +39}/{@code 0039}; spaces, dots, dashes, slashes,
 * parentheses</td><td>{@code sha256:} + 32 hex digits (below)</td></tr>
 * <tr><td>e-mail</td><td>{@code local@domain.tld}, and spoken ("… chiocciola … punto …")</td><td>{@code [EMAIL]}</td></tr>
 * <tr><td>IBAN</td><td>registered country and length, ISO 13616 mod-97 check, and the CIN for
 * IT/SM; with or without spaces</td><td>{@code [IBAN]}</td></tr>
 * <tr><td>payment card</td><td>13–19 digits, Luhn check, spaces or dashes</td><td>{@code [CARD]}</td></tr>
 * <tr><td>codice fiscale</td><td>16 characters in the official layout (omocodia included), valid
 * birth day and check letter</td><td>{@code [CODICE_FISCALE]}</td></tr>
 * <tr><td>name</td><td>a name passed to {@link #mask(String, Collection)}, whole word,
 * case-insensitive</td><td>{@code [NAME]}</td></tr>
 * <tr><td>long number</td><td>9 or more digits that are none of the above (cards and IBANs
 * failing their check included), or 12 digits in a row inside a word</td><td>{@code [NUMBER]}</td></tr>
 * </table>
 *
 * <p><b>Security guarantees.</b> A phone number is replaced by
 * {@code "sha256:" + hex(HMAC-SHA256(deploymentKey, E.164 form)[0..16])}: the same number gives the
 * same token within a deployment however it was written, so calls can be correlated, but the
 * token cannot be reversed by hashing every possible phone number (about 10¹⁰ Italian numbers take
 * minutes with plain SHA-256) without the deployment key. The output is truncated to 128 bits,
 * ample against collisions among a deployment's callers. The key is copied, never logged nor shown
 * by {@link #toString()}, and wiped by {@link #close()}. A value whose checksum fails is not masked
 * as that kind: as a long number when it has 9 digits or more, otherwise not at all (see the
 * README). Names are only masked when given: there is no name recognition.
 *
 * <p>Thread-safe until closed.
 */
public final class PiiMasker implements AutoCloseable {
    /** Shortest accepted deployment key. */
    public static final int MIN_KEY_BYTES = 16;
    /** Bytes of the HMAC kept in a phone token. */
    public static final int PHONE_TOKEN_BYTES = 16;
    private static final String HMAC = "HmacSHA256";

    private final byte[] key;
    private final TextMasker masker;
    private volatile boolean closed;

    /**
     * @param deploymentKey the per-deployment HMAC key, at least {@value #MIN_KEY_BYTES} bytes (32
     *        recommended; from the key broker, never a constant); copied
     */
    public PiiMasker(byte[] deploymentKey) {
        if (deploymentKey == null || deploymentKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the deployment key needs at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = deploymentKey.clone();
        this.masker = new TextMasker(this::tokenOf);
    }

    /** Masks a text without names. */
    public MaskedText mask(String text) {
        return mask(text, List.of());
    }

    /**
     * Masks a text.
     *
     * @param names names to mask as {@code [NAME]} (see {@link Names#of})
     * @throws IllegalArgumentException for a text over 1,000,000 characters or an invalid name
     */
    public MaskedText mask(String text, Collection<String> names) {
        return mask(text, Names.of(names));
    }

    MaskedText mask(String text, Names names) {
        MaskResult r = maskDetailed(text, names);
        return new MaskedText(r.text(), counts(r));
    }

    MaskResult maskDetailed(String text, Names names) {
        if (closed) {
            throw new IllegalStateException("the masker is closed");
        }
        return masker.mask(text, names);
    }

    /**
     * The token that replaces a phone number given on its own (metadata): normalised first (see
     * README), so it equals the token of the same number found in a transcript.
     *
     * @throws IllegalArgumentException when it is not a phone number (the message never contains it)
     */
    public String phoneToken(String phoneNumber) {
        String normalised = PhoneNumbers.normalise(phoneNumber);
        return tokenOf(normalised);
    }

    private String tokenOf(String e164) {
        if (closed) {
            throw new IllegalStateException("the masker is closed");
        }
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            byte[] h = mac.doFinal(e164.getBytes(StandardCharsets.US_ASCII));
            StringBuilder s = new StringBuilder("sha256:");
            for (int i = 0; i < PHONE_TOKEN_BYTES; i++) {
                s.append(Character.forDigit((h[i] >> 4) & 0xf, 16)).append(Character.forDigit(h[i] & 0xf, 16));
            }
            return s.toString();
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("the deployment key was refused by " + HMAC, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available", e);
        }
    }

    static PiiCounts counts(MaskResult r) {
        return new PiiCounts(r.count(Category.PHONE), r.count(Category.EMAIL), r.count(Category.IBAN),
                r.count(Category.CARD), r.count(Category.CODICE_FISCALE), r.count(Category.NAME),
                r.count(Category.NUMBER));
    }

    /** Wipes the key; the masker cannot hash phone numbers afterwards. */
    @Override
    public void close() {
        closed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "PiiMasker[key=<redacted>]";
    }
}
