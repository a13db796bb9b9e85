package dev.tandem.config;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Migrates the database with Flyway off the start path: the data source every bean gets is a
 * {@link MigratedDataSource}, which migrates in the background and makes early callers wait. Spring
 * Boot's own Flyway initializer is switched off ({@code spring.flyway.enabled=false}): it migrates on
 * the main thread, and everything built on the database (here even the sign-in provider of the
 * security chains) waited for it before the web server could start.
 */
@Component
class DatabaseMigration implements BeanPostProcessor {

    private final String[] locations;

    DatabaseMigration(Environment environment) {
        this.locations = environment.getProperty("spring.flyway.locations", String[].class,
                new String[] {"classpath:db/migration"});
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource target && !(bean instanceof MigratedDataSource)) {
            return MigratedDataSource.migrating(target, this::migrate);
        }
        return bean;
    }

    void migrate(DataSource target) {
        Flyway.configure(getClass().getClassLoader()).dataSource(target).locations(locations).load().migrate();
    }
}
