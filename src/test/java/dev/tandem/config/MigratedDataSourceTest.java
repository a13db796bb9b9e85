package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The background migration on a real H2 file database with the application's real migrations. */
class MigratedDataSourceTest {

    private HikariDataSource pool;

    @BeforeEach
    void openPool() throws Exception {
        Path dir = Files.createTempDirectory("tandem-migration-test");
        pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE");
        pool.setUsername("tandem");
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void aQueryBeforeTheMigrationEndsWaitsForItAndSeesTheMigratedSchema() throws Exception {
        var migration = new DatabaseMigration(new StandardEnvironment());
        var mayMigrate = new CountDownLatch(1);
        var source = MigratedDataSource.migrating(pool, target -> {
            awaitRelease(mayMigrate);
            migration.migrate(target);
        });
        JdbcClient jdbc = JdbcClient.create(source);

        var query = CompletableFuture.supplyAsync(() -> jdbc.sql("select count(*) from users").query(Long.class).single());
        // The query has asked for its connection and is held back while the database is still empty.
        Thread.sleep(300);
        assertThat(query).isNotDone();
        assertThat(source.migrationDone()).isFalse();

        mayMigrate.countDown();
        assertThat(query.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(source.migrationDone()).isTrue();
        assertThat(jdbc.sql("select count(*) from \"flyway_schema_history\" where \"script\" like 'V%'").query(Long.class).single())
                .isEqualTo(5);
    }

    @Test
    void theBeanPostProcessorWrapsTheDataSourceAndMigratesIt() throws Exception {
        Object bean = new DatabaseMigration(new StandardEnvironment()).postProcessAfterInitialization(pool, "dataSource");

        assertThat(bean).isInstanceOf(MigratedDataSource.class);
        // Straight away: the first connection waits for the migration instead of finding no tables.
        assertThat(JdbcClient.create((MigratedDataSource) bean).sql("select count(*) from workspaces").query(Long.class).single())
                .isZero();
    }

    @Test
    void afterAFailedMigrationEveryConnectionFailsWithItsCause() {
        var source = MigratedDataSource.migrating(pool, target -> {
            throw new IllegalStateException("checksum mismatch for V2");
        });

        await().atMost(Duration.ofSeconds(10)).until(source::migrationDone);
        assertThatThrownBy(source::getConnection)
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("could not be migrated")
                .hasRootCauseMessage("checksum mismatch for V2");
    }

    @Test
    void closingWaitsForARunningMigrationThenClosesThePool() throws Exception {
        var mayFinish = new CountDownLatch(1);
        var source = MigratedDataSource.migrating(pool, target -> awaitRelease(mayFinish));

        var closing = CompletableFuture.runAsync(source::close);
        Thread.sleep(200);
        assertThat(closing).isNotDone();
        assertThat(pool.isClosed()).isFalse();

        mayFinish.countDown();
        closing.get(10, TimeUnit.SECONDS);
        assertThat(pool.isClosed()).isTrue();
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
