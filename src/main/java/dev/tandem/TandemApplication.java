package dev.tandem;

import dev.tandem.cli.TandemCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * One jar, two faces: with no command (or only {@code --option}s) it serves Tandem; with a
 * command ({@code workspaces list}, {@code files get}, ...) it is the command-line client.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TandemApplication {

    public static void main(String[] args) {
        if (TandemCli.isClientCommand(args)) {
            System.exit(TandemCli.run(args));
        }
        AotMode.applyToThisProcess();
        SpringApplication application = new SpringApplication(TandemApplication.class);
        CdsTraining.addIfRequested(application);
        application.run(args);
    }
}
