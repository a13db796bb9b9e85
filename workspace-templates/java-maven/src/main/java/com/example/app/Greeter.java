package com.example.app;

/**
 * Builds greetings. Kept free of I/O so it is easy to test.
 */
public final class Greeter {

    static final String DEFAULT_NAME = "World";

    private Greeter() {
    }

    /**
     * Returns a greeting for {@code name}; a missing or blank name greets the world.
     *
     * @param name who to greet, may be {@code null}
     * @return for example {@code "Hello, Ada!"}
     */
    public static String greet(String name) {
        String who = name == null || name.isBlank() ? DEFAULT_NAME : name.strip();
        return "Hello, " + who + "!";
    }
}
