package io.ccl.tee.dcap.collateral;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccl.tee.dcap.tcb.TcbStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Intel TCB Info, versions 2 (SGX, flat {@code sgxtcbcompNNsvn} fields) and 3 (SGX and TDX, component arrays,
 * TDX module and module identities). Intel PCS API v4, "TCB Info V2/V3 data model".
 *
 * @param id {@code SGX} or {@code TDX} (v2 has no id and is SGX)
 * @param fmspc lower-case hex
 * @param pceId lower-case hex
 * @param levels sorted as Intel's QVL evaluates them ({@link TcbLevel#compareDescending})
 * @param tdxModule the base TDX module expectation, or null (SGX)
 */
public record TcbInfo(String id, int version, Instant issueDate, Instant nextUpdate, String fmspc, String pceId,
        int tcbType, int tcbEvaluationDataNumber, List<TcbLevel> levels, TdxModuleIdentity tdxModule,
        List<TdxModuleIdentity> tdxModuleIdentities) {

    /**
     * Parses the inner {@code tcbInfo} object.
     *
     * @throws IllegalArgumentException when it does not follow the data model
     */
    public static TcbInfo parse(byte[] body) {
        JsonNode n = Json.read(body);
        int version = Json.integer(n, "version");
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("unsupported TCB Info version " + version);
        }
        String id = version == 2 ? "SGX" : Json.text(n, "id");
        if (!id.equals("SGX") && !id.equals("TDX")) {
            throw new IllegalArgumentException("unknown TCB Info id " + id);
        }
        boolean tdx = id.equals("TDX");
        List<TcbLevel> levels = new ArrayList<>();
        for (JsonNode level : Json.array(n, "tcbLevels")) {
            levels.add(level(level, version, tdx));
        }
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("TCB Info has no TCB levels");
        }
        levels.sort(TcbLevel::compareDescending);
        TdxModuleIdentity module = null;
        List<TdxModuleIdentity> identities = new ArrayList<>();
        if (tdx) {
            module = module(Json.field(n, "tdxModule"), null, List.of());
            if (n.has("tdxModuleIdentities")) {
                for (JsonNode m : Json.array(n, "tdxModuleIdentities")) {
                    identities.add(module(m, Json.text(m, "id"), identityLevels(m)));
                }
            }
        }
        return new TcbInfo(id, version, Json.instant(n, "issueDate"), Json.instant(n, "nextUpdate"),
                HexFormat.of().formatHex(Json.hex(n, "fmspc", 6)), HexFormat.of().formatHex(Json.hex(n, "pceId", 2)),
                Json.integer(n, "tcbType"), Json.integer(n, "tcbEvaluationDataNumber"), List.copyOf(levels), module,
                List.copyOf(identities));
    }

    private static TcbLevel level(JsonNode level, int version, boolean tdx) {
        JsonNode tcb = Json.field(level, "tcb");
        int[] sgx = new int[16];
        int[] tdxComps = null;
        if (version == 2) {
            for (int i = 0; i < 16; i++) {
                sgx[i] = svn(Json.integer(tcb, String.format("sgxtcbcomp%02dsvn", i + 1)));
            }
        } else {
            sgx = components(tcb, "sgxtcbcomponents");
            if (tdx) {
                tdxComps = components(tcb, "tdxtcbcomponents");
            }
        }
        return new TcbLevel(sgx, Json.integer(tcb, "pcesvn"), tdxComps,
                TcbStatus.fromJson(Json.text(level, "tcbStatus")), Json.instant(level, "tcbDate"),
                Json.strings(level, "advisoryIDs"));
    }

    private static int[] components(JsonNode tcb, String name) {
        List<JsonNode> comps = Json.array(tcb, name);
        if (comps.size() != 16) {
            throw new IllegalArgumentException(name + " must list 16 components, found " + comps.size());
        }
        int[] out = new int[16];
        for (int i = 0; i < 16; i++) {
            out[i] = svn(Json.integer(comps.get(i), "svn"));
        }
        return out;
    }

    private static int svn(int v) {
        if (v > 255) {
            throw new IllegalArgumentException("component SVN " + v + " exceeds one byte");
        }
        return v;
    }

    private static TdxModuleIdentity module(JsonNode m, String id, List<IdentityLevel> levels) {
        return new TdxModuleIdentity(id, Json.hex(m, "mrsigner", 48), Json.hex(m, "attributes", 8),
                Json.hex(m, "attributesMask", 8), levels);
    }

    static List<IdentityLevel> identityLevels(JsonNode n) {
        List<IdentityLevel> out = new ArrayList<>();
        for (JsonNode level : Json.array(n, "tcbLevels")) {
            JsonNode tcb = Json.field(level, "tcb");
            out.add(new IdentityLevel(Json.integer(tcb, "isvsvn"), TcbStatus.fromJson(Json.text(level, "tcbStatus")),
                    Json.instant(level, "tcbDate"), Json.strings(level, "advisoryIDs")));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("identity has no TCB levels");
        }
        out.sort(Comparator.comparingInt(IdentityLevel::isvSvn).reversed());
        return List.copyOf(out);
    }
}
