package dev.unifiedcommerce.platform.transaction;

import java.util.List;
import java.util.Optional;

/**
 * A transaction was refused because one or more of its conditions did not hold: nothing was written. It names those
 * conditions (the values their writers gave, in the order of the writes), so the domain decides what that means: an
 * invoice delivered before, a Stripe event already processed, a subscription that changed since it was read.
 */
public class Refused extends RuntimeException {
    private final List<Writes.Action> refused;

    public Refused(List<Writes.Action> refused) {
        super("transaction refused: " + refused.stream().map(a -> String.valueOf(a.condition())).toList(), null, false, false);
        this.refused = List.copyOf(refused);
    }

    /** The conditions that did not hold. */
    public List<Object> conditions() { return refused.stream().map(Writes.Action::condition).toList(); }

    /** The conditions of this kind that did not hold. */
    public <T> List<T> conditions(Class<T> kind) {
        return conditions().stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** Whether this very condition (e.g. {@code AlreadyRecorded.What.EVENT}) did not hold. */
    public boolean failed(Object condition) { return conditions().contains(condition); }

    /** Whether a condition of this kind did not hold. */
    public boolean failed(Class<?> kind) { return !conditions(kind).isEmpty(); }

    /** The meaning the first refused write attached, as that exception. */
    public Optional<RuntimeException> meaning() {
        return refused.stream().filter(a -> a.meaning() != null).findFirst().map(a -> a.meaning().get());
    }

    /** What to throw: the first attached meaning, else this refusal. */
    public RuntimeException explained() { return meaning().orElse(this); }
}
