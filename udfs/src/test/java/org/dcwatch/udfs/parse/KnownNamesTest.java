package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser's memory of names, against input that chooses its names to spoil it. */
class KnownNamesTest {

    private final KnownNames names = new KnownNames();

    private RecordShape.Key look(String name, int hash) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        return names.keyOf(RecordShape.ROOT, bytes, 0, bytes.length, hash);
    }

    private RecordShape.Key look(String name) {
        return look(name, name.hashCode());
    }

    @Test
    void aMessageOfAThousandJunkNamesDoesNotLeaveTheRealOnesToTheSlowPath() {
        for (int i = 0; i < 1_100; i++) look("junk" + i);
        assertNotNull(look("category"), "a name the record shape knows");
        int slot = names.lastSlot();
        assertNotEquals(KnownNames.NONE, slot, "remembered, although a thousand junk names came first");
        look("tenantId");
        look("category");
        assertEquals(slot, names.lastSlot(), "and found again where it was put");
    }

    @Test
    void namesCraftedToCollideCostTheirOwnLookupsOnly() {
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            look("collide" + i, 42);
            slots.add(names.lastSlot());
        }
        assertTrue(slots.subList(0, KnownNames.MAX_PROBES).stream().noneMatch(slot -> slot == KnownNames.NONE));
        assertTrue(
                slots.subList(KnownNames.MAX_PROBES, 100).stream().allMatch(slot -> slot == KnownNames.NONE),
                "past the probe bound a colliding name is not remembered, so the run stays short");
        assertNotNull(look("category", 7));
        assertNotEquals(KnownNames.NONE, names.lastSlot(), "a name that hashes elsewhere is remembered as ever");
    }
}
