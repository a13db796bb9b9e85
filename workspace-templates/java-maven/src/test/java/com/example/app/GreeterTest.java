package com.example.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class GreeterTest {

    @Test
    void greetsTheGivenName() {
        assertEquals("Hello, Ada!", Greeter.greet("Ada"));
    }

    @Test
    void stripsSurroundingWhitespace() {
        assertEquals("Hello, Grace Hopper!", Greeter.greet("  Grace Hopper \n"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t"})
    void greetsTheWorldWithoutAName(String name) {
        assertEquals("Hello, World!", Greeter.greet(name));
    }
}
