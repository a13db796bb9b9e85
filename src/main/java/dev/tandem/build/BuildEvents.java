package dev.tandem.build;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.springframework.stereotype.Component;

/** Tells views of a workspace that one of its builds changed (queued, a phase began or ended, it ended). */
@Component
class BuildEvents {

    private final Map<Long, List<LongConsumer>> listeners = new ConcurrentHashMap<>();

    void changed(long workspaceId, long buildId) {
        List<LongConsumer> list = listeners.get(workspaceId);
        if (list != null) {
            list.forEach(l -> l.accept(buildId));
        }
    }

    Runnable listen(long workspaceId, LongConsumer listener) {
        List<LongConsumer> list = listeners.computeIfAbsent(workspaceId, id -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> list.remove(listener);
    }
}
