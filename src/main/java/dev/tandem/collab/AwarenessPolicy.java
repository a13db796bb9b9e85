package dev.tandem.collab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.workspace.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * What the server enforces on awareness states (every room): a state must be a JSON object,
 * its {@code user.name} is the connection's real user name (nobody can pose as someone else), and
 * only an owner may set {@code leading: true} ("everyone follow me", used in the presence room).
 */
final class AwarenessPolicy {

    private final ObjectMapper json = new ObjectMapper();

    List<Awareness.Entry> filter(List<Awareness.Entry> entries, Connection connection) {
        List<Awareness.Entry> kept = new ArrayList<>(entries.size());
        for (Awareness.Entry e : entries) {
            if (e.removal()) {
                kept.add(e);
                continue;
            }
            try {
                JsonNode state = json.readTree(e.state());
                if (!(state instanceof ObjectNode object)) {
                    continue;
                }
                JsonNode user = object.get("user");
                ObjectNode fixedUser = user instanceof ObjectNode u ? u : object.putObject("user");
                fixedUser.put("name", connection.username());
                fixedUser.put("role", connection.role().id());
                if (object.path("leading").asBoolean(false) && connection.role() != Role.OWNER) {
                    object.put("leading", false);
                }
                kept.add(new Awareness.Entry(e.clientId(), e.clock(), json.writeValueAsString(object)));
            } catch (JsonProcessingException ex) {
                // not JSON: dropped
            }
        }
        return kept;
    }
}
