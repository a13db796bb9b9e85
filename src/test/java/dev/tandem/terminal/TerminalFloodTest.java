package dev.tandem.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.workspace.Role;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Flow control under a flood: 200 MB of output reaches a reading client completely, while a second
 * client that stops reading neither grows the server's heap nor stalls the terminal for good (it is
 * dropped after the slow-client timeout, 4 s in tests).
 */
class TerminalFloodTest extends TerminalTestBase {

    private static final long FLOOD = 200_000_000L;

    @Test
    void a200MegabyteFloodCompletesWithBoundedHeap() throws Exception {
        String owner = newUser("owner");
        String editor = newUser("editor");
        long ws = newWorkspace(owner);
        addMember(owner, ws, editor, Role.EDITOR);
        TermClient reader = TermClient.connect(port, "/terminal/" + ws + "/new", bearer(owner), false);
        String id = reader.awaitMessage("opened", WAIT).path("terminalId").asText();
        TermClient stalled = TermClient.connect(port, "/terminal/" + ws + "/" + id, bearer(editor), false);
        stalled.awaitMessage("opened", WAIT);
        stalled.stopReading();

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                memory.gc();
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        try {
            reader.type("head -c " + FLOOD + " /dev/zero | tr '\\0' y; echo; echo FLOOD-$((40+2))-DONE\r");
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (!reader.output().contains("FLOOD-42-DONE") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            running.set(false);
            sampler.join();
        }
        assertThat(reader.output()).contains("FLOOD-42-DONE");
        assertThat(reader.received()).isGreaterThanOrEqualTo(FLOOD);
        // Retained heap during the flood (sampled after GC): queues, scrollback and frames only, not the flood.
        assertThat(peak.get() - baseline).as("heap growth in bytes").isLessThan(48L * 1024 * 1024);
        // The stalled client was cut off rather than buffered for; it got at most a few windows of output.
        assertThat(stalled.received()).isLessThan(FLOOD / 4);
        assertThat(terminals.get(owner, ws, id)).isNotNull();
        reader.close();
        stalled.close();
    }
}
