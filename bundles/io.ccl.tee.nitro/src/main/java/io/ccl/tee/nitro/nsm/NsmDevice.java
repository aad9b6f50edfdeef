package io.ccl.tee.nitro.nsm;

import java.io.IOException;

/**
 * The Nitro Secure Module driver: one request/response exchange. The Linux driver ({@code /dev/nsm},
 * drivers/misc/nsm.c) takes both through {@code ioctl(fd, NSM_IOCTL_REQUEST = _IOWR(0x0A, 0, struct
 * nsm_raw))} with a request buffer of at most 4 KiB and a response buffer of at most 12 KiB
 * ({@value #MAX_RESPONSE} bytes). Implementations: a native one on enclave hosts, fakes in tests.
 */
public interface NsmDevice {
    /** Largest response the driver returns (NSM_RESPONSE_MAX_SIZE, 0x3000). */
    int MAX_RESPONSE = 0x3000;
    /** Largest request the driver accepts (NSM_REQUEST_MAX_SIZE, 0x1000). */
    int MAX_REQUEST = 0x1000;

    /** Sends one CBOR request and returns the CBOR response. */
    byte[] exchange(byte[] request) throws IOException;
}
