package dev.tandem.lang.jdt;

import java.util.function.BooleanSupplier;
import org.eclipse.core.runtime.NullProgressMonitor;

/** A progress monitor that JDT polls while compiling; cancelled when the work became stale or too long. */
public final class Cancellation extends NullProgressMonitor {

    private final BooleanSupplier stale;
    private final long deadline;

    public Cancellation(BooleanSupplier stale, long timeoutMillis) {
        this.stale = stale;
        this.deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    }

    @Override
    public boolean isCanceled() {
        return super.isCanceled() || stale.getAsBoolean() || System.nanoTime() > deadline;
    }
}
