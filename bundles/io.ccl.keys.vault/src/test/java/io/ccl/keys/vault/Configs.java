package io.ccl.keys.vault;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Component configurations for tests: the metatype defaults, overridden by a map (keys are method names). */
final class Configs {
    private Configs() {
    }

    static VaultKeyStorage.Config config(Map<String, Object> values) {
        return (VaultKeyStorage.Config) Proxy.newProxyInstance(Configs.class.getClassLoader(), new Class<?>[] {VaultKeyStorage.Config.class},
                (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    if (method.getName().equals("annotationType")) {
                        return VaultKeyStorage.Config.class;
                    }
                    throw new IllegalStateException("no value for " + method.getName());
                });
    }
}
