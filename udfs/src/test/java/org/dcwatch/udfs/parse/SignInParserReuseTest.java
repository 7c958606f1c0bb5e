package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A parser remembers the names it met and the order they came in ({@link KnownNames}), and guesses each next name from
 * the last record. A record in another order, with other names or other spellings, must read exactly as it would with
 * a parser that never saw anything before it.
 */
class SignInParserReuseTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aParserThatReadOtherLayoutsBeforeReadsEachRecordAsANewParserDoes() throws Exception {
        List<String> records = new ArrayList<>();
        for (String resource : List.of(
                "fixtures/public/signinlogs-interactive.json",
                "fixtures/public/signinlogs-noninteractive.json",
                "samples/eventhub-device-code-envelope.json",
                "samples/loganalytics-noninteractive-row.json",
                "samples/graph-signin.json",
                "samples/ecs-signin.json")) {
            records.add(Fixtures.text(resource));
        }
        Random random = new Random(7);
        SignInParser reused = new SignInParser();
        int events = 0;
        for (int i = 0; i < 600; i++) {
            String record = records.get(random.nextInt(records.size()));
            // as it is, or with the members of some objects shuffled, dropped or renamed in case
            String variant = random.nextInt(3) == 0
                    ? record
                    : MAPPER.writeValueAsString(rearrange(MAPPER.readTree(record), random));
            byte[] bytes = variant.getBytes(StandardCharsets.UTF_8);
            ParseResult fresh = new SignInParser().parse(bytes);
            ParseResult again = reused.parse(bytes);
            assertEquals(fresh.events(), again.events(), variant);
            assertEquals(fresh.deadLetters(), again.deadLetters(), variant);
            events += again.events().size();
        }
        assertFalse(events < 300, "most variants should still be sign-ins: " + events);
    }

    private static JsonNode rearrange(JsonNode node, Random random) {
        if (node.isArray()) {
            node.forEach(element -> rearrange(element, random));
            return node;
        }
        if (!node.isObject()) return node;
        ObjectNode object = (ObjectNode) node;
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) members.add(it.next());
        if (random.nextInt(2) == 0) Collections.shuffle(members, random);
        ObjectNode rearranged = MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> member : members) {
            int change = random.nextInt(20);
            if (change == 0) continue; // dropped
            String name = change == 1 ? member.getKey().toUpperCase() : member.getKey();
            rearranged.set(name, rearrange(member.getValue(), random));
        }
        return rearranged;
    }
}
