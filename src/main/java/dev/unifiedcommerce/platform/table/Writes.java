package dev.unifiedcommerce.platform.table;

import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Transaction actions a domain operation needs, not yet executed. Operations return these; the caller composes
 * them (e.g. a hold plus the idempotency record) and {@link Table#transact} runs them as ONE TransactWriteItems.
 * Each action carries a tag naming what it protects, so a cancelled transaction can be explained.
 */
public final class Writes {
    /** One action; {@code tag} identifies it to whoever interprets a failed condition. */
    public record Action(TransactWriteItem item, Object tag, Supplier<? extends RuntimeException> onConditionFailed) {}

    public static final int MAX_ACTIONS = 100;
    private static final Writes NONE = new Writes(List.of());
    private final List<Action> actions;

    private Writes(List<Action> actions) { this.actions = Collections.unmodifiableList(actions); }

    public static Writes none() { return NONE; }

    public static Writes of(TransactWriteItem item, Object tag) { return new Writes(List.of(new Action(item, tag, null))); }

    /** An action whose failed condition means exactly the given error (e.g. "Idempotency-Key in use"). */
    public static Writes of(TransactWriteItem item, Object tag, Supplier<? extends RuntimeException> onConditionFailed) {
        return new Writes(List.of(new Action(item, tag, onConditionFailed)));
    }

    public Writes and(Writes other) {
        if (other.actions.isEmpty()) return this;
        if (actions.isEmpty()) return other;
        List<Action> all = new ArrayList<>(actions.size() + other.actions.size());
        all.addAll(actions);
        all.addAll(other.actions);
        return new Writes(all);
    }

    public List<Action> actions() { return actions; }
    public int size() { return actions.size(); }
    public boolean isEmpty() { return actions.isEmpty(); }
}
