package io.ccl.keys.vault.http;

import io.ccl.keys.api.KeyStorageException;
import io.ccl.keys.api.KeyStorageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/** TLS settings for talking to Vault: TLS 1.3 or 1.2 only, trust from a PEM CA bundle. */
public final class TlsContexts {
    /** Protocols offered, newest first; nothing below TLS 1.2. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /**
     * An SSL context that trusts exactly the certificates of a PEM bundle (not the JDK's CAs).
     *
     * @throws KeyStorageException {@code INVALID_ARGUMENT} when the file cannot be read or holds no certificate
     */
    public static SSLContext trusting(Path caBundle) throws KeyStorageException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(caBundle)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "cannot read the Vault CA bundle " + caBundle, e);
        }
        if (certs.isEmpty()) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "the Vault CA bundle " + caBundle + " holds no certificate");
        }
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                anchors.setCertificateEntry("vault-ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyStorageException(Reason.INVALID_ARGUMENT, "cannot build a trust store from " + caBundle, e);
        }
    }

    /** The JDK's default context (its CA certificates). */
    public static SSLContext jdkDefault() throws KeyStorageException {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new KeyStorageException(Reason.UNAVAILABLE, "no default TLS context", e);
        }
    }

    /** TLS 1.2+ with host name verification. */
    public static SSLParameters parameters() {
        SSLParameters p = new SSLParameters();
        p.setProtocols(PROTOCOLS.clone());
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }
}
