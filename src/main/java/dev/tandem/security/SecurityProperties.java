package dev.tandem.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code tandem.security.*}.
 *
 * @param lockAfterFailures failed sign-ins in a row after which an account is locked
 * @param firstLock         how long the first lock lasts; each further failure doubles it
 * @param maxLock           the longest lock
 * @param ticketLifetime    how long a websocket ticket may wait to be used
 */
@ConfigurationProperties("tandem.security")
public record SecurityProperties(int lockAfterFailures, Duration firstLock, Duration maxLock, Duration ticketLifetime) {

    public SecurityProperties {
        lockAfterFailures = lockAfterFailures <= 0 ? 5 : lockAfterFailures;
        firstLock = firstLock == null ? Duration.ofSeconds(30) : firstLock;
        maxLock = maxLock == null ? Duration.ofMinutes(15) : maxLock;
        ticketLifetime = ticketLifetime == null ? Duration.ofSeconds(30) : ticketLifetime;
    }

    /** The lock that follows the given number of consecutive failures, or zero for none. */
    public Duration lockAfter(int failures) {
        if (failures < lockAfterFailures) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - lockAfterFailures, 30);
        Duration lock = firstLock.multipliedBy(1L << doublings);
        return lock.compareTo(maxLock) > 0 ? maxLock : lock;
    }
}
