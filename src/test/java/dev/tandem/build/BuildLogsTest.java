package dev.tandem.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.config.TandemProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class BuildLogsTest {

    @TempDir
    Path home;

    private BuildLogs logs(long maxBytes) {
        TandemProperties tandem = new TandemProperties(home, null, null);
        BuildProperties properties = new BuildProperties(0, null, null, 0, null, DataSize.ofBytes(maxBytes), null, null, 0);
        return new BuildLogs(new BuildDirectories(tandem), properties);
    }

    @Test
    void readsSlicesTailsFromALineStartAndPagesBack() {
        BuildLogs logs = logs(1 << 20);
        try (BuildLogs.Writer writer = logs.open(1)) {
            for (int i = 0; i < 100; i++) {
                byte[] line = ("line " + i + "\n").getBytes(StandardCharsets.UTF_8);
                writer.append(line, 0, line.length);
            }
            assertThat(logs.read(1, 0, 7).text()).isEqualTo("line 0\n");
            LogChunk tail = logs.before(1, Long.MAX_VALUE, 20);
            assertThat(tail.text()).isEqualTo("line 98\nline 99\n");
            LogChunk earlier = logs.before(1, tail.offset(), 20);
            assertThat(earlier.text()).isEqualTo("line 96\nline 97\n");
            assertThat(earlier.nextOffset()).isEqualTo(tail.offset());
            assertThat(tail.complete()).isFalse();
        }
        assertThat(logs.read(1, logs.size(1), 10).complete()).isTrue();
    }

    @Test
    void aFollowerWakesOnAppendAndEndsWithTheLog() throws Exception {
        BuildLogs logs = logs(1 << 20);
        BuildLogs.Writer writer = logs.open(2);
        CompletableFuture<Long> woke = CompletableFuture.supplyAsync(() -> {
            try {
                long start = System.nanoTime();
                assertThat(logs.await(2, 0, 10_000)).isTrue();
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        writer.line("hello");
        assertThat(woke.get(5, TimeUnit.SECONDS)).isLessThan(5_000);
        long size = logs.size(2);
        CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(() -> {
            try {
                return logs.await(2, size, 10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        writer.close();
        assertThat(ended.get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aLogStopsGrowingAtItsLimit() {
        BuildLogs logs = logs(1000);
        try (BuildLogs.Writer writer = logs.open(3)) {
            byte[] block = new byte[300];
            java.util.Arrays.fill(block, (byte) 'x');
            for (int i = 0; i < 10; i++) {
                writer.append(block, 0, block.length);
            }
        }
        assertThat(logs.size(3)).isLessThan(1200);
        assertThat(logs.before(3, Long.MAX_VALUE, 200).text()).contains("reached its limit");
    }
}
