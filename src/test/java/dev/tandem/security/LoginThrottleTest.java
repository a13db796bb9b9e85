package dev.tandem.security;

import static dev.tandem.security.ApiClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** Locks after repeated failures (3 here, then 2 s doubling up to 4 s; see IntegrationTest). */
class LoginThrottleTest extends IntegrationTest {

    private int basicLogin(String username, String password) {
        return api.send("POST", "/api/v1/tokens", "{\"name\":\"t\"}", "Authorization", basic(username, password)).status();
    }

    @Test
    void locksAfterRepeatedFailuresAndUnlocksLater() throws InterruptedException {
        String mia = newUser("mia");
        for (int i = 0; i < 3; i++) {
            assertThat(basicLogin(mia, "wrong-" + i)).isEqualTo(401);
        }
        assertThat(failedLogins(mia)).isEqualTo(3);
        // Locked: the right password is refused too, with the very message of a wrong one.
        var locked = api.send("POST", "/api/v1/tokens", "{\"name\":\"t\"}", "Authorization", basic(mia, password(mia)));
        assertThat(locked.status()).isEqualTo(401);
        var wrong = api.send("POST", "/api/v1/tokens", "{\"name\":\"t\"}", "Authorization", basic("no-such-user", "x"));
        assertThat(locked.json().get("message")).isEqualTo(wrong.json().get("message"));
        assertThat(api.formLogin(mia, password(mia), null).header("Location").orElse("")).endsWith("/login?error");
        assertThat(failedLogins(mia)).as("attempts during a lock do not count").isEqualTo(3);

        waitUntilUnlocked(mia);
        Instant before = Instant.now();
        assertThat(basicLogin(mia, "wrong-again")).isEqualTo(401);
        Instant after = Instant.now();
        assertThat(failedLogins(mia)).isEqualTo(4);
        // The fourth failure locks for twice as long as the third.
        Instant lockedUntil = lockedUntil(mia);
        assertThat(lockedUntil).isBetween(before.plusSeconds(4).minusMillis(1), after.plusSeconds(4));
        assertThat(basicLogin(mia, password(mia))).isEqualTo(401);
        waitUntilUnlocked(mia);
        assertThat(basicLogin(mia, password(mia))).isEqualTo(201);
        assertThat(failedLogins(mia)).isZero();
        assertThat(lockedUntil(mia)).isNull();
    }

    private Instant lockedUntil(String username) {
        OffsetDateTime until = jdbc.sql("select locked_until from users where username = ?").param(username)
                .query((rs, row) -> rs.getObject(1, OffsetDateTime.class)).list().get(0);
        return until == null ? null : until.toInstant();
    }

    private void waitUntilUnlocked(String username) throws InterruptedException {
        Instant until = lockedUntil(username);
        assertThat(until).isNotNull();
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), until).toMillis() + 100));
    }

    @Test
    void formLoginFailuresCountAndSuccessResets() {
        String noah = newUser("noah");
        assertThat(api.formLogin(noah, "wrong-one", null).header("Location").orElse("")).endsWith("/login?error");
        assertThat(api.formLogin(noah, "wrong-two", null).header("Location").orElse("")).endsWith("/login?error");
        assertThat(failedLogins(noah)).isEqualTo(2);
        var ok = api.formLogin(noah, password(noah), null);
        assertThat(ok.header("Location").orElse("")).doesNotContain("error");
        assertThat(failedLogins(noah)).isZero();
    }

    @Test
    void adminPasswordResetLiftsTheLock() {
        String olga = newUser("olga");
        for (int i = 0; i < 3; i++) {
            basicLogin(olga, "wrong-" + i);
        }
        assertThat(basicLogin(olga, password(olga))).isEqualTo(401);
        users.update(olga, null, null, "a-new-password");
        assertThat(basicLogin(olga, "a-new-password")).isEqualTo(201);
    }

    @Test
    void unknownUsersTakeAboutAsLongAsKnownOnes() {
        String pia = newUser("pia");
        basicLogin(pia, "warm-up");
        basicLogin("nobody-" + pia, "warm-up");
        long known = time(() -> basicLogin(pia, "wrong-password"));
        long unknown = time(() -> basicLogin("nobody-" + pia, "wrong-password"));
        // Both pay one bcrypt comparison; without the decoy the unknown name would answer in ~1 ms.
        assertThat(Duration.ofNanos(unknown)).isGreaterThan(Duration.ofNanos(known / 4));
    }

    private static long time(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }
}
