package dev.unifiedcommerce.platform.table;

import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /**
     * DESIGN.md's shape rules for one TransactWriteItems, for callers to check before anything outside the table
     * (Stripe) acts: at most {@link #MAX_ACTIONS} actions, each item touched by one action only, every item written
     * under DynamoDB's 400 KB limit. Empty when the transaction can be sent.
     */
    public Optional<String> shapeProblem() {
        if (actions.size() > MAX_ACTIONS) return Optional.of("a transaction holds at most " + MAX_ACTIONS + " actions, this one " + actions.size());
        Set<Key> touched = new HashSet<>();
        for (Action a : actions) {
            Key key = keyOf(a.item());
            if (!touched.add(key)) return Optional.of("item " + key.pk() + " / " + key.sk() + " is touched twice in one transaction");
            if (a.item().put() != null && ItemSize.of(a.item().put().item()) > ItemSize.MAX_BYTES) {
                return Optional.of("item " + key.pk() + " / " + key.sk() + " would exceed DynamoDB's 400 KB item limit");
            }
        }
        return Optional.empty();
    }

    /** As {@link #shapeProblem}, as an exception: a bug in whoever composed the actions, never the caller's input. */
    public Writes requireShape() {
        shapeProblem().ifPresent(p -> { throw new IllegalStateException(p); });
        return this;
    }

    static Key keyOf(TransactWriteItem item) {
        Map<String, AttributeValue> key = item.put() != null ? item.put().item() : item.update() != null ? item.update().key()
                : item.delete() != null ? item.delete().key() : item.conditionCheck().key();
        return new Key(key.get(Keys.PK).s(), key.get(Keys.SK).s());
    }

    public List<Action> actions() { return actions; }
    public int size() { return actions.size(); }
    public boolean isEmpty() { return actions.isEmpty(); }
}
