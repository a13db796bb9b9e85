package dev.tandem.build;

import java.util.List;

/**
 * The shell script of one step of a phase. Each step runs in its own shell, but the state a
 * command leaves (exported variables, the current folder) is saved on exit and restored by the
 * next step, so the commands of all phases behave as if run in one shell session, as in CodeBuild.
 * The script is POSIX sh, so it runs under bash and sh alike.
 */
final class PhaseScript {

    private PhaseScript() {
    }

    /**
     * @param commands   the commands, run in order; the first that fails ends the script with its status
     * @param succeeding whether the build has succeeded so far (CODEBUILD_BUILD_SUCCEEDING)
     * @param exported   variables whose values are written to the state folder on exit
     */
    static String of(List<String> commands, boolean succeeding, List<String> exported) {
        StringBuilder s = new StringBuilder();
        s.append("""
                if [ -f "$TANDEM_STATE/env" ]; then . "$TANDEM_STATE/env" 2>/dev/null; fi
                cd "$(cat "$TANDEM_STATE/pwd" 2>/dev/null || printf '%s' "$CODEBUILD_SRC_DIR")" 2>/dev/null || cd "$CODEBUILD_SRC_DIR"
                """);
        s.append("export CODEBUILD_BUILD_SUCCEEDING=").append(succeeding ? 1 : 0).append('\n');
        s.append("__tandem_save() {\n");
        s.append("  export -p > \"$TANDEM_STATE/env.next\" && mv \"$TANDEM_STATE/env.next\" \"$TANDEM_STATE/env\"\n");
        s.append("  pwd > \"$TANDEM_STATE/pwd\"\n");
        s.append("  : > \"$TANDEM_STATE/exported\"\n");
        for (String name : exported) {
            s.append("  printf '%s=%s\\0' ").append(name).append(" \"${").append(name).append("-}\" >> \"$TANDEM_STATE/exported\"\n");
        }
        s.append("}\ntrap __tandem_save EXIT\n");
        for (String command : commands) {
            String quoted = quote(command.length() > 500 ? command.substring(0, 500) + "…" : command);
            s.append("printf '[tandem] Running command %s\\n' ").append(quoted).append('\n');
            s.append(command).append('\n');
            s.append("__tandem_status=$?\n");
            s.append("if [ $__tandem_status -ne 0 ]; then printf '[tandem] Command did not exit successfully %s exit status %s\\n' ")
                    .append(quoted).append(" \"$__tandem_status\"; exit $__tandem_status; fi\n");
        }
        return s.toString();
    }

    /** A single-quoted sh word. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
