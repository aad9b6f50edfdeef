package io.ccl.keys.pkcs11.token;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.StaticLogger;

/**
 * Routes the wrapper's {@link StaticLogger} to slf4j. Its debug and trace output is dropped on
 * purpose: at those levels the wrapper prints attribute templates, which can hold
 * {@code CKA_VALUE} (secret values, session keys being wrapped). Its info output (a line per
 * opened session, the licence banner) goes to slf4j debug.
 */
final class WrapperLogger implements org.xipki.pkcs11.wrapper.Logger {
    private static final Logger LOG = LoggerFactory.getLogger("io.ccl.keys.pkcs11.wrapper");
    private static volatile boolean installed;

    private WrapperLogger() {
    }

    /** Installs the adapter once; the wrapper's logger is global to its bundle. */
    static void install() {
        if (!installed) {
            synchronized (WrapperLogger.class) {
                if (!installed) {
                    StaticLogger.setLogger(new WrapperLogger());
                    installed = true;
                }
            }
        }
    }

    @Override
    public void info(String format, Object... arguments) {
        LOG.debug(format, arguments);
    }

    @Override
    public void warn(String format, Object... arguments) {
        LOG.warn(format, arguments);
    }

    @Override
    public void error(String format, Object... arguments) {
        LOG.error(format, arguments);
    }

    @Override
    public void debug(String format, Object... arguments) {
        // Dropped: see the class comment.
    }

    @Override
    public void trace(String format, Object... arguments) {
        // Dropped: see the class comment.
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return LOG.isDebugEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return LOG.isWarnEnabled();
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }
}
