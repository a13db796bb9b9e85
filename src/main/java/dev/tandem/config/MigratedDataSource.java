package dev.tandem.config;

import java.io.Closeable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's data source, handing out connections only once the database is migrated. The
 * migration runs on a thread of its own from the moment the data source is created, so that the
 * server's start (security chains, web server, the first page) does not wait for the database to open
 * and its schema to be created. A connection asked for earlier waits for the migration to finish, so
 * no caller ever sees an unmigrated database; after a failed migration every request for a connection
 * fails with the migration's error.
 */
public final class MigratedDataSource extends DelegatingDataSource implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(MigratedDataSource.class);

    private final CompletableFuture<Void> migrated = new CompletableFuture<>();

    private MigratedDataSource(DataSource target) {
        super(target);
    }

    /**
     * Wraps {@code target} and starts {@code migration} on it in the background.
     *
     * @param migration brings the database behind {@code target} to the current schema; it alone uses
     *                  {@code target} directly
     */
    public static MigratedDataSource migrating(DataSource target, Consumer<DataSource> migration) {
        MigratedDataSource source = new MigratedDataSource(target);
        Thread thread = new Thread(() -> {
            try {
                migration.accept(target);
                source.migrated.complete(null);
            } catch (RuntimeException | Error e) {
                log.error("The database could not be migrated", e);
                source.migrated.completeExceptionally(e);
            }
        }, "db-migration");
        thread.setDaemon(true);
        thread.start();
        return source;
    }

    @Override
    public Connection getConnection() throws SQLException {
        awaitMigration();
        return super.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        awaitMigration();
        return super.getConnection(username, password);
    }

    /** Whether the migration has ended, successfully or not. */
    public boolean migrationDone() {
        return migrated.isDone();
    }

    private void awaitMigration() throws SQLException {
        try {
            migrated.get();
        } catch (ExecutionException e) {
            throw new SQLException("The database could not be migrated: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting for the database migration", e);
        }
    }

    /** Closes the pool behind this, after a running migration has ended (it may not be cut off halfway). */
    @Override
    public void close() {
        try {
            migrated.handle((ok, failure) -> null).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        if (getTargetDataSource() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("Closing the connection pool failed", e);
            }
        }
    }
}
