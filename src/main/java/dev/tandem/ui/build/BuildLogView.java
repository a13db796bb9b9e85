package dev.tandem.ui.build;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.tandem.build.BuildService;
import dev.tandem.build.LogChunk;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A build's log as a window onto the file on the server: it opens on the tail, pages back on
 * demand, and while the build runs appends what arrives through Vaadin Push. The browser never
 * holds more than {@link #MAX_SHOWN} bytes: the oldest text is dropped as new text comes, and
 * "Show earlier" brings it back.
 */
class BuildLogView extends Composite<VerticalLayout> {

    static final int PAGE = 64 * 1024;
    static final int MAX_SHOWN = 512 * 1024;

    private final BuildService builds;
    private final String username;
    private final Pre pre = new Pre();
    private final Button earlier = new Button("Show earlier output");
    /** Shown pieces, oldest first, with their byte ranges in the log. */
    private final Deque<Piece> pieces = new ArrayDeque<>();
    private final AtomicBoolean pullScheduled = new AtomicBoolean();
    private long buildId = -1;
    private long firstOffset;
    private long nextOffset;
    private long shownBytes;
    private Runnable stopListening = () -> { };
    private BuildService.LogFollower follower;
    private boolean listening;

    private record Piece(Text text, long start, long end) {
    }

    BuildLogView(BuildService builds, String username) {
        this.builds = builds;
        this.username = username;
        var layout = getContent();
        layout.setPadding(false);
        layout.setSpacing(false);
        layout.setSizeFull();
        pre.setId("build-log");
        pre.addClassName("build-log");
        earlier.setId("build-log-earlier");
        earlier.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        earlier.addClickListener(e -> showEarlier());
        earlier.setVisible(false);
        layout.add(earlier);
        layout.addAndExpand(pre);
    }

    /** Shows the tail of a build's log and follows it while the build runs; -1 shows nothing. */
    void show(long id) {
        stopListening.run();
        stopListening = () -> { };
        follower = null;
        pre.removeAll();
        pieces.clear();
        shownBytes = 0;
        buildId = id;
        if (id < 0) {
            earlier.setVisible(false);
            return;
        }
        LogChunk tail = builds.logBefore(username, id, Long.MAX_VALUE, PAGE);
        firstOffset = tail.offset();
        nextOffset = tail.offset();
        append(tail);
        earlier.setVisible(firstOffset > 0);
        follower = builds.follow(username, id);
        listening = false;
        update(false);
    }

    /**
     * Catches up with the log: starts listening once the build's log is being written (a queued
     * build has none yet) and appends what is new. Called again whenever the build changes state.
     */
    void update(boolean buildDone) {
        if (follower == null) {
            return;
        }
        if (!listening && !buildDone) {
            UI ui = UI.getCurrent();
            long id = buildId;
            BuildService.LogFollower current = follower;
            Runnable remove = current.listen(() -> {
                if (pullScheduled.compareAndSet(false, true)) {
                    ui.access(() -> {
                        pullScheduled.set(false);
                        if (buildId == id) {
                            pull(current);
                        }
                    });
                }
            });
            if (remove != null) {
                listening = true;
                stopListening = remove;
            }
        }
        pull(follower);
    }

    @Override
    protected void onDetach(com.vaadin.flow.component.DetachEvent event) {
        stopListening.run();
    }

    /** Appends what arrived since the last pull, whole lines only while more may follow. */
    private void pull(BuildService.LogFollower follower) {
        LogChunk chunk = follower.read(nextOffset, PAGE);
        if (chunk.data().length == 0) {
            return;
        }
        byte[] data = chunk.data();
        int end = data.length;
        boolean more = chunk.nextOffset() < chunk.logSize() || !chunk.complete();
        if (more) {
            int lastNewline = lastIndexOf(data, (byte) '\n');
            if (lastNewline >= 0) {
                end = lastNewline + 1;
            } else if (data.length < PAGE) {
                return;
            }
        }
        append(new LogChunk(chunk.offset(), chunk.offset() + end, chunk.logSize(), chunk.complete(), Arrays.copyOf(data, end)));
        if (chunk.offset() + end < chunk.logSize()) {
            // more is already there: take it in the next round trip, so one pull stays small
            pullScheduled.set(true);
            UI.getCurrent().access(() -> {
                pullScheduled.set(false);
                pull(follower);
            });
        }
    }

    private void append(LogChunk chunk) {
        if (chunk.data().length == 0) {
            return;
        }
        Text text = new Text(new String(chunk.data(), StandardCharsets.UTF_8));
        pre.add(text);
        pieces.addLast(new Piece(text, chunk.offset(), chunk.nextOffset()));
        nextOffset = chunk.nextOffset();
        shownBytes += chunk.data().length;
        while (shownBytes > MAX_SHOWN && pieces.size() > 1) {
            Piece oldest = pieces.removeFirst();
            pre.remove(oldest.text());
            shownBytes -= oldest.end() - oldest.start();
            firstOffset = pieces.peekFirst().start();
            earlier.setVisible(true);
        }
    }

    private void showEarlier() {
        if (buildId < 0 || firstOffset == 0) {
            earlier.setVisible(false);
            return;
        }
        LogChunk page = builds.logBefore(username, buildId, firstOffset, PAGE);
        if (page.data().length > 0) {
            Text text = new Text(new String(page.data(), StandardCharsets.UTF_8));
            pre.addComponentAsFirst(text);
            pieces.addFirst(new Piece(text, page.offset(), page.nextOffset()));
            shownBytes += page.data().length;
            firstOffset = page.offset();
        }
        earlier.setVisible(firstOffset > 0);
    }

    private static int lastIndexOf(byte[] data, byte b) {
        for (int i = data.length - 1; i >= 0; i--) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
