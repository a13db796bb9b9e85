package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
    void aNormalStartIsNoTrainingRunAndReturnsAtOnce() {
        // The server's own start path: without the property, nothing is requested and the JVM keeps running
        // (a training run would need the context, which is not given here, and would exit).
        assertThat(System.getProperty(CdsTraining.PROPERTY)).isNull();
        CdsTraining.runIfRequested(null);
    }
}
