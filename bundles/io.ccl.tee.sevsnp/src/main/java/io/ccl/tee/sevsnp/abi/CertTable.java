package io.ccl.tee.sevsnp.abi;

import io.ccl.attestation.api.MalformedEvidenceException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The certificate table a host attaches to an extended report (SNP_GET_EXT_REPORT, and the
 * configfs-tsm {@code auxblob}), per the GHCB specification rev 2.03, section 4.1.8.1: entries of
 * a 16-byte GUID, a u32 offset and a u32 length (offsets from the start of the table), ended by an
 * all-zero entry. Entries hold PEM or DER certificates.
 */
public final class CertTable {
    /** GUID of the VCEK entry. */
    public static final UUID VCEK = UUID.fromString("63da758d-e664-4564-adc5-f4b93be8accd");
    /** GUID of the VLEK entry. */
    public static final UUID VLEK = UUID.fromString("a8074bc2-a25a-483e-aae6-39c045a0b8a1");
    /** GUID of the ASK (or ASVK) entry. */
    public static final UUID ASK = UUID.fromString("4ab7b379-bbac-4fe4-a02f-05aef327c782");
    /** GUID of the ARK entry. */
    public static final UUID ARK = UUID.fromString("c0b406a4-a803-4952-9743-3fb6014cd0ae");

    private static final int ENTRY_SIZE = 24;
    private static final int MAX_ENTRIES = 64;

    /** One table entry. @param guid its GUID; @param data the bytes it points to */
    public record Entry(UUID guid, byte[] data) {
        @Override
        public String toString() {
            return "Entry[" + guid + ", " + data.length + " bytes]";
        }
    }

    private CertTable() {
    }

    /**
     * Parses a table.
     *
     * @throws MalformedEvidenceException when there is no terminating entry, an entry points
     *     outside the table, or an entry is empty
     */
    public static List<Entry> parse(byte[] table) throws MalformedEvidenceException {
        ByteBuffer header = ByteBuffer.wrap(table);
        List<long[]> found = new ArrayList<>();
        int count = 0;
        while (true) {
            int at = count * ENTRY_SIZE;
            if (count > MAX_ENTRIES || at + ENTRY_SIZE > table.length) {
                throw new MalformedEvidenceException("certificate table has no terminating entry");
            }
            long msb = header.getLong(at);
            long lsb = header.getLong(at + 8);
            long offset = Integer.toUnsignedLong(Integer.reverseBytes(header.getInt(at + 16)));
            long length = Integer.toUnsignedLong(Integer.reverseBytes(header.getInt(at + 20)));
            if (msb == 0 && lsb == 0 && offset == 0 && length == 0) {
                break;
            }
            found.add(new long[] {msb, lsb, offset, length});
            count++;
        }
        long headerEnd = (long) (count + 1) * ENTRY_SIZE;
        List<Entry> entries = new ArrayList<>(count);
        for (long[] e : found) {
            long offset = e[2];
            long length = e[3];
            if (length == 0 || offset < headerEnd || offset + length > table.length) {
                throw new MalformedEvidenceException(String.format(
                        "certificate table entry %s points outside the table (offset %d, length %d, table %d)",
                        new UUID(e[0], e[1]), offset, length, table.length));
            }
            entries.add(new Entry(new UUID(e[0], e[1]),
                    Arrays.copyOfRange(table, (int) offset, (int) (offset + length))));
        }
        return entries;
    }

    /** True when {@code data} starts like a table: its first GUID is one of the four known ones. */
    public static boolean looksLikeTable(byte[] data) {
        if (data.length < 2 * ENTRY_SIZE) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        UUID first = new UUID(b.getLong(0), b.getLong(8));
        return first.equals(VCEK) || first.equals(VLEK) || first.equals(ASK) || first.equals(ARK);
    }
}
