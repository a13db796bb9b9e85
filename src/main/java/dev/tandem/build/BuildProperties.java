package dev.tandem.build;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code tandem.build.*}.
 *
 * @param concurrency      builds that run at once; more wait in the queue
 * @param defaultTimeout   a build's time limit unless its start asks for another
 * @param maxTimeout       the longest time limit a start may ask for
 * @param retainCount      builds kept per workspace; older ones are deleted with their logs and artifacts
 * @param retainAge        builds older than this are deleted
 * @param maxLogSize       a log stops growing here (the build goes on)
 * @param maxArtifactsSize the artifacts zip of a build may not be larger
 * @param memoryLimit      memory limit of a build's processes
 * @param maxProcesses     process limit of a build
 */
@ConfigurationProperties("tandem.build")
public record BuildProperties(int concurrency, Duration defaultTimeout, Duration maxTimeout, int retainCount,
        Duration retainAge, DataSize maxLogSize, DataSize maxArtifactsSize, DataSize memoryLimit, int maxProcesses) {

    public BuildProperties {
        concurrency = concurrency <= 0 ? 2 : concurrency;
        defaultTimeout = defaultTimeout == null ? Duration.ofMinutes(60) : defaultTimeout;
        maxTimeout = maxTimeout == null ? Duration.ofHours(8) : maxTimeout;
        retainCount = retainCount <= 0 ? 50 : retainCount;
        retainAge = retainAge == null ? Duration.ofDays(30) : retainAge;
        maxLogSize = maxLogSize == null ? DataSize.ofGigabytes(1) : maxLogSize;
        maxArtifactsSize = maxArtifactsSize == null ? DataSize.ofGigabytes(1) : maxArtifactsSize;
        memoryLimit = memoryLimit == null ? DataSize.ofGigabytes(4) : memoryLimit;
        maxProcesses = maxProcesses <= 0 ? 1024 : maxProcesses;
    }
}
