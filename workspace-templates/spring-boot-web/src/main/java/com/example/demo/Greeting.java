package com.example.demo;

/** The JSON body of {@code GET /api/greeting}: {@code {"message": "Hello, Ada!"}}. */
public record Greeting(String message) {
}
