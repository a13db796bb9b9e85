package dev.tandem.build;

/** The states of a build and of each of its phases, as CodeBuild names them. */
public enum BuildStatus {
    QUEUED, IN_PROGRESS, SUCCEEDED, FAILED, FAULT, STOPPED, TIMED_OUT;

    public boolean done() {
        return this != QUEUED && this != IN_PROGRESS;
    }
}
