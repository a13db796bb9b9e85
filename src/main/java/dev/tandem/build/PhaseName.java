package dev.tandem.build;

/** The command phases of a buildspec, in the order they run, with their names in YAML. */
public enum PhaseName {
    INSTALL("install"), PRE_BUILD("pre_build"), BUILD("build"), POST_BUILD("post_build");

    private final String yamlName;

    PhaseName(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
