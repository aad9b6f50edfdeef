package io.ccl.agents.voice.analysis.pii;

/** What a masked span was, and the text that replaces it (phone numbers get a keyed hash instead). */
public enum Category {
    PHONE(null),
    EMAIL("[EMAIL]"),
    IBAN("[IBAN]"),
    CARD("[CARD]"),
    CODICE_FISCALE("[CODICE_FISCALE]"),
    NAME("[NAME]"),
    NUMBER("[NUMBER]");

    private final String replacement;

    Category(String replacement) {
        this.replacement = replacement;
    }

    /** The fixed replacement, or null for {@link #PHONE}. */
    public String replacement() {
        return replacement;
    }
}
