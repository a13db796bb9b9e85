package com.example.app;

/**
 * Entry point: greets the names given on the command line, or the world.
 */
public final class App {

    private App() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.out.println(Greeter.greet(null));
        }
        for (String name : args) {
            System.out.println(Greeter.greet(name));
        }
    }
}
