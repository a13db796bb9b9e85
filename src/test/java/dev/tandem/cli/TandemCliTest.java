package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TandemCliTest {

    @Test
    void commandsAndClientOptionsGoToTheClientEverythingElseServes() {
        assertThat(TandemCli.isClientCommand(new String[] {})).isFalse();
        assertThat(TandemCli.isClientCommand(new String[] {"--server.port=9000"})).isFalse();
        assertThat(TandemCli.isClientCommand(new String[] {"--spring.profiles.active=x"})).isFalse();
        assertThat(TandemCli.isClientCommand(new String[] {"workspaces", "list"})).isTrue();
        assertThat(TandemCli.isClientCommand(new String[] {"--help"})).isTrue();
        assertThat(TandemCli.isClientCommand(new String[] {"--version"})).isTrue();
        assertThat(TandemCli.isClientCommand(new String[] {"--server", "http://x", "workspaces", "list"})).isTrue();
        assertThat(TandemCli.isClientCommand(new String[] {"--token=abc", "workspaces", "list"})).isTrue();
    }

    @Test
    void serverUrlsAreChecked() {
        assertThat(ApiConnection.normalizeServer("http://localhost:8080/")).isEqualTo("http://localhost:8080");
        assertThat(ApiConnection.encodePath("src/my file#1.txt")).isEqualTo("src/my%20file%231.txt");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiConnection.normalizeServer("localhost:8080"))
                .isInstanceOf(CliException.class);
    }
}
