package dev.tandem.cli;

/** Entry of the command-line client; the commands themselves come with the REST API. */
public final class TandemCli {

    private TandemCli() {
    }

    /** A first argument that is not an option names a client command; otherwise the jar serves. */
    public static boolean isClientCommand(String[] args) {
        return args.length > 0 && !args[0].startsWith("-");
    }

    public static int run(String[] args) {
        System.err.println("tandem: unknown command " + args[0]);
        return 2;
    }
}
