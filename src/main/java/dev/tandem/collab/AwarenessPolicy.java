package dev.tandem.collab;

import dev.tandem.crdt.Json;
import dev.tandem.crdt.MalformedUpdateException;
import dev.tandem.workspace.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the server enforces on awareness states (every room): a state must be a JSON object,
 * its {@code user.name} is the connection's real user name (nobody can pose as someone else), and
 * only an owner may set {@code leading} ("everyone follow me", used in the presence room): anyone
 * else's is set to {@code false}.
 */
final class AwarenessPolicy {

    List<Awareness.Entry> filter(List<Awareness.Entry> entries, Connection connection) {
        List<Awareness.Entry> kept = new ArrayList<>(entries.size());
        for (Awareness.Entry e : entries) {
            if (e.removal()) {
                kept.add(e);
                continue;
            }
            Map<String, Object> state = object(parse(e.state()));
            if (state == null) {
                continue;
            }
            Map<String, Object> user = object(state.get("user"));
            if (user == null) {
                user = new LinkedHashMap<>();
                state.put("user", user);
            }
            user.put("name", connection.username());
            user.put("role", connection.role().id());
            if (truthy(state.get("leading")) && connection.role() != Role.OWNER) {
                state.put("leading", false);
            }
            kept.add(new Awareness.Entry(e.clientId(), e.clock(), Json.stringify(state)));
        }
        return kept;
    }

    /** The parsed state, or null when it is not JSON (it is then dropped). */
    private static Object parse(String state) {
        try {
            return Json.parse(state);
        } catch (MalformedUpdateException ex) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    /** JavaScript's truthiness, as the browser reads {@code leading}. */
    private static boolean truthy(Object value) {
        return value != null && !Boolean.FALSE.equals(value) && !"".equals(value)
                && !(value instanceof Number n && n.doubleValue() == 0);
    }
}
