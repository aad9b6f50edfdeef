package io.ccl.agents.voice.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * How many values of each kind were masked. Counts only: never the values.
 *
 * @param phone phone numbers replaced by their keyed hash (the caller's number in the metadata
 *        included)
 * @param email e-mail addresses, written or spoken
 * @param iban IBANs with a valid checksum
 * @param card payment card numbers with a valid Luhn digit
 * @param codiceFiscale Italian codici fiscali with a valid check letter
 * @param name occurrences of names given in the metadata
 * @param number other long numbers (9 digits or more) masked as {@code [NUMBER]}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PiiCounts(int phone, int email, int iban, int card, int codiceFiscale, int name, int number) {
    /** All zero. */
    public static final PiiCounts NONE = new PiiCounts(0, 0, 0, 0, 0, 0, 0);

    public PiiCounts {
        if (phone < 0 || email < 0 || iban < 0 || card < 0 || codiceFiscale < 0 || name < 0 || number < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
    }

    /** The sum of two counts, category by category. */
    public PiiCounts plus(PiiCounts o) {
        return new PiiCounts(phone + o.phone, email + o.email, iban + o.iban, card + o.card,
                codiceFiscale + o.codiceFiscale, name + o.name, number + o.number);
    }

    /** All categories together. */
    public int total() {
        return phone + email + iban + card + codiceFiscale + name + number;
    }
}
