package io.ccl.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void padsColumnsToTheWidestCell() {
        Table t = new Table("NAME", "STATE").row("orders", "ACTIVE").row("x", null);
        assertEquals("NAME    STATE\norders  ACTIVE\nx       -", t.toString());
        assertTrue(new Table("A").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").row("only one"));
    }
}
