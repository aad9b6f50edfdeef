package io.ccl.keys.pkcs11;

import io.ccl.keys.api.KeyStorage;
import io.ccl.keys.tck.KeyStorageContract;

/** The key store TCK on a real SoftHSM2 token; every test gets a store in a fresh namespace. */
class Pkcs11KeyStorageTckTest extends KeyStorageContract {
    @Override
    protected KeyStorage newStore() throws Exception {
        return SoftHsmToken.get().newStore();
    }

    @Override
    protected void closeStore(KeyStorage store) {
        ((Pkcs11KeyStorage) store).close();
    }
}
