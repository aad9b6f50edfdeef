package io.ccl.tee.tdx.ccel;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Replays an event log into the four RTMRs (Intel TDX Module ABI, TDG.MR.RTMR.EXTEND:
 * {@code RTMR[i] = SHA-384(RTMR[i] || digest)}, starting from zero) and compares them with the quote.
 */
public final class RtmrReplay {

    private RtmrReplay() {
    }

    /** The four RTMR values the events produce. */
    public static byte[][] replay(List<TcgEvent> events) {
        byte[][] rtmr = new byte[4][48];
        MessageDigest sha384;
        try {
            sha384 = MessageDigest.getInstance("SHA-384");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is mandatory in every JRE", e);
        }
        for (TcgEvent e : events) {
            if (e.type() == TcgEvent.EV_NO_ACTION || e.rtmr() < 0) {
                continue;
            }
            sha384.update(rtmr[e.rtmr()]);
            sha384.update(e.sha384());
            rtmr[e.rtmr()] = sha384.digest();
        }
        return rtmr;
    }

    /**
     * @throws EvidenceRejectedException MEASUREMENT_MISMATCH naming the first RTMR that differs
     */
    public static void check(List<TcgEvent> events, List<byte[]> quoted) throws EvidenceRejectedException {
        byte[][] replayed = replay(events);
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < 4; i++) {
            if (!MessageDigest.isEqual(replayed[i], quoted.get(i))) {
                throw new EvidenceRejectedException(RejectionReason.MEASUREMENT_MISMATCH, "replaying the event log ("
                        + events.size() + " events) does not reproduce RTMR" + i + " of the quote",
                        hex.formatHex(quoted.get(i)), hex.formatHex(replayed[i]));
            }
        }
    }
}
