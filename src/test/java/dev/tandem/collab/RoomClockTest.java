package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The clock ticks the open rooms, one tick for all, and only while some room is open. */
class RoomClockTest {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

    RoomClockTest() {
        // A cancelled tick leaves the queue at once, so an empty queue means the clock stopped.
        timer.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static CollabProperties delays(Duration write, Duration poll) {
        return new CollabProperties(null, null, 0, 0, null, write, write, poll, null, 0, null, null, null, 0, 0, null, null);
    }

    /** The delay until the clock's next tick, as the timer holds it. */
    private long nextTickInMillis() {
        return ((Delayed) timer.getQueue().peek()).getDelay(TimeUnit.MILLISECONDS);
    }

    @Test
    void ticksEveryRoomWhileOneIsOpenAndStopsWithTheLast() throws InterruptedException {
        RoomClock clock = new RoomClock(timer, delays(Duration.ofMillis(20), Duration.ofMillis(500)));
        assertThat(timer.getQueue()).as("no room, no tick").isEmpty();
        CountDownLatch both = new CountDownLatch(4);
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        RoomClock.Ticking a = now -> { first.incrementAndGet(); both.countDown(); };
        RoomClock.Ticking b = now -> { second.incrementAndGet(); both.countDown(); };
        clock.add(a);
        clock.add(b);
        assertThat(timer.getQueue()).as("one tick for all rooms").hasSize(1);
        assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(first.get()).isPositive();
        assertThat(second.get()).isPositive();

        clock.remove(a);
        int removedAt = first.get();
        // (Not the timer's queue: a tick that is running is out of it until it ends.)
        int secondBefore = second.get();
        long deadline = System.currentTimeMillis() + 5000;
        while (second.get() < secondBefore + 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertThat(second.get()).as("a room is still open: it goes on ticking").isGreaterThanOrEqualTo(secondBefore + 3);
        assertThat(first.get()).as("the room that left, at most the tick under way").isLessThanOrEqualTo(removedAt + 1);
        clock.remove(b);
        assertThat(timer.getQueue()).as("the last room left: no more wake-ups").isEmpty();
        int ticked = second.get();
        Thread.sleep(100);
        assertThat(second.get()).isLessThanOrEqualTo(ticked + 1);
    }

    @Test
    void aRoomThatFailsDoesNotStopTheOthers() throws InterruptedException {
        RoomClock clock = new RoomClock(timer, delays(Duration.ofMillis(20), Duration.ofMillis(500)));
        CountDownLatch ticks = new CountDownLatch(3);
        clock.add(now -> {
            throw new IllegalStateException("a broken room");
        });
        clock.add(now -> ticks.countDown());
        assertThat(ticks.await(5, TimeUnit.SECONDS)).as("three ticks despite the failing room").isTrue();
    }

    @Test
    void ticksAtHalfTheShorterDelayBetweenTenAndHundredMilliseconds() {
        RoomClock defaults = new RoomClock(timer, delays(Duration.ofMillis(200), Duration.ofMillis(500)));
        defaults.add(now -> { });
        assertThat(nextTickInMillis()).isBetween(50L, 100L);
        timer.getQueue().clear();

        RoomClock fastPoll = new RoomClock(timer, delays(Duration.ofSeconds(10), Duration.ofMillis(60)));
        fastPoll.add(now -> { });
        assertThat(nextTickInMillis()).isBetween(15L, 30L);
        timer.getQueue().clear();

        RoomClock tiny = new RoomClock(timer, delays(Duration.ofMillis(4), Duration.ofMillis(500)));
        tiny.add(now -> { });
        assertThat(nextTickInMillis()).isBetween(5L, 10L);
    }
}
