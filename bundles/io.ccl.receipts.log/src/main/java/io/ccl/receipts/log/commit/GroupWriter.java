package io.ccl.receipts.log.commit;

import java.io.IOException;
import java.util.List;

/** Writes one commit group durably (write + fsync) and returns the index of its first entry. */
@FunctionalInterface
public interface GroupWriter {
    long appendGroup(List<byte[]> payloads) throws IOException;
}
