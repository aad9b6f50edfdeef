package io.ccl.tee.tdx.ccel;

/**
 * One TCG_PCR_EVENT2 of a crypto-agile event log (TCG PC Client Platform Firmware Profile 1.05, section 10.2.2).
 * In a TDX CC event log the "PCR index" is the CC measurement register index: 0 = MRTD, 1..4 = RTMR0..3
 * (UEFI 2.10, section 38.4.1 "EFI_CC_MEASUREMENT_PROTOCOL", MrIndex).
 *
 * @param mrIndex CC measurement register index
 * @param type event type
 * @param sha384 the SHA-384 digest the register was extended with
 * @param data the event data
 */
public record TcgEvent(int mrIndex, long type, byte[] sha384, byte[] data) {
    /** EV_NO_ACTION: informational, never extended. */
    public static final long EV_NO_ACTION = 0x3;

    /** The RTMR the event extends (0..3), or -1 for MRTD. */
    public int rtmr() {
        return mrIndex - 1;
    }
}
