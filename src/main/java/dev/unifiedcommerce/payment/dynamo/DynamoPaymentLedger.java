package dev.unifiedcommerce.payment.dynamo;

import dev.unifiedcommerce.payment.AlreadyRecorded;
import dev.unifiedcommerce.payment.PaymentLedger;
import dev.unifiedcommerce.platform.table.Items;
import dev.unifiedcommerce.platform.table.Key;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.time.Instants;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.unifiedcommerce.platform.table.Items.n;
import static dev.unifiedcommerce.platform.table.Items.s;

/** PAYMENT#{pi}, REFUND#{re} and STRIPE_EVENT#{id} markers: conditional puts that refuse a second time. */
@ApplicationScoped
public class DynamoPaymentLedger implements PaymentLedger {
    /** Longer than Stripe retries a delivery (3 days) and than its event list reaches back (30 days). */
    static final Duration KEEP_EVENT_MARKERS = Duration.ofDays(30);

    private final Table table;
    private final Clock clock;

    public DynamoPaymentLedger(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<AppliedPayment> payment(String paymentIntentId) {
        return table.get(Keys.paymentApplied(paymentIntentId)).map(i -> new AppliedPayment(paymentIntentId, Items.str(i, "orderId"),
                Items.num(i, "amount"), i.containsKey("booking") ? Booking.valueOf(Items.str(i, "booking")) : Booking.PAID));
    }

    @Override
    public Writes paymentWrites(AppliedPayment p) {
        return marker(Keys.paymentApplied(p.paymentIntentId()), Keys.ItemType.PAYMENT_APPLIED, AlreadyRecorded.What.PAYMENT, p.paymentIntentId(),
                Map.of("orderId", s(p.orderId()), "amount", n(p.amount()), "booking", s(p.booking().name())), null);
    }

    @Override
    public Writes refundWrites(String stripeRefundId, String orderId, long amount) {
        return marker(Keys.refundApplied(stripeRefundId), Keys.ItemType.REFUND_APPLIED, AlreadyRecorded.What.REFUND, stripeRefundId,
                Map.of("orderId", s(orderId), "amount", n(amount)), null);
    }

    @Override
    public Writes eventWrites(Source source) {
        if (!source.isEvent()) return Writes.none();
        return marker(Keys.stripeEvent(source.eventId()), Keys.ItemType.STRIPE_EVENT, AlreadyRecorded.What.EVENT, source.eventId(),
                Map.of("eventType", s(source.eventType())), KEEP_EVENT_MARKERS);
    }

    private Writes marker(Key key, Keys.ItemType type, AlreadyRecorded.What what, String id, Map<String, AttributeValue> attributes, Duration keepFor) {
        Map<String, AttributeValue> item = new HashMap<>(key.asMap());
        item.put(Keys.TYPE, s(type.name()));
        item.putAll(attributes);
        item.put("at", s(Instants.format(clock.instant())));
        if (keepFor != null) item.put(Keys.TTL, n(clock.instant().plus(keepFor).getEpochSecond()));
        return TableWrite.of(TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build(),
                what, () -> new AlreadyRecorded(what, id));
    }
}
