package dev.unifiedcommerce.platform.table;

import dev.unifiedcommerce.platform.transaction.Writes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.Map;
import java.util.function.Supplier;

/** One TransactWriteItem of the single table, as the {@link Writes} domain code composes without seeing it. */
public record TableWrite(TransactWriteItem request) implements Writes.Write {
    /** The write, standing for {@code condition} (see {@link Writes}). */
    public static Writes of(TransactWriteItem item, Object condition) { return Writes.of(new TableWrite(item), condition); }

    /** The write, whose refused condition means exactly the given exception. */
    public static Writes of(TransactWriteItem item, Object condition, Supplier<? extends RuntimeException> meaning) {
        return Writes.of(new TableWrite(item), condition, meaning);
    }

    /** The table's request item of a composed write (only the table layer prepares them). */
    static TransactWriteItem of(Writes.Action action) { return ((TableWrite) action.write()).request(); }

    public Key key() {
        Map<String, AttributeValue> key = request.put() != null ? request.put().item() : request.update() != null ? request.update().key()
                : request.delete() != null ? request.delete().key() : request.conditionCheck().key();
        return new Key(key.get(Keys.PK).s(), key.get(Keys.SK).s());
    }

    @Override
    public String item() {
        Key key = key();
        return key.pk() + " / " + key.sk();
    }

    @Override
    public boolean tooLarge() { return request.put() != null && ItemSize.of(request.put().item()) > ItemSize.MAX_BYTES; }
}
