package dev.tandem.crdt;

import java.util.Collections;
import java.util.List;

/**
 * Content that is one element and never splits: a nested type, a sub-document, an embed, a binary
 * value or a format mark. An item holding it is always of length 1.
 */
abstract class SingleContent extends Content {

    /** The one user-visible value (may be null: a JSON embed of {@code null}). */
    abstract Object value();

    @Override
    final int length() {
        return 1;
    }

    @Override
    boolean isCountable() {
        return true;
    }

    @Override
    List<Object> values() {
        return Collections.singletonList(value());
    }

    @Override
    final Content splice(int offset) {
        throw new IllegalStateException(getClass().getSimpleName() + " has length 1 and cannot be split");
    }
}
