package io.ccl.tee.tdx.ccel;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns replayed events into claims: RTMR, event type name (TCG PC Client PFP 1.05, Table 9 and 10), digest, and
 * a description where one is cheap to decode (ASCII actions and command lines, UEFI variable names, firmware
 * blob descriptions).
 */
public final class EventDescriptions {
    private static final int MAX_TEXT = 256;
    private static final Map<Long, String> NAMES = new LinkedHashMap<>();

    static {
        String[] base = {"EV_PREBOOT_CERT", "EV_POST_CODE", "EV_UNUSED", "EV_NO_ACTION", "EV_SEPARATOR", "EV_ACTION",
            "EV_EVENT_TAG", "EV_S_CRTM_CONTENTS", "EV_S_CRTM_VERSION", "EV_CPU_MICROCODE", "EV_PLATFORM_CONFIG_FLAGS",
            "EV_TABLE_OF_DEVICES", "EV_COMPACT_HASH", "EV_IPL", "EV_IPL_PARTITION_DATA", "EV_NONHOST_CODE",
            "EV_NONHOST_CONFIG", "EV_NONHOST_INFO", "EV_OMIT_BOOT_DEVICE_EVENTS"};
        for (int i = 0; i < base.length; i++) {
            NAMES.put((long) i, base[i]);
        }
        String[] efi = {null, "EV_EFI_VARIABLE_DRIVER_CONFIG", "EV_EFI_VARIABLE_BOOT",
            "EV_EFI_BOOT_SERVICES_APPLICATION", "EV_EFI_BOOT_SERVICES_DRIVER", "EV_EFI_RUNTIME_SERVICES_DRIVER",
            "EV_EFI_GPT_EVENT", "EV_EFI_ACTION", "EV_EFI_PLATFORM_FIRMWARE_BLOB", "EV_EFI_HANDOFF_TABLES",
            "EV_EFI_PLATFORM_FIRMWARE_BLOB2", "EV_EFI_HANDOFF_TABLES2", "EV_EFI_VARIABLE_BOOT2"};
        for (int i = 1; i < efi.length; i++) {
            NAMES.put(0x80000000L + i, efi[i]);
        }
        NAMES.put(0x80000010L, "EV_EFI_HCRTM_EVENT");
        NAMES.put(0x800000E0L, "EV_EFI_VARIABLE_AUTHORITY");
        NAMES.put(0x800000E1L, "EV_EFI_SPDM_FIRMWARE_BLOB");
        NAMES.put(0x800000E2L, "EV_EFI_SPDM_FIRMWARE_CONFIG");
    }

    private EventDescriptions() {
    }

    /** The {@code event_log} claim: measured events only (EV_NO_ACTION records extend nothing). */
    public static List<Map<String, Object>> claims(List<TcgEvent> events) {
        return events.stream().filter(e -> e.type() != TcgEvent.EV_NO_ACTION && e.rtmr() >= 0)
                .map(EventDescriptions::claim).toList();
    }

    private static Map<String, Object> claim(TcgEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rtmr", (long) e.rtmr());
        m.put("type", name(e.type()));
        m.put("digest", HexFormat.of().formatHex(e.sha384()));
        String d = describe(e);
        if (d != null && !d.isEmpty()) {
            m.put("description", d);
        }
        return m;
    }

    static String name(long type) {
        return NAMES.getOrDefault(type, String.format("0x%08x", type));
    }

    static String describe(TcgEvent e) {
        byte[] d = e.data();
        String name = name(e.type());
        switch (name) {
            case "EV_EFI_ACTION", "EV_ACTION", "EV_IPL", "EV_PLATFORM_CONFIG_FLAGS", "EV_S_CRTM_VERSION",
                    "EV_POST_CODE" -> {
                return printable(d, 0, d.length);
            }
            case "EV_SEPARATOR" -> {
                return "separator " + HexFormat.of().formatHex(d);
            }
            case "EV_EFI_VARIABLE_DRIVER_CONFIG", "EV_EFI_VARIABLE_BOOT", "EV_EFI_VARIABLE_BOOT2",
                    "EV_EFI_VARIABLE_AUTHORITY" -> {
                return variable(d);
            }
            case "EV_EFI_PLATFORM_FIRMWARE_BLOB2", "EV_EFI_HANDOFF_TABLES2" -> {
                int size = d.length == 0 ? 0 : d[0] & 0xFF;
                return size < d.length ? printable(d, 1, size) : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** UEFI_VARIABLE_DATA (TCG PFP 1.05, 10.4.1): VariableName GUID, name length, data length, UTF-16 name. */
    private static String variable(byte[] d) {
        if (d.length < 32) {
            return null;
        }
        long chars = CcelTable.u64(d, 16);
        if (chars < 0 || chars > (d.length - 32) / 2 || chars > MAX_TEXT) {
            return null;
        }
        return "variable " + new String(d, 32, (int) chars * 2, StandardCharsets.UTF_16LE);
    }

    private static String printable(byte[] d, int from, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + length && i < d.length && sb.length() < MAX_TEXT; i++) {
            int c = d[i] & 0xFF;
            if (c == 0) {
                continue;
            }
            if (c < 0x20 || c > 0x7E) {
                return null;
            }
            sb.append((char) c);
        }
        return sb.toString().trim();
    }
}
