package dev.tandem.build;

import java.util.List;
import java.util.Map;

/**
 * A parsed and validated {@code buildspec.yml} (version 0.2, the shape of AWS CodeBuild's).
 *
 * @param env       environment of every command
 * @param phases    the phases that have a section, in the order they run
 * @param artifacts what to keep as the build's zip; null when none
 * @param reports   test report groups by name, in file order
 * @param cachePaths paths kept between builds of the same workspace, as written
 */
public record BuildSpec(Env env, Map<PhaseName, Phase> phases, Artifacts artifacts, Map<String, ReportGroup> reports,
        List<String> cachePaths) {

    /**
     * @param shell             {@code bash} (default) or {@code sh}
     * @param variables         plain variables, in file order
     * @param parameterStore    reserved for the parameter store (variable name to parameter name)
     * @param secrets           reserved for the secrets store (variable name to secret reference)
     * @param exportedVariables variables whose final values the build records
     */
    public record Env(String shell, Map<String, String> variables, Map<String, String> parameterStore,
            Map<String, String> secrets, List<String> exportedVariables) {
    }

    /**
     * @param commands       run one by one in one shell session; the first failure ends the phase
     * @param finallyCommands run after {@code commands} whatever their outcome
     * @param onFailure      whether a failure stops the build ({@code ABORT}, default) or lets the next phase run
     */
    public record Phase(List<String> commands, List<String> finallyCommands, OnFailure onFailure) {
    }

    public enum OnFailure { ABORT, CONTINUE }

    /**
     * @param files        globs of the files to keep, relative to {@code baseDirectory}
     * @param baseDirectory folder (relative to the source root) the globs and the zip paths start from; "" for the root
     * @param discardPaths true to put every file at the top of the zip
     * @param name         file name of the zip (without ".zip" added when present); null for {@code artifacts}
     * @param excludePaths globs of files to leave out
     */
    public record Artifacts(List<String> files, String baseDirectory, boolean discardPaths, String name,
            List<String> excludePaths) {
    }

    /**
     * @param files         globs of JUnit XML files, relative to {@code baseDirectory}
     * @param baseDirectory folder relative to the source root; "" for the root
     * @param fileFormat    {@code JUNITXML} (the only one read)
     */
    public record ReportGroup(List<String> files, String baseDirectory, String fileFormat) {
    }
}
