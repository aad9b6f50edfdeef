package io.ccl.runtime.measure;

/** A hardware register that bundle events are also extended into (TDX RTMR3), or nothing. */
public interface MeasurementRegister {
    /** Extends the register with a 48-byte SHA-384 digest. */
    void extend(byte[] sha384) throws java.io.IOException;

    /** For logs and the shell. */
    String describe();

    /** The register to use on this machine: RTMR3 when the kernel exposes it, else a no-op. */
    static MeasurementRegister detect() {
        return TdxRtmr.detect().orElse(NONE);
    }

    /** No register: events are only in the log. */
    MeasurementRegister NONE = new MeasurementRegister() {
        @Override
        public void extend(byte[] sha384) {
            // nothing to extend on this platform
        }

        @Override
        public String describe() {
            return "none";
        }
    };
}
