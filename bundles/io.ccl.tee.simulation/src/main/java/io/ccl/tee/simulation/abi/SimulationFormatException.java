package io.ccl.tee.simulation.abi;

/** The bytes are not a simulation report. */
public final class SimulationFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public SimulationFormatException(String message) {
        super(message);
    }
}
