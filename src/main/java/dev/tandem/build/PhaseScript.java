package dev.tandem.build;

import java.util.List;

/**
 * The shell scripts of a build. As in CodeBuild (buildspec 0.2), all commands of all phases run in
 * one shell instance: a session script reads the path of one step script at a time from its stdin,
 * sources it (so {@code cd}, variables and shell options carry over to later steps and phases), and
 * then prints an end marker with the step's status, which the runner takes out of the output. If
 * the shell itself ends (a command ran {@code exit}, or {@code set -e} met a failure), its state
 * (exported variables, the current folder) is saved on exit and the next session restores it, so
 * the later steps still see it. The scripts are POSIX sh, so they run under bash and sh alike.
 */
final class PhaseScript {

    /** The first byte of an end marker; it occurs nowhere else in a marker, which keeps the scan simple. */
    static final byte MARKER_START = 1;

    private PhaseScript() {
    }

    /** The bytes that precede a step's status in the output: {@code \001tandem-step-end:<nonce>:}. */
    static String markerPrefix(String nonce) {
        return (char) MARKER_START + "tandem-step-end:" + nonce + ":";
    }

    /**
     * The session: restores a state an earlier session of the build saved, runs the steps named on
     * stdin (each with stdin from /dev/null, so no command can read the next step's path) and saves
     * the state when stdin closes or the shell exits.
     *
     * @param nonce    a random word that makes the end marker unguessable for the build's output
     * @param exported variables whose values are written to the state folder when the session ends
     */
    static String session(String nonce, List<String> exported) {
        StringBuilder s = new StringBuilder();
        s.append("""
                if [ -f "$TANDEM_STATE/env" ]; then . "$TANDEM_STATE/env" 2>/dev/null; fi
                cd "$(cat "$TANDEM_STATE/pwd" 2>/dev/null || printf '%s' "$CODEBUILD_SRC_DIR")" 2>/dev/null || cd "$CODEBUILD_SRC_DIR"
                """);
        s.append("__tandem_save() {\n");
        s.append("  export -p > \"$TANDEM_STATE/env.next\" && mv \"$TANDEM_STATE/env.next\" \"$TANDEM_STATE/env\"\n");
        s.append("  pwd > \"$TANDEM_STATE/pwd\"\n");
        s.append("  : > \"$TANDEM_STATE/exported\"\n");
        for (String name : exported) {
            s.append("  printf '%s=%s\\0' ").append(name).append(" \"${").append(name).append("-}\" >> \"$TANDEM_STATE/exported\"\n");
        }
        s.append("}\ntrap __tandem_save EXIT\n");
        // fd 9 keeps the output pipe for the markers, closed while a step runs: a command that sends
        // the shell's stdout elsewhere (exec >file) cannot swallow the marker and hang the build
        s.append("exec 9>&1\n");
        s.append("while IFS= read -r __tandem_step; do\n");
        s.append("  . \"$__tandem_step\" </dev/null 9>&-\n");
        s.append("  printf '\\001tandem-step-end:").append(nonce).append(":%s\\n' \"$?\" >&9\n");
        s.append("done\n");
        // a command may have replaced the EXIT trap: save explicitly at the normal end
        s.append("__tandem_save\ntrap - EXIT\n");
        return s.toString();
    }

    /**
     * One step (a phase's commands, or its finally commands), sourced by the session.
     *
     * @param commands   the commands, run in order; the first that fails ends the step with its status
     * @param succeeding whether the build has succeeded so far (CODEBUILD_BUILD_SUCCEEDING)
     */
    static String step(List<String> commands, boolean succeeding) {
        StringBuilder s = new StringBuilder();
        s.append("export CODEBUILD_BUILD_SUCCEEDING=").append(succeeding ? 1 : 0).append('\n');
        for (String command : commands) {
            String quoted = quote(command.length() > 500 ? command.substring(0, 500) + "…" : command);
            s.append("printf '[tandem] Running command %s\\n' ").append(quoted).append('\n');
            s.append(command).append('\n');
            s.append("__tandem_status=$?\n");
            s.append("if [ $__tandem_status -ne 0 ]; then printf '[tandem] Command did not exit successfully %s exit status %s\\n' ")
                    .append(quoted).append(" \"$__tandem_status\"; return $__tandem_status; fi\n");
        }
        s.append("return 0\n");
        return s.toString();
    }

    /** A single-quoted sh word. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
