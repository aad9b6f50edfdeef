package io.ccl.agents.voice.analysis.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The validators on their own: published examples, generated values, and broken ones. */
class ChecksumTest {
    /** Examples from the SWIFT IBAN Registry / ISO 13616 and national bank documentation. */
    @ParameterizedTest
    @ValueSource(strings = {"GB82WEST12345698765432", "DE89370400440532013000", "IT60X0542811101000000123456",
        "FR1420041010050500013M02606", "NL91ABNA0417164300", "BE68539007547034", "CH9300762011623852957",
        "ES9121000418450200051332", "AT611904300234573201", "NO9386011117947", "SM86U0322509800000000270100",
        "GR1601101250000000012300695", "PL61109010140000071219812874"})
    void publishedIbansAreValidAndEveryChangedCheckDigitIsNot(String iban) {
        assertTrue(Iban.isValid(iban), iban);
        for (int d = 0; d <= 9; d++) {
            String changed = iban.substring(0, 3) + d + iban.substring(4);
            assertEquals(changed.equals(iban), Iban.isValid(changed), changed);
        }
    }

    @Test
    void generatedIbansAreValid() {
        assertTrue(Iban.isValid(PiiSamples.italianIban("03069", "09606", "100000012345")));
        assertTrue(Iban.isValid(PiiSamples.iban("DE", "50010517" + "5407324931")));
        assertTrue(Iban.isValid(PiiSamples.iban("FR", "30006000011234567890189")));
    }

    @Test
    void ibansWithTheWrongLengthOrCountryOrCinAreInvalid() {
        assertFalse(Iban.isValid("IT60X054281110100000012345"), "26 characters for IT");
        assertFalse(Iban.isValid(PiiSamples.iban("XX", "12345678901234")), "no such country");
        assertFalse(Iban.isValid(PiiSamples.iban("US", "12345678901234")), "the US has no IBAN");
        // Mod-97 right but the Italian CIN wrong: only the national check catches it.
        String wrongCin = PiiSamples.iban("IT", "Y0542811101000000123456");
        assertFalse(Iban.isValid(wrongCin), wrongCin);
        assertFalse(Iban.isValid(PiiSamples.iban("IT", "905428111010000001234AB")), "CIN must be a letter");
        assertFalse(Iban.isValid("it60x0542811101000000123456"), "electronic form is upper case");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "5555555555554444", "378282246310005", "371449635398431",
        "6011111111111117", "6011000990139424", "4012888888881881", "3530111333300000", "5105105105105100",
        "4222222222222", "30569309025904", "38520000023237"})
    void publishedTestCardNumbersPassLuhnAndAChangedDigitFails(String card) {
        assertTrue(Luhn.isValid(card), card);
        assertFalse(Luhn.isValid(PiiSamples.breakLastDigit(card)));
    }

    @Test
    void generatedCardNumbersPassLuhn() {
        assertTrue(Luhn.isValid(PiiSamples.luhn("400000000000000000"))); // 19 digits
        assertTrue(Luhn.isValid(PiiSamples.luhn("510000000000"))); // 13 digits
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSSMRA80A01H501U", "RSSMRA85T10A562S", "MRTMTT25D09F205Z"})
    void publishedCodiciFiscaliAreValid(String cf) {
        assertTrue(CodiceFiscale.isValid(cf), cf);
        assertTrue(CodiceFiscale.isValid(cf.toLowerCase()), "any case");
        assertFalse(CodiceFiscale.isValid(PiiSamples.breakLastDigit(cf)));
    }

    @Test
    void omocodicAndFemaleCodiciFiscaliAreValid() {
        // Omocodia replaces digits from the right with L M N P Q R S T U V (0..9).
        String omocodic = PiiSamples.codiceFiscale("RSSMRA80A01H50R");
        String twice = PiiSamples.codiceFiscale("RSSMRA80A01H5MR");
        String female = PiiSamples.codiceFiscale("BNCLRA85M52F205");
        String femaleOmocodicDay = PiiSamples.codiceFiscale("BNCLRA85M5NF205");
        for (String cf : new String[] {omocodic, twice, female, femaleOmocodicDay}) {
            assertTrue(CodiceFiscale.isValid(cf), cf);
        }
    }

    @Test
    void codiciFiscaliWithImpossibleDaysAreInvalidEvenWithTheRightLetter() {
        assertFalse(CodiceFiscale.isValid(PiiSamples.codiceFiscale("RSSMRA80A32H501")), "day 32");
        assertFalse(CodiceFiscale.isValid(PiiSamples.codiceFiscale("RSSMRA80A00H501")), "day 0");
        assertFalse(CodiceFiscale.isValid(PiiSamples.codiceFiscale("RSSMRA80A72H501")), "day 72");
    }

    @Test
    void phoneNumbersNormaliseToE164() {
        assertEquals("+393331234567", PhoneNumbers.normalise("333 123 4567"));
        assertEquals("+393331234567", PhoneNumbers.normalise("+39 (333) 123-4567"));
        assertEquals("+393331234567", PhoneNumbers.normalise("0039 333.123.4567"));
        assertEquals("+390612345678", PhoneNumbers.normalise("06/1234 5678"));
        assertEquals("+442079460958", PhoneNumbers.normalise("+44 20 7946 0958"));
        assertEquals("+15551234567", PhoneNumbers.normalise("001 555 123 4567"));
        assertEquals("5551234567", PhoneNumbers.normalise("(555) 123-4567"), "unknown country: digits kept");
    }
}
