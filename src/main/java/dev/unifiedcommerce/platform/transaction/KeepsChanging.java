package dev.unifiedcommerce.platform.transaction;

/** What a request reads kept changing under it for {@link Contention#ATTEMPTS} tries: nothing of it was written; retry. */
public final class KeepsChanging extends RuntimeException {
    private final String what;

    public KeepsChanging(String what) {
        super(what + " keeps changing", null, false, false);
        this.what = what;
    }

    /** What kept changing, as the caller may be told ("order 'ord_…'"). */
    public String what() { return what; }
}
