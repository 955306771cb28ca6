package dev.unifiedcommerce.platform.table;

import dev.unifiedcommerce.platform.transaction.Refused;
import dev.unifiedcommerce.platform.transaction.Writes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/**
 * A {@link Refused} transaction as the table saw it: with each refused write, the item as it was
 * (ReturnValuesOnConditionCheckFailure=ALL_OLD), so the adapter that built the write can say why (a shortage, a
 * reservation no longer HELD, a key in use...). Domain code sees only the {@link Refused} it is.
 */
public final class ConditionFailed extends Refused {
    public record Failure(Writes.Action action, Map<String, AttributeValue> itemBefore) {
        public Object condition() { return action.condition(); }
    }

    private final List<Failure> failures;

    public ConditionFailed(List<Failure> failures) {
        super(failures.stream().map(Failure::action).toList());
        this.failures = List.copyOf(failures);
    }

    public List<Failure> failures() { return failures; }
}
