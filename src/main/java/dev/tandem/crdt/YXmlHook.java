package dev.tandem.crdt;

/** A custom node in an XML tree (a map with a hook name), compatible with {@code Y.XmlHook}. */
public class YXmlHook extends YMap {
    static final int TYPE_REF = 5;
    private final String hookName;

    /** A new, preliminary hook with this name. */
    public YXmlHook(String hookName) {
        this.hookName = hookName;
    }

    /** The hook name. */
    public String hookName() {
        return hookName;
    }

    @Override
    int typeRef() {
        return TYPE_REF;
    }

    @Override
    String nodeNameForEncoding() {
        return hookName;
    }

    @Override
    AbstractType emptyCopy() {
        return new YXmlHook(hookName);
    }
}
