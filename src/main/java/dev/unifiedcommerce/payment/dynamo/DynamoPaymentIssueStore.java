package dev.unifiedcommerce.payment.dynamo;

import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.payment.PaymentIssue;
import dev.unifiedcommerce.payment.PaymentIssueStore;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.table.Cursor;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.time.Instants;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.unifiedcommerce.platform.table.Items.*;

@ApplicationScoped
public class DynamoPaymentIssueStore implements PaymentIssueStore {
    private final Table table;

    public DynamoPaymentIssueStore(Table table) { this.table = table; }

    @Override
    public Writes openWrites(PaymentIssue i) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.paymentIssue(i.issueId()).asMap());
        item.put(Keys.TYPE, s(Keys.ItemType.PAYMENT_ISSUE.name()));
        item.put("issueId", s(i.issueId()));
        item.put("kind", s(i.kind().name()));
        if (i.orderId() != null) item.put("orderId", s(i.orderId()));
        item.put("locationId", s(i.locationId()));
        if (i.paymentIntentId() != null) item.put("paymentIntentId", s(i.paymentIntentId()));
        if (i.expected() != null) item.put("expected", money(i.expected()));
        if (i.actual() != null) item.put("actual", money(i.actual()));
        if (i.detail() != null) item.put("detail", s(i.detail()));
        item.put("since", s(Instants.format(i.since())));
        item.put("status", s(PaymentIssue.Status.OPEN.name()));
        if (i.attempts() != null) item.put("attempts", n(i.attempts()));
        if (i.followUpId() != null) item.put("followUpId", s(i.followUpId()));
        item.putAll(Keys.paymentIssueIndex(PaymentIssue.Status.OPEN.name(), i.locationId(), Instants.format(i.since()), i.issueId()));
        if (i.kind() == PaymentIssue.Kind.FOLLOW_UP) {
            // reported again on every failed attempt: the attempts go up, and the issue stays OPEN while it is owed
            return TableWrite.of(TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)).build(), "payment-issue");
        }
        if (i.kind() == PaymentIssue.Kind.DRIFT) {
            // drift found again after it was resolved is a new finding: the issue opens again (and alerts again)
            return TableWrite.of(TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(#pk) OR #status = :resolved")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK, "#status", "status"))
                    .expressionAttributeValues(Map.of(":resolved", s(PaymentIssue.Status.RESOLVED.name())))).build(), "payment-issue",
                    () -> new IssueExists(i.issueId()));
        }
        // The same issue found again (a redelivered event) stays as it is, resolved or not: no second alert.
        return TableWrite.of(TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build(), "payment-issue",
                () -> new IssueExists(i.issueId()));
    }

    @Override
    public Optional<PaymentIssue> issue(String issueId) { return table.get(Keys.paymentIssue(issueId)).map(DynamoPaymentIssueStore::toIssue); }

    @Override
    public Page list(String locationId, PaymentIssue.Kind kind, PaymentIssue.Status status, int limit, String next) {
        boolean oneStore = locationId != null;
        Map<String, String> names = new HashMap<>(Map.of("#pk", oneStore ? Keys.GSI1PK : Keys.GSI2PK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk",
                s(oneStore ? Keys.paymentIssuesAt(status.name(), locationId) : Keys.paymentIssues(status.name()))));
        QueryRequest.Builder q = QueryRequest.builder().indexName(oneStore ? Keys.GSI1 : Keys.GSI2).keyConditionExpression("#pk = :pk")
                .scanIndexForward(false).limit(limit);
        if (kind != null) {
            names.put("#kind", "kind");
            values.put(":kind", s(kind.name()));
            q.filterExpression("#kind = :kind");
        }
        q.expressionAttributeNames(names).expressionAttributeValues(values);
        var start = Cursor.decode(next);
        if (start != null) q.exclusiveStartKey(start);
        QueryResponse page;
        try {
            page = table.query(q);
        } catch (DynamoDbException refused) {
            if (start == null || refused.statusCode() != 400) throw refused;
            throw Rejected.invalid("next", "is not a cursor of this list");
        }
        return new Page(page.items().stream().map(DynamoPaymentIssueStore::toIssue).toList(),
                Cursor.next(page));
    }

    @Override
    public Writes resolveWrites(PaymentIssue i, String by, String note, Instant at) {
        var index = Keys.paymentIssueIndex(PaymentIssue.Status.RESOLVED.name(), i.locationId(), Instants.format(i.since()), i.issueId());
        Map<String, AttributeValue> values = new HashMap<>(Keys.setValues(index));
        values.put(":resolved", s(PaymentIssue.Status.RESOLVED.name()));
        values.put(":open", s(PaymentIssue.Status.OPEN.name()));
        values.put(":by", s(by));
        values.put(":note", s(note));
        values.put(":at", s(Instants.format(at)));
        return TableWrite.of(TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.paymentIssue(i.issueId()).asMap())
                .updateExpression("SET #status = :resolved, resolvedBy = :by, resolutionNote = :note, resolvedAt = :at, " + Keys.setClause(index))
                .conditionExpression("#status = :open").expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)).build(), "payment-issue", () -> new IssueStateChanged(i.issueId()));
    }

    private static AttributeValue money(Money m) { return AttributeValue.fromM(Map.of("amount", n(m.amount()), "currency", s(m.currency()))); }

    private static Money money(Map<String, AttributeValue> item, String name) {
        var m = map(item, name);
        return m.isEmpty() ? null : new Money(num(m, "amount"), str(m, "currency"));
    }

    private static PaymentIssue toIssue(Map<String, AttributeValue> i) {
        PaymentIssue.Status status = PaymentIssue.Status.valueOf(str(i, "status"));
        return new PaymentIssue(str(i, "issueId"), PaymentIssue.Kind.valueOf(str(i, "kind")), str(i, "orderId"), str(i, "locationId"),
                str(i, "paymentIntentId"), money(i, "expected"), money(i, "actual"), str(i, "detail"), Instants.parse(str(i, "since")), status,
                status == PaymentIssue.Status.RESOLVED ? new PaymentIssue.Resolution(str(i, "resolvedBy"), str(i, "resolutionNote"),
                        Instants.parse(str(i, "resolvedAt"))) : null, i.containsKey("attempts") ? (int) num(i, "attempts") : null,
                str(i, "followUpId"));
    }
}
