package io.ccl.agents.voice;

import java.lang.annotation.Annotation;

/** VoiceConfig instances for tests (what DS would build from configuration). */
final class Configs {
    private Configs() {
    }

    static VoiceConfig offline() {
        return of("offline", "", 1000);
    }

    static VoiceConfig http(long pollMs) {
        return of("http", "", pollMs);
    }

    static VoiceConfig of(String provider, String model, long pollMs) {
        return new VoiceConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return VoiceConfig.class;
            }

            @Override
            public String role() {
                return "";
            }

            @Override
            public String provider() {
                return provider;
            }

            @Override
            public String deployment_key() {
                return "default/voice/deployment-key";
            }

            @Override
            public String provider_url_secret() {
                return "default/voice/provider-url";
            }

            @Override
            public String provider_key_secret() {
                return "default/voice/provider-api-key";
            }

            @Override
            public long provider_poll_interval_ms() {
                return pollMs;
            }

            @Override
            public long provider_timeout_seconds() {
                return 20;
            }

            @Override
            public String model() {
                return model;
            }

            @Override
            public long max_audio_bytes() {
                return 64L << 20;
            }

            @Override
            public long max_audio_seconds() {
                return 3600;
            }
        };
    }
}
