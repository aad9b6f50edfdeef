package io.ccl.runtime.channel;

/** Attestation or release through a channel failed; {@code code} is a typed reason for status output. */
public final class ChannelException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;

    public ChannelException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
