package dev.tandem.terminal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The server's JSON control messages of the terminal protocol (see docs/terminal.md). */
final class TerminalMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TerminalMessages() {
    }

    static String opened(TerminalInfo info, boolean canWrite) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "opened");
        message.put("terminalId", info.id());
        message.put("name", info.name());
        message.put("owner", info.owner());
        message.put("shared", info.shared());
        message.put("cols", info.cols());
        message.put("rows", info.rows());
        message.put("readOnly", !canWrite);
        message.put("sandboxed", info.sandboxed());
        return write(message);
    }

    static String size(int cols, int rows) {
        return write(Map.of("type", "size", "cols", cols, "rows", rows));
    }

    static String exit(int code, ExitReason reason) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "exit");
        message.put("code", code);
        message.put("reason", reason.id());
        message.put("message", switch (reason) {
            case EXITED -> "The shell exited with code " + code + ".";
            case CLOSED -> "The terminal was closed.";
            case IDLE -> "The terminal was closed after being idle too long.";
            case STOPPED -> "The terminal was stopped with its workspace.";
        });
        return write(message);
    }

    static String error(String code, String text) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "error");
        message.put("code", code);
        message.put("message", text);
        return write(message);
    }

    private static String write(Object message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
