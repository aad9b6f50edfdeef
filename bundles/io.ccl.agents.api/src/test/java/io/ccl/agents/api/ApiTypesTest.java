package io.ccl.agents.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ApiTypesTest {
    @Test
    void errorCodesAreStableUpperCaseNames() {
        assertEquals("INVALID_AUDIO", new AgentException("INVALID_AUDIO", "m").code());
        assertThrows(IllegalArgumentException.class, () -> new AgentException("invalid", "m"));
        assertThrows(IllegalArgumentException.class, () -> new AgentException("A", "m"));
        assertThrows(IllegalArgumentException.class, () -> new AgentException("BAD CODE", "m"));
        assertEquals("SECRET_NOT_GRANTED",
                new CapabilityDeniedException(CapabilityDeniedException.Reason.SECRET_NOT_GRANTED, "m").code());
        EgressDeniedException e = new EgressDeniedException(EgressDeniedException.Reason.HOST_NOT_ALLOWED,
                "https://evil.example:443", "m");
        assertEquals("EGRESS_HOST_NOT_ALLOWED", e.code());
        assertEquals("https://evil.example:443", e.destination());
        assertEquals("MODEL_DIGEST_MISMATCH",
                new ModelRefusedException(ModelRefusedException.Reason.DIGEST_MISMATCH, "m").code());
    }

    @Test
    void inputAndModelViewsAreReadOnlyAndHideContent() {
        byte[] secret = "+39 333 1234567".getBytes(StandardCharsets.US_ASCII);
        JobInput input = JobInput.wrap(secret);
        assertThrows(ReadOnlyBufferException.class, () -> input.data().put(0, (byte) 1));
        assertEquals(secret.length, input.size());
        assertFalse(input.toString().contains("333"));
        AgentModel model = new AgentModel("m", "ab", ByteBuffer.wrap(secret));
        assertThrows(ReadOnlyBufferException.class, () -> model.bytes().put(0, (byte) 1));
        assertFalse(model.toString().contains("333"));
        ByteBuffer b = model.bytes();
        b.get();
        assertEquals(0, model.bytes().position(), "every view starts at 0");
    }

    @Test
    void terminalStates() {
        assertTrue(JobStatus.COMPLETED.terminal());
        assertTrue(JobStatus.FAILED.terminal());
        assertFalse(JobStatus.QUEUED.terminal());
        assertFalse(JobStatus.RUNNING.terminal());
    }
}
