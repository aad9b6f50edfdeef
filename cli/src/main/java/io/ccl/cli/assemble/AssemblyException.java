package io.ccl.cli.assemble;

/** The assembly cannot be produced: a missing artifact, an unresolved bundle, a bad site directory. */
public final class AssemblyException extends Exception {
    private static final long serialVersionUID = 1L;

    public AssemblyException(String message) {
        super(message);
    }
}
