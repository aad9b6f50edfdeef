/**
 * Attestation API: the evidence-verifier SPI that TEE backends implement, the appraisal-policy SPI,
 * the attestation result (EAR status tiers with findings) and the attestation service the runtime
 * and relying parties use.
 *
 * <p>Verifiers only check authenticity and extract claims; they never decide trust. Three error
 * kinds exist: {@link io.ccl.attestation.api.MalformedEvidenceException},
 * {@link io.ccl.attestation.api.EvidenceRejectedException} with a typed
 * {@link io.ccl.attestation.api.RejectionReason}, and
 * {@link io.ccl.attestation.api.CollateralUnavailableException}. Trust is decided by an
 * {@link io.ccl.attestation.api.AppraisalPolicy}; unknown means deny.
 */
@Export
@Version("1.0.0")
package io.ccl.attestation.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
