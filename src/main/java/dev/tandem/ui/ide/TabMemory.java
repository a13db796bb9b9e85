package dev.tandem.ui.ide;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.Component;
import java.util.function.Consumer;

/**
 * Remembers a workspace's open tabs across page reloads in the browser's {@code localStorage}.
 *
 * <p>Why the browser and not the server: which tabs are open is a property of one window on one
 * device, like its scroll position, not of the account. Kept in the browser it costs no table and
 * no writes on every tab switch, two devices keep their own layouts, and it still survives a
 * restart of the server. The key includes the username so people sharing a browser profile do
 * not inherit each other's tabs. Paths read back are only hints: each is opened through the
 * workspace service, which checks access as for any other open.
 */
class TabMemory {

    /** A stored value larger than this is not ours or is corrupt; it is ignored. */
    private static final int MAX_STORED_CHARS = 64 * 1024;

    private final Component host;
    private final String key;
    private final ObjectMapper json;

    TabMemory(Component host, String username, long workspaceId, ObjectMapper json) {
        this.host = host;
        this.key = "tandem.tabs." + username + "." + workspaceId;
        this.json = json;
    }

    void load(Consumer<TabState> loaded) {
        host.getElement().executeJs("return localStorage.getItem($0) || ''", key)
                .then(String.class, stored -> {
                    if (!stored.isEmpty() && stored.length() <= MAX_STORED_CHARS) {
                        loaded.accept(parse(stored));
                    }
                });
    }

    void save(TabState state) {
        try {
            host.getElement().executeJs("localStorage.setItem($0, $1)", key, json.writeValueAsString(state));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Tab state is always serialisable", e);
        }
    }

    private TabState parse(String stored) {
        try {
            return json.readValue(stored, TabState.class);
        } catch (JsonProcessingException e) {
            return new TabState(null, null);
        }
    }
}
