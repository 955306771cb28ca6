package dev.unifiedcommerce.platform.transaction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What must hold together, not yet committed: domain operations return these, the caller composes them (e.g. a hold
 * plus the idempotency record) and {@link Transactions#commit} runs them as ONE transaction, all or nothing. Each write
 * names the condition it stands for (a value of the capability that wrote it, e.g. "this invoice was delivered before"),
 * so a refusal says in the domain's own terms which conditions did not hold ({@link Refused}).
 */
public final class Writes {
    /**
     * One write to one item, prepared by the table layer; opaque here. {@link #item()} names the item (for the shape
     * check and its message), {@link #tooLarge()} says whether it would exceed the store's item size.
     */
    public interface Write {
        String item();

        boolean tooLarge();
    }

    /** One write, the condition it stands for, and (optionally) what its refusal means as an exception of the domain. */
    public record Action(Write write, Object condition, Supplier<? extends RuntimeException> meaning) {}

    public static final int MAX_ACTIONS = 100;
    private static final Writes NONE = new Writes(List.of());
    private final List<Action> actions;

    private Writes(List<Action> actions) { this.actions = Collections.unmodifiableList(actions); }

    public static Writes none() { return NONE; }

    public static Writes of(Write write, Object condition) { return new Writes(List.of(new Action(write, condition, null))); }

    /** A write whose refused condition means exactly the given exception (e.g. "Idempotency-Key in use"). */
    public static Writes of(Write write, Object condition, Supplier<? extends RuntimeException> meaning) {
        return new Writes(List.of(new Action(write, condition, meaning)));
    }

    public Writes and(Writes other) {
        if (other.actions.isEmpty()) return this;
        if (actions.isEmpty()) return other;
        List<Action> all = new ArrayList<>(actions.size() + other.actions.size());
        all.addAll(actions);
        all.addAll(other.actions);
        return new Writes(all);
    }

    /**
     * DESIGN.md's shape rules for one transaction, for callers to check before anything outside the table (Stripe)
     * acts: at most {@link #MAX_ACTIONS} writes, each item touched by one write only, every item under DynamoDB's
     * 400 KB limit. Empty when the transaction can be sent.
     */
    public Optional<String> shapeProblem() {
        if (actions.size() > MAX_ACTIONS) return Optional.of("a transaction holds at most " + MAX_ACTIONS + " actions, this one " + actions.size());
        Set<String> touched = new HashSet<>();
        for (Action a : actions) {
            String item = a.write().item();
            if (!touched.add(item)) return Optional.of("item " + item + " is touched twice in one transaction");
            if (a.write().tooLarge()) return Optional.of("item " + item + " would exceed DynamoDB's 400 KB item limit");
        }
        return Optional.empty();
    }

    /** As {@link #shapeProblem}, as an exception: a bug in whoever composed the writes, never the caller's input. */
    public Writes requireShape() {
        shapeProblem().ifPresent(p -> { throw new IllegalStateException(p); });
        return this;
    }

    public List<Action> actions() { return actions; }
    public int size() { return actions.size(); }
    public boolean isEmpty() { return actions.isEmpty(); }
}
