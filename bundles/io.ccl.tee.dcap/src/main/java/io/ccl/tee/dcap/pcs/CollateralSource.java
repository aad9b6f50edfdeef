package io.ccl.tee.dcap.pcs;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.tee.api.Collateral;
import java.time.Instant;
import java.util.List;

/**
 * Where collateral comes from when the evidence and the caller did not bring it. Sources return raw pieces
 * (documents, chains, CRLs) that are recognised and verified exactly like collateral carried with evidence;
 * a source is therefore never trusted, only used.
 */
public interface CollateralSource {
    /** The source that has nothing (the offline default). */
    CollateralSource NONE = new CollateralSource() {
    };

    /** Pieces that are always offered (an offline directory). */
    default List<Collateral> always() {
        return List.of();
    }

    /** TCB Info for the FMSPC (lower-case hex) with its issuer chain. */
    default List<Collateral> tcbInfo(boolean tdx, String fmspc, Instant now) throws CollateralUnavailableException {
        return List.of();
    }

    /** The QE Identity ({@code QE} for SGX, {@code TD_QE} for TDX) with its issuer chain. */
    default List<Collateral> qeIdentity(boolean tdx, Instant now) throws CollateralUnavailableException {
        return List.of();
    }

    /** The CRL of a PCK CA ({@code platform} or {@code processor}) with its issuer chain. */
    default List<Collateral> pckCrl(String ca, Instant now) throws CollateralUnavailableException {
        return List.of();
    }

    /** The Intel SGX Root CA CRL. */
    default List<Collateral> rootCaCrl(Instant now) throws CollateralUnavailableException {
        return List.of();
    }
}
