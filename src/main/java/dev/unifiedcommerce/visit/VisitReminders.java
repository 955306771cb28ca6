package dev.unifiedcommerce.visit;

import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.followup.FollowUp;
import dev.unifiedcommerce.followup.FollowUpHandler;
import dev.unifiedcommerce.messaging.Messages;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sends a visit's reminder when the FollowUps function finds it due: by SMS or to the chat, with the store, the time in
 * the store's zone, the store's phone, and the channel's own page for the visit. The outbox's lease makes it once,
 * however many drivers run; a visit no longer booked is not reminded; how it went is noted on the visit.
 */
@ApplicationScoped
public class VisitReminders implements FollowUpHandler {
    @ConfigMapping(prefix = "commerce.visits")
    public interface VisitsConfig {
        /** The channel's page for a visit, with {@code {visitId}} (the channel signs its shopper in there). */
        Optional<String> manageUrl();

        /** A booking not made by a verified shopper or staff holds at most this many units of one SKU... */
        @WithDefault("2")
        int unverifiedMaxPerSku();

        /** ...and this many units in all. */
        @WithDefault("5")
        int unverifiedMaxUnits();
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

    private final VisitStore store;
    private final CatalogStore catalog;
    private final Messages messages;
    private final VisitsConfig config;
    private final Clock clock;

    public VisitReminders(VisitStore store, CatalogStore catalog, Messages messages, VisitsConfig config, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.messages = messages;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Set<FollowUp.Kind> kinds() { return Set.of(FollowUp.Kind.VISIT_REMINDER); }

    @Override
    public Result perform(FollowUp f) {
        Visit v = store.visit(f.get("visitId")).orElse(null);
        if (v == null || v.status() != Visit.Status.BOOKED || v.remindTo() == null) return new Result.Done("the visit moved on");
        // sent already for this start (an attempt whose "done" was lost): never twice; a visit moved since is reminded anew
        if (v.reminded() != null && v.reminded().startsWith("SENT") && v.reminded().contains("for " + v.start())) return new Result.Done(v.reminded());
        Location at = catalog.location(v.locationId()).orElse(null);
        String storeName = at == null ? v.locationId() : at.name();
        String when = v.start().atZone(at == null ? ZoneOffset.UTC : at.zone()).format(WHEN);
        String manage = config.manageUrl().map(u -> u.replace("{visitId}", v.id())).orElse(null);
        String text = "Reminder: your visit to " + storeName + " on " + when + (at != null && at.phone() != null ? " (store: " + at.phone() + ")" : "")
                + ". Your items are held for you." + (manage == null ? "" : " Change or cancel: " + manage);
        Map<String, Object> chat = new HashMap<>(Map.of("type", "visit_reminder", "visitId", v.id(), "store", storeName,
                "start", v.start().atZone(at == null ? ZoneOffset.UTC : at.zone()).toOffsetDateTime().toString(), "text", text));
        if (at != null && at.phone() != null) chat.put("storePhone", at.phone());
        if (manage != null) chat.put("manageUrl", manage);
        List<Messages.Outcome> outcomes = messages.send(v.id(), text, chat, v.remindTo().sms(), v.remindTo().chatWebhookUrl());
        boolean sent = outcomes.stream().allMatch(Messages.Outcome::delivered);
        String how = (sent ? "SENT " : "FAILED ") + clock.instant() + " for " + v.start() + ": " + String.join(", ", outcomes.stream().map(o -> o.channel() + " " + o.detail()).toList());
        store.noteReminder(v.id(), how);
        // a failed reminder is tried again (backing off) until the visit starts; never sent twice once it went out
        if (sent || !v.start().isAfter(clock.instant())) return new Result.Done(how);
        return new Result.Retry(how, null);
    }
}
