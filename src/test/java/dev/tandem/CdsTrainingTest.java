package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

class CdsTrainingTest {

    @Test
    void onlyAnExplicitTrueMakesATrainingRun() {
        assertThat(CdsTraining.requested("true")).isTrue();
        assertThat(CdsTraining.requested(null)).isFalse();
        assertThat(CdsTraining.requested("false")).isFalse();
        assertThat(CdsTraining.requested("")).isFalse();
        assertThat(CdsTraining.requested("yes")).isFalse();
    }

    @Test
    void aNormalStartGetsNoTrainingListener() {
        // The server's own start path: without the property the application is left as it was.
        assertThat(System.getProperty(CdsTraining.PROPERTY)).isNull();
        SpringApplication application = new SpringApplication(TandemApplication.class);
        int listeners = application.getListeners().size();
        CdsTraining.addIfRequested(application);
        assertThat(application.getListeners()).hasSize(listeners);
    }
}
