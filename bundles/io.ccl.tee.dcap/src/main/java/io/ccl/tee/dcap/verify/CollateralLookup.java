package io.ccl.tee.dcap.verify;

import io.ccl.attestation.api.CollateralUnavailableException;
import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.dcap.collateral.CollateralSet;
import io.ccl.tee.dcap.collateral.DocumentVerifier;
import io.ccl.tee.dcap.collateral.QeIdentity;
import io.ccl.tee.dcap.collateral.SignedDocument;
import io.ccl.tee.dcap.collateral.TcbInfo;
import io.ccl.tee.dcap.pcs.CollateralSource;
import io.ccl.tee.dcap.pki.IntelCertificate;
import io.ccl.tee.dcap.pki.PckExtensions;
import io.ccl.tee.dcap.pki.Revocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds, verifies and ages the collateral one verification needs: CRLs for a chain, the TCB Info of the
 * platform's FMSPC and the QE Identity. What is missing or out of date in the supplied set is fetched from the
 * source (when one is configured); what still is goes to the {@link CollateralFindings}.
 */
final class CollateralLookup {
    private final DocumentVerifier documents;
    private final CollateralSource source;
    private final CollateralSet set;
    private final Instant now;
    private final CollateralFindings findings;

    CollateralLookup(DocumentVerifier documents, CollateralSource source, CollateralSet set, Instant now,
            CollateralFindings findings) {
        this.documents = documents;
        this.source = source;
        this.set = set;
        this.now = now;
        this.findings = findings;
    }

    /** Checks revocation of a validated path, fetching CRLs that are missing or out of date. */
    void revocation(List<IntelCertificate> path, String pckCa, String what) throws EvidenceRejectedException {
        Revocation.Outcome outcome = Revocation.check(path, set.crls(), now, what);
        if (!outcome.complete() && source != CollateralSource.NONE) {
            List<Collateral> fetched = new ArrayList<>();
            if (pckCa != null) {
                fetch(fetched, () -> source.pckCrl(pckCa, now));
            }
            fetch(fetched, () -> source.rootCaCrl(now));
            set.addAll(fetched);
            outcome = Revocation.check(path, set.crls(), now, what);
        }
        findings.missing(outcome.missing());
        findings.expired(outcome.outdated());
    }

    DocumentVerifier.Verified<TcbInfo> tcbInfo(boolean tdx, PckExtensions pck) throws EvidenceRejectedException {
        String fmspc = HexFormat.of().formatHex(pck.fmspc());
        String pceId = HexFormat.of().formatHex(pck.pceId());
        Predicate<TcbInfo> matches = info -> info.id().equals(tdx ? "TDX" : "SGX") && info.fmspc().equals(fmspc)
                && info.pceId().equals(pceId) && info.tcbType() == 0 && (!tdx || info.version() >= 3);
        DocumentVerifier.Verified<TcbInfo> best = bestTcbInfo(matches);
        if ((best == null || !current(best.content().issueDate(), best.content().nextUpdate(), best))
                && source != CollateralSource.NONE) {
            List<Collateral> fetched = new ArrayList<>();
            fetch(fetched, () -> source.tcbInfo(tdx, fmspc, now));
            set.addAll(fetched);
            best = bestTcbInfo(matches);
        }
        if (best == null) {
            findings.missing("tcb_info");
            return null;
        }
        age(best, best.content().issueDate(), best.content().nextUpdate(), "TCB Info for FMSPC " + fmspc);
        return best;
    }

    DocumentVerifier.Verified<QeIdentity> qeIdentity(boolean tdx) throws EvidenceRejectedException {
        String id = tdx ? "TD_QE" : "QE";
        DocumentVerifier.Verified<QeIdentity> best = bestQeIdentity(id);
        if ((best == null || !current(best.content().issueDate(), best.content().nextUpdate(), best))
                && source != CollateralSource.NONE) {
            List<Collateral> fetched = new ArrayList<>();
            fetch(fetched, () -> source.qeIdentity(tdx, now));
            set.addAll(fetched);
            best = bestQeIdentity(id);
        }
        if (best == null) {
            findings.missing("qe_identity");
            return null;
        }
        age(best, best.content().issueDate(), best.content().nextUpdate(), id + " Identity");
        return best;
    }

    private DocumentVerifier.Verified<TcbInfo> bestTcbInfo(Predicate<TcbInfo> matches)
            throws EvidenceRejectedException {
        List<DocumentVerifier.Verified<TcbInfo>> found = new ArrayList<>();
        for (SignedDocument d : set.documents(SignedDocument.Kind.TCB_INFO)) {
            TcbInfo info = documents.parseTcbInfo(d);
            if (matches.test(info)) {
                found.add(documents.verify(d, info, set.certificates(), now));
            }
        }
        return found.stream().max(Comparator
                .comparing((DocumentVerifier.Verified<TcbInfo> v) -> current(v.content().issueDate(),
                        v.content().nextUpdate(), v))
                .thenComparingInt(v -> v.content().tcbEvaluationDataNumber())
                .thenComparing(v -> v.content().issueDate())).orElse(null);
    }

    private DocumentVerifier.Verified<QeIdentity> bestQeIdentity(String id) throws EvidenceRejectedException {
        List<DocumentVerifier.Verified<QeIdentity>> found = new ArrayList<>();
        for (SignedDocument d : set.documents(SignedDocument.Kind.QE_IDENTITY)) {
            QeIdentity identity = documents.parseQeIdentity(d);
            if (identity.id().equals(id)) {
                found.add(documents.verify(d, identity, set.certificates(), now));
            }
        }
        return found.stream().max(Comparator
                .comparing((DocumentVerifier.Verified<QeIdentity> v) -> current(v.content().issueDate(),
                        v.content().nextUpdate(), v))
                .thenComparingInt(v -> v.content().tcbEvaluationDataNumber())
                .thenComparing(v -> v.content().issueDate())).orElse(null);
    }

    private boolean current(Instant issueDate, Instant nextUpdate, DocumentVerifier.Verified<?> v) {
        return !now.isBefore(issueDate) && !now.isAfter(nextUpdate) && v.signerValid();
    }

    /** Validity window of the document and of its signer, and revocation of the signer. */
    private void age(DocumentVerifier.Verified<?> v, Instant issueDate, Instant nextUpdate, String what)
            throws EvidenceRejectedException {
        if (now.isBefore(issueDate) || now.isAfter(nextUpdate)) {
            findings.expired(what + " is valid " + issueDate + ".." + nextUpdate + ", used at " + now);
        }
        if (!v.signerValid()) {
            findings.expired(what + ": its signing certificate is not valid at " + now);
        }
        revocation(v.signerPath(), null, what + " signer");
    }

    private void fetch(List<Collateral> into, Fetch f) {
        try {
            into.addAll(f.get());
        } catch (CollateralUnavailableException e) {
            // Still unavailable: the findings report what is missing and the policy decides.
            return;
        }
    }

    @FunctionalInterface
    private interface Fetch {
        List<Collateral> get() throws CollateralUnavailableException;
    }
}
