package dev.tandem.terminal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code tandem.terminal.*}.
 *
 * @param shell             the shell each terminal runs, in the workspace root
 * @param scrollback        how much recent output a terminal keeps for clients that (re)attach
 * @param idleTimeout       a terminal with neither input nor output for this long is closed
 * @param maxPerWorkspace   open terminals a workspace may have at once
 * @param maxMessage        the largest websocket message a client may send
 * @param highWatermark     a client with this much output queued or unacknowledged pauses the shell
 * @param lowWatermark      ... which resumes once every client is back below this
 * @param slowClientTimeout a client that stays above the high watermark this long is disconnected, so
 *                          that one stalled viewer cannot freeze a shared terminal for everyone
 * @param network           whether shells may reach the network
 * @param memoryLimit       data segment limit of each process in a terminal
 * @param maxProcesses      process (and thread) limit of a terminal's sandbox user
 */
@ConfigurationProperties("tandem.terminal")
public record TerminalProperties(String shell, DataSize scrollback, Duration idleTimeout, Integer maxPerWorkspace,
                                 DataSize maxMessage, DataSize highWatermark, DataSize lowWatermark,
                                 Duration slowClientTimeout, Boolean network, DataSize memoryLimit,
                                 Integer maxProcesses) {

    public TerminalProperties {
        shell = shell == null || shell.isBlank() ? "/bin/bash" : shell;
        scrollback = scrollback == null ? DataSize.ofMegabytes(1) : scrollback;
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(30) : idleTimeout;
        maxPerWorkspace = maxPerWorkspace == null ? 10 : maxPerWorkspace;
        maxMessage = maxMessage == null ? DataSize.ofKilobytes(64) : maxMessage;
        highWatermark = highWatermark == null ? DataSize.ofKilobytes(512) : highWatermark;
        lowWatermark = lowWatermark == null ? DataSize.ofKilobytes(128) : lowWatermark;
        slowClientTimeout = slowClientTimeout == null ? Duration.ofSeconds(30) : slowClientTimeout;
        network = network == null || network;
        memoryLimit = memoryLimit == null ? DataSize.ofGigabytes(4) : memoryLimit;
        maxProcesses = maxProcesses == null ? 512 : maxProcesses;
        if (lowWatermark.toBytes() >= highWatermark.toBytes()) {
            throw new IllegalArgumentException("tandem.terminal.low-watermark must be below high-watermark");
        }
    }
}
