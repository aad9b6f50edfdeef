package io.ccl.tee.dcap.pcs;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.tee.api.Collateral;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Builds the collateral source a backend's configuration asks for: an offline directory, a PCS, both or none. */
public final class CollateralSources {

    private CollateralSources() {
    }

    /**
     * @param offlineDir directory of collateral files, or null
     * @param pcs the PCS/PCCS client, or null when fetching is disabled
     */
    public static CollateralSource of(Path offlineDir, PcsClient pcs) {
        CollateralSource offline = offlineDir == null ? CollateralSource.NONE : new OfflineDirectory(offlineDir);
        CollateralSource remote = pcs == null ? CollateralSource.NONE : pcs;
        if (offline == CollateralSource.NONE) {
            return remote;
        }
        if (remote == CollateralSource.NONE) {
            return offline;
        }
        return new CollateralSource() {
            @Override
            public List<Collateral> always() {
                return offline.always();
            }

            @Override
            public List<Collateral> tcbInfo(boolean tdx, String fmspc, Instant now)
                    throws CollateralUnavailableException {
                return remote.tcbInfo(tdx, fmspc, now);
            }

            @Override
            public List<Collateral> qeIdentity(boolean tdx, Instant now) throws CollateralUnavailableException {
                return remote.qeIdentity(tdx, now);
            }

            @Override
            public List<Collateral> pckCrl(String ca, Instant now) throws CollateralUnavailableException {
                return remote.pckCrl(ca, now);
            }

            @Override
            public List<Collateral> rootCaCrl(Instant now) throws CollateralUnavailableException {
                return remote.rootCaCrl(now);
            }
        };
    }

    /**
     * The collateral source of a verifier's configuration: the offline directory (blank: none) and,
     * when enabled, Intel PCS/PCCS.
     */
    public static CollateralSource configured(String offlineDir, boolean pcsEnabled, String pcsBaseUrl,
            String rootCaCrlUrl, String cacheDir, long timeoutMillis) {
        Path offline = blank(offlineDir) ? null : Path.of(offlineDir.trim());
        return of(offline, pcsEnabled ? pcs(pcsBaseUrl, rootCaCrlUrl, cacheDir, timeoutMillis) : null);
    }

    /** A PCS client from configuration values; blank values take the defaults. */
    public static PcsClient pcs(String baseUrl, String rootCaCrlUrl, String cacheDir, long timeoutMillis) {
        return new PcsClient(blank(baseUrl) ? PcsClient.DEFAULT_BASE_URL : baseUrl.trim(),
                blank(rootCaCrlUrl) ? PcsClient.DEFAULT_ROOT_CA_CRL_URL : rootCaCrlUrl.trim(),
                blank(cacheDir) ? null : Path.of(cacheDir.trim()), Duration.ofMillis(Math.max(100, timeoutMillis)));
    }

    public static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
