package io.ccl.tee.dcap.collateral;

import io.ccl.attestation.api.EvidenceRejectedException;
import io.ccl.attestation.api.RejectionReason;
import io.ccl.tee.api.Collateral;
import io.ccl.tee.dcap.pki.IntelCertificate;
import io.ccl.tee.dcap.pki.RevocationList;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything recognised in a set of collateral pieces: signed TCB Info and QE Identity documents, CRLs, a
 * pool of certificates (issuer chains, PCK chains), and the pieces DCAP does not know (left to the backend,
 * e.g. an event log).
 */
public final class CollateralSet {
    private final List<SignedDocument> documents = new ArrayList<>();
    private final Set<RevocationList> crls = new LinkedHashSet<>();
    private final Set<IntelCertificate> certificates = new LinkedHashSet<>();
    private final List<Collateral> unrecognised = new ArrayList<>();

    /**
     * Recognises each piece (by content; names are hints only) and adds it.
     *
     * @throws EvidenceRejectedException {@link RejectionReason#COLLATERAL_INVALID} when a piece is recognisable
     *     DCAP collateral but broken (a signature that is not 64 bytes of hex, a corrupt issuer chain)
     */
    public CollateralSet addAll(List<Collateral> pieces) throws EvidenceRejectedException {
        for (Collateral c : pieces) {
            add(c);
        }
        return this;
    }

    public CollateralSet add(Collateral piece) throws EvidenceRejectedException {
        CollateralRecognizer.Recognised r;
        try {
            r = CollateralRecognizer.recognise(piece);
        } catch (IllegalArgumentException e) {
            throw new EvidenceRejectedException(RejectionReason.COLLATERAL_INVALID, "collateral " + piece.name()
                    + " is malformed: " + e.getMessage(), null, null, e);
        }
        if (r.empty()) {
            unrecognised.add(piece);
        } else {
            documents.addAll(r.documents());
            crls.addAll(r.crls());
            certificates.addAll(r.certificates());
        }
        return this;
    }

    public List<SignedDocument> documents(SignedDocument.Kind kind) {
        return documents.stream().filter(d -> d.kind() == kind).toList();
    }

    public List<RevocationList> crls() {
        return List.copyOf(crls);
    }

    public List<IntelCertificate> certificates() {
        return List.copyOf(certificates);
    }

    public List<Collateral> unrecognised() {
        return List.copyOf(unrecognised);
    }
}
