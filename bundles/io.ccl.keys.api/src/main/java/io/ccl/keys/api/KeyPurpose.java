package io.ccl.keys.api;

/** What a key may be used for. */
public enum KeyPurpose {
    ENCRYPT, DECRYPT, SIGN, VERIFY, WRAP, UNWRAP
}
