package dev.unifiedcommerce.reconcile.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.model.Event;
import com.stripe.param.EventListParams;
import dev.unifiedcommerce.payment.StripeEvent;
import dev.unifiedcommerce.payment.stripe.EventReader;
import dev.unifiedcommerce.platform.stripe.StripeApi;
import dev.unifiedcommerce.reconcile.StripeEventLog;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /v1/events through stripe-java, one call per type group ({@code type=payment_intent.*}: types[] takes at most 20
 * exact names). Stripe lists newest first; a window is read whole (paging with starting_after) and handed on oldest
 * first, so a pass applies events in the order they happened.
 */
@ApplicationScoped
public class StripeEventList implements StripeEventLog {
    /** One event as Stripe listed it: what the webhook would have carried. */
    private record LoggedEvent(String id, String type, long created, JsonNode object) {}

    private final StripeApi stripe;
    private final ObjectMapper json;

    public StripeEventList(StripeApi stripe, ObjectMapper json) {
        this.stripe = stripe;
        this.json = json;
    }

    @Override
    public List<StripeEvent> events(List<String> typeGroups, Instant from, Instant to) {
        Map<String, LoggedEvent> byId = new LinkedHashMap<>();
        for (String group : typeGroups) {
            List<LoggedEvent> newestFirst = new ArrayList<>();
            var params = EventListParams.builder().setType(group).setLimit(100L)
                    .setCreated(EventListParams.Created.builder().setGte(from.getEpochSecond()).setLte(to.getEpochSecond()).build()).build();
            for (Event e : stripe.call("list Events", () -> stripe.client().v1().events().list(params)).autoPagingIterable()) {
                try {
                    // the object as Stripe sent it (any API version), not re-serialised from stripe-java's model
                    var object = json.readTree(e.getDataObjectDeserializer().getRawJson());
                    newestFirst.add(new LoggedEvent(e.getId(), e.getType(), e.getCreated(), object));
                } catch (IOException unreadable) {
                    throw new UncheckedIOException(unreadable);
                }
            }
            for (int i = newestFirst.size() - 1; i >= 0; i--) byId.putIfAbsent(newestFirst.get(i).id(), newestFirst.get(i));
        }
        List<LoggedEvent> oldestFirst = new ArrayList<>(byId.values());
        oldestFirst.sort(Comparator.comparingLong(LoggedEvent::created)); // stable: within a second, the order Stripe listed
        return oldestFirst.stream().map(e -> EventReader.read(e.id(), e.type(), e.object())).toList();
    }
}
