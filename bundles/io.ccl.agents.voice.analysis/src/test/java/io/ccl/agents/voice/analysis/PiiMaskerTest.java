package io.ccl.agents.voice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.agents.voice.analysis.pii.PiiSamples;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiiMaskerTest {
    static final byte[] KEY = "test-deployment-key-32-bytes-ok!".getBytes(StandardCharsets.US_ASCII);
    private final PiiMasker masker = new PiiMasker(KEY);

    @AfterEach
    void close() {
        masker.close();
    }

    /** The expected token, computed here with the JDK's HMAC directly. */
    static String token(String e164) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] h = mac.doFinal(e164.getBytes(StandardCharsets.US_ASCII));
        return "sha256:" + HexFormat.of().formatHex(h, 0, 16);
    }

    String masked(String text) {
        return masker.mask(text).text();
    }

    static Stream<Arguments> phones() {
        return Stream.of(
                // Italian mobile, every usual notation
                Arguments.of("+39 333 123 4567", "+393331234567"),
                Arguments.of("+39 333 1234567", "+393331234567"),
                Arguments.of("+393331234567", "+393331234567"),
                Arguments.of("0039 333 1234567", "+393331234567"),
                Arguments.of("0039-333-123-4567", "+393331234567"),
                Arguments.of("(+39) 333 1234567", "+393331234567"),
                Arguments.of("+39 (333) 123 4567", "+393331234567"),
                Arguments.of("333 1234567", "+393331234567"),
                Arguments.of("333 123 4567", "+393331234567"),
                Arguments.of("333-123-4567", "+393331234567"),
                Arguments.of("333.123.4567", "+393331234567"),
                Arguments.of("333/1234567", "+393331234567"),
                Arguments.of("3331234567", "+393331234567"),
                Arguments.of("333\u00A0123\u00A04567", "+393331234567"),
                Arguments.of("39 333 1234567", "+393331234567"),
                Arguments.of("347 12 34 567", "+393471234567"),
                Arguments.of("3 3 3 1 2 3 4 5 6 7", "+393331234567"),
                Arguments.of("333\n1234567", "+393331234567"),
                Arguments.of("333, 123 4567", "+393331234567"),
                Arguments.of("333. 1234567", "+393331234567"),
                Arguments.of("333; 123; 4567", "+393331234567"),
                Arguments.of("320 123456", "+39320123456"),
                // Italian landlines
                Arguments.of("06 1234 5678", "+390612345678"),
                Arguments.of("06-12345678", "+390612345678"),
                Arguments.of("(06) 12345678", "+390612345678"),
                Arguments.of("+39 06 1234 5678", "+390612345678"),
                Arguments.of("0039 06 12345678", "+390612345678"),
                Arguments.of("02/12345678", "+390212345678"),
                Arguments.of("0471 123456", "+390471123456"),
                Arguments.of("011.1234567", "+390111234567"),
                // International
                Arguments.of("+44 20 7946 0958", "+442079460958"),
                Arguments.of("0044 20 7946 0958", "+442079460958"),
                Arguments.of("+1 (555) 123-4567", "+15551234567"),
                Arguments.of("+49 30 12345678", "+493012345678"),
                Arguments.of("+33 1 23 45 67 89", "+33123456789"),
                Arguments.of("+41.44.668.18.00", "+41446681800"),
                Arguments.of("+86 138 0013 8000", "+8613800138000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("phones")
    void phoneNumbersBecomeTheKeyedHashOfTheirE164Form(String written, String e164) throws Exception {
        MaskedText m = masker.mask("Mi chiami al " + written + ", grazie.");
        assertEquals("Mi chiami al " + token(e164) + ", grazie.", m.text());
        assertEquals(1, m.counts().phone());
        assertEquals(1, m.counts().total());
        if (written.matches("[0-9+ .()/\u00A0-]+")) {
            assertEquals(token(e164), masker.phoneToken(written), "the metadata form hashes the same");
        }
    }

    static Stream<Arguments> unchanged() {
        return Stream.of(
                Arguments.of("shipment id", "Spedizione SHP-2026-000123 confermata."),
                Arguments.of("lower-case shipment id", "rif. shp-2026-000123/a"),
                Arguments.of("date with slashes", "consegna il 21/11/2026"),
                Arguments.of("date with dots", "consegna il 01.12.2026"),
                Arguments.of("ISO date", "pickup 2026-11-21 at 08:30"),
                Arguments.of("short date", "il 01/12/26"),
                Arguments.of("date then count", "consegna il 21/11/2026 12 pallet"),
                Arguments.of("date, line break, count", "consegna il 2026-11-21\n12 pallet"),
                Arguments.of("punctuated small numbers", "lotti 12, 45; 33. Totale 90"),
                Arguments.of("time", "alle 14:30 oppure alle 14.30"),
                Arguments.of("amount", "costo € 1.250,00 IVA inclusa"),
                Arguments.of("large amount", "valore merce 1.250.000 euro"),
                Arguments.of("amount with millions", "fattura da 350.000.000 lire"),
                Arguments.of("weight", "peso 24.000 kg su 33 pallet"),
                Arguments.of("postcode", "CAP 20121 Milano"),
                Arguments.of("order number", "ordine n. 45678, lotto 12345678"),
                Arguments.of("plate", "targa AB 123 CD"),
                Arguments.of("container", "container MSCU1234567 al porto"),
                Arguments.of("version", "versione 1.2.3 del software"),
                Arguments.of("temperature", "mantenere a +5 gradi"),
                Arguments.of("year and counts", "nel 2026 abbiamo fatto 120 viaggi"),
                Arguments.of("sentence end then number", "Il numero è 12. 45 colli."),
                Arguments.of("invalid codice fiscale", "codice RSSMRA80A01H501A"),
                Arguments.of("at without domain dot", "see you at home tomorrow"),
                Arguments.of("at sign without domain", "scrivi a @mario oppure mario@"),
                Arguments.of("speech placeholder", "[speech 3.2s] [speech 12.0s]"),
                Arguments.of("particle names are not masked alone", "la casa di fronte"),
                Arguments.of("all together",
                        "Rif. SHP-2026-000123 del 21/11/2026 alle 14:30: 33 pallet, 24.000 kg, € 1.250,00, CAP 20121."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unchanged")
    void noFalsePositives(String what, String text) {
        MaskedText m = masker.mask(text, List.of("Anna Di Stefano"));
        assertEquals(text, m.text(), what);
        assertEquals(0, m.counts().total());
    }

    static Stream<Arguments> emails() {
        return Stream.of(
                Arguments.of("mario.rossi@example.com"),
                Arguments.of("MARIO_ROSSI+ordini@sub.example.co.uk"),
                Arguments.of("m.rossi1980@libero.it"),
                Arguments.of("info@trasporti-rossi.it"),
                Arguments.of("mario punto rossi chiocciola gmail punto com"),
                Arguments.of("john dot doe at acme dot com"),
                Arguments.of("logistica chiocciola azienda punto it"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emails")
    void emailAddressesAreMasked(String email) {
        MaskedText m = masker.mask("scrivete a " + email + ". Grazie");
        assertEquals("scrivete a [EMAIL]. Grazie", m.text());
        assertEquals(1, m.counts().email());
        assertEquals(1, m.counts().total());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b", "mario@localhost", "user@123.456", "@example.com", "mario@-bad-.com"})
    void thingsThatOnlyLookLikeEmailsAreNot(String text) {
        assertEquals(0, masker.mask(text).counts().email(), text);
    }

    static Stream<Arguments> ibans() {
        String generated = PiiSamples.italianIban("03069", "09606", "100000012345");
        return Stream.of(
                Arguments.of("IT60X0542811101000000123456"),
                Arguments.of("IT60 X054 2811 1010 0000 0123 456"),
                Arguments.of("it60 x054 2811 1010 0000 0123 456"),
                Arguments.of("IT60-X054-2811-1010-0000-0123-456"),
                Arguments.of(generated),
                Arguments.of(PiiSamples.grouped(generated, " ")),
                Arguments.of("GB82 WEST 1234 5698 7654 32"),
                Arguments.of("DE89370400440532013000"),
                Arguments.of("FR14 2004 1010 0505 0001 3M02 606"),
                Arguments.of("NO93 8601 1117 947"),
                Arguments.of("SM86U0322509800000000270100"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ibans")
    void validIbansAreMasked(String iban) {
        MaskedText m = masker.mask("IBAN: " + iban + ", intestato alla ditta.");
        assertEquals("IBAN: [IBAN], intestato alla ditta.", m.text());
        assertEquals(1, m.counts().iban());
        assertEquals(1, m.counts().total());
    }

    @Test
    void ibansFailingTheirChecksAreNotIbansButTheirDigitsAreStillHidden() {
        MaskedText compact = masker.mask("IBAN IT61X0542811101000000123456 ok");
        assertEquals("IBAN [NUMBER] ok", compact.text());
        assertEquals(0, compact.counts().iban());
        assertEquals(1, compact.counts().number());

        MaskedText spaced = masker.mask("IBAN IT61 X054 2811 1010 0000 0123 456 ok");
        assertEquals(0, spaced.counts().iban());
        assertFalse(spaced.text().contains("2811"), spaced.text());
        assertFalse(spaced.text().contains("0123"), spaced.text());

        String wrongCin = PiiSamples.iban("IT", "Y0542811101000000123456");
        assertEquals("x [NUMBER] y", masker.mask("x " + wrongCin + " y").text());
    }

    static Stream<Arguments> cards() {
        return Stream.of(
                Arguments.of("4111 1111 1111 1111"),
                Arguments.of("4111-1111-1111-1111"),
                Arguments.of("4111111111111111"),
                Arguments.of("5555 5555 5555 4444"),
                Arguments.of("3782 822463 10005"),
                Arguments.of("6011 1111 1111 1117"),
                Arguments.of("4222222222222"),
                Arguments.of("3056 930902 5904"),
                Arguments.of(PiiSamples.luhn("400000000000000000")),
                Arguments.of(PiiSamples.grouped(PiiSamples.luhn("535353535353535"), " ")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cards")
    void validCardNumbersAreMasked(String card) {
        MaskedText m = masker.mask("la carta " + card + " scade 12/28");
        assertEquals("la carta [CARD] scade 12/28", m.text());
        assertEquals(1, m.counts().card());
        assertEquals(1, m.counts().total());
    }

    @Test
    void cardNumbersFailingLuhnAreLongNumbersNotCards() {
        MaskedText m = masker.mask("carta 4111 1111 1111 1112 grazie");
        assertEquals("carta [NUMBER] grazie", m.text());
        assertEquals(0, m.counts().card());
        assertEquals(1, m.counts().number());
    }

    static Stream<Arguments> codiciFiscali() {
        return Stream.of(
                Arguments.of("RSSMRA80A01H501U"),
                Arguments.of("rssmra80a01h501u"),
                Arguments.of("MRTMTT25D09F205Z"),
                Arguments.of(PiiSamples.codiceFiscale("BNCLRA85M52F205")),
                Arguments.of(PiiSamples.codiceFiscale("RSSMRA80A01H50R")),
                Arguments.of(PiiSamples.codiceFiscale("RSSMRANPALMHSLR")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codiciFiscali")
    void validCodiciFiscaliAreMasked(String cf) {
        MaskedText m = masker.mask("codice fiscale " + cf + ".");
        assertEquals("codice fiscale [CODICE_FISCALE].", m.text());
        assertEquals(1, m.counts().codiceFiscale());
        assertEquals(1, m.counts().total());
    }

    @Test
    void givenNamesAreMaskedAsWholeWordsInAnyCase() {
        MaskedText m = masker.mask("Buongiorno sig. ROSSI, parlo con Mario Rossi? Sì, mario rossi. Marione no. "
                + "La signora D’Angelo e Anna Di  Stefano.", List.of("Mario Rossi", "Lucia D'Angelo", "Anna Di Stefano"));
        assertEquals("Buongiorno sig. [NAME], parlo con [NAME]? Sì, [NAME]. Marione no. "
                + "La signora [NAME] e [NAME].", m.text());
        assertEquals(5, m.counts().name());
    }

    @Test
    void invalidNamesAreRefusedWithoutEchoingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> masker.mask("x", List.of("Mario 3331234567")));
        assertFalse(e.getMessage().contains("333"));
        assertThrows(IllegalArgumentException.class, () -> masker.mask("x", List.of(" ")));
    }

    @Test
    void longDigitRunsThatAreNothingElseAreMaskedAsNumbers() {
        assertEquals("conto [NUMBER] presso", masked("conto 123456789012 presso"));
        assertEquals("pratica [NUMBER]", masked("pratica 555 123 4567"));
        assertEquals("rif [NUMBER]", masked("rif ABC1234567890123"));
        assertEquals("ordine 12345678", masked("ordine 12345678"));
    }

    @Test
    void everythingInOneTextIsCounted() throws Exception {
        String text = "Sono Mario Rossi, cell 333 1234567 o fisso 06 12345678, mail mario.rossi@example.com, "
                + "IBAN IT60 X054 2811 1010 0000 0123 456, carta 4111 1111 1111 1111, CF RSSMRA80A01H501U, "
                + "spedizione SHP-2026-000123.";
        MaskedText m = masker.mask(text, List.of("Mario Rossi"));
        assertEquals("Sono [NAME], cell " + token("+393331234567") + " o fisso " + token("+390612345678")
                + ", mail [EMAIL], IBAN [IBAN], carta [CARD], CF [CODICE_FISCALE], spedizione SHP-2026-000123.",
                m.text());
        assertEquals(new PiiCounts(2, 1, 1, 1, 1, 1, 0), m.counts());
    }

    @Test
    void phoneTokensAreKeyedPerDeployment() throws Exception {
        String here = masker.phoneToken("+39 333 1234567");
        assertTrue(here.matches("sha256:[0-9a-f]{32}"), here);
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        try (PiiMasker other = new PiiMasker(otherKey)) {
            assertNotEquals(here, other.phoneToken("+39 333 1234567"));
        }
        assertNotEquals(here, masker.phoneToken("+39 333 1234568"));
    }

    @Test
    void theKeyIsCopiedHiddenAndWipedOnClose() throws Exception {
        byte[] key = KEY.clone();
        PiiMasker m = new PiiMasker(key);
        key[0] ^= 1;
        assertEquals(token("+393331234567"), m.phoneToken("3331234567"), "later changes to the array do not matter");
        assertFalse(m.toString().contains("test-deployment"));
        m.close();
        assertThrows(IllegalStateException.class, () -> m.phoneToken("3331234567"));
        assertThrows(IllegalStateException.class, () -> m.mask("hello"));
        assertThrows(IllegalArgumentException.class, () -> new PiiMasker(new byte[15]));
    }

    @Test
    void notAPhoneNumberIsRefusedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> masker.phoneToken("mario@example.com"));
        assertFalse(e.getMessage().contains("mario"));
        assertThrows(IllegalArgumentException.class, () -> masker.phoneToken("12"));
    }

    @Test
    void oversizedTextIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> masker.mask("a".repeat(1_000_001)));
    }

    /**
     * Hostile text at the size limit (long runs of what the detectors look for) completes; every
     * detector is linear, so this takes milliseconds. No time is asserted.
     */
    @Test
    void largeHostileTextsAreMaskedAndKeepTheirDigitsHidden() {
        Random random = new Random(3);
        String alphabet = "0123456789 .-+@()aZ/\u00A0";
        StringBuilder s = new StringBuilder();
        while (s.length() < 999_000) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        MaskedText m = masker.mask(s.toString());
        // Hex digests may hold decimal runs by chance: look at the text around them.
        String outsideTokens = m.text().replaceAll("sha256:[0-9a-f]{32}", "#");
        assertFalse(outsideTokens.matches("(?s).*\\d{13}.*"), "no 13-digit run survives");
        String at = "a@".repeat(400_000) + "a";
        assertEquals(0, masker.mask(at).counts().email());
        assertEquals(1, masker.mask("1".repeat(900_000)).counts().number());
        assertEquals(0, masker.mask("a b ".repeat(200_000)).counts().total());
    }
}
