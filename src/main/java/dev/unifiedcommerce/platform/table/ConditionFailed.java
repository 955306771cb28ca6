package dev.unifiedcommerce.platform.table;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A transaction was cancelled because one or more conditions did not hold: nothing was written. Carries the
 * failed actions' tags and the items as they were (ReturnValuesOnConditionCheckFailure=ALL_OLD), so the adapter
 * that built the actions can say why (a shortage, a reservation no longer HELD, a key in use...).
 */
public final class ConditionFailed extends RuntimeException {
    public record Failure(Writes.Action action, Map<String, AttributeValue> itemBefore) {
        public Object tag() { return action.tag(); }
    }

    private final List<Failure> failures;

    public ConditionFailed(List<Failure> failures) {
        super("transaction condition failed on " + failures.stream().map(f -> String.valueOf(f.tag())).toList(), null, false, false);
        this.failures = List.copyOf(failures);
    }

    public List<Failure> failures() { return failures; }

    public <T> List<T> tagsOf(Class<T> type) {
        return failures.stream().map(Failure::tag).filter(type::isInstance).map(type::cast).toList();
    }

    /** The first failure that has its own meaning attached, as that exception. */
    public Optional<RuntimeException> explained() {
        return failures.stream().map(Failure::action).filter(a -> a.onConditionFailed() != null)
                .findFirst().map(a -> a.onConditionFailed().get());
    }
}
