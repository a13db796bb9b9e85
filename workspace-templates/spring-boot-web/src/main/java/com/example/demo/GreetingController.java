package com.example.demo;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api")
public class GreetingController {

    static final int MAX_NAME_LENGTH = 100;

    @GetMapping("/greeting")
    public Greeting greeting(@RequestParam(defaultValue = "World") String name) {
        String who = name.strip();
        if (who.isEmpty() || who.length() > MAX_NAME_LENGTH) {
            // Every input gets a limit; a bad one is the client's mistake, so 400 rather than 500.
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        return new Greeting("Hello, " + who + "!");
    }
}
