package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.followup.FollowUp;
import dev.unifiedcommerce.followup.FollowUpHandler;
import dev.unifiedcommerce.followup.FollowUpStore;
import dev.unifiedcommerce.payment.AlreadyRecorded;
import dev.unifiedcommerce.payment.MoneyTransactions;
import dev.unifiedcommerce.payment.PaymentLedger;
import dev.unifiedcommerce.payment.Payments;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.provider.StripeFailed;
import dev.unifiedcommerce.platform.provider.StripeNames;
import dev.unifiedcommerce.platform.transaction.Contention;
import dev.unifiedcommerce.platform.transaction.Refused;
import dev.unifiedcommerce.platform.transaction.Transactions;
import dev.unifiedcommerce.terminal.Reader;
import dev.unifiedcommerce.terminal.ReaderStore;
import dev.unifiedcommerce.terminal.TerminalGateway;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A subscription started at the till with the card on the store's reader: a SetupIntent (card_present) for the customer's
 * Stripe Customer is handed to the reader; when the tap succeeds, the card Stripe generated from it becomes the
 * subscription's default payment method and Stripe's subscription is made, its first invoice charged at once (that
 * invoice's invoice.paid is the first delivery). A reader that fails or is cancelled leaves it INCOMPLETE with the reason;
 * staff hand it to the reader again (each attempt its own idempotency key) or cancel it.
 *
 * <p>While the reader works, its action names the subscription and the SetupIntent (in the fields an order's sale uses
 * for the order and its PaymentIntent), so the reader is busy for anything else.
 */
@ApplicationScoped
public class TillSubscriptions implements FollowUpHandler {
    private static final Logger LOG = Logger.getLogger(TillSubscriptions.class);

    private final SubscriptionStore store;
    private final Transactions transactions;
    private final BillingGateway billing;
    private final StripePrices prices;
    private final ReaderStore readers;
    private final TerminalGateway terminal;
    private final PaymentLedger ledger;
    private final MoneyTransactions money;
    private final Clock clock;
    private final FollowUpStore followUps;

    public TillSubscriptions(SubscriptionStore store, Transactions transactions, BillingGateway billing, StripePrices prices, ReaderStore readers, TerminalGateway terminal,
                             PaymentLedger ledger, MoneyTransactions money, Clock clock, FollowUpStore followUps) {
        this.clock = clock;
        this.followUps = followUps;
        this.store = store;
        this.transactions = transactions;
        this.billing = billing;
        this.prices = prices;
        this.readers = readers;
        this.terminal = terminal;
        this.ledger = ledger;
        this.money = money;
    }

    /** The SetupIntent made (once: its key is ours) and recorded, then handed to the reader. */
    Subscription start(Subscription s, String stripeCustomer) {
        String setupIntent = billing.createSetupIntent(s, stripeCustomer, "uc-" + s.id() + "-setup");
        Subscription recorded = change(s.id(), read -> read.till().setupIntentId() != null ? null
                : read.withTill(new Subscription.Till(read.till().readerId(), setupIntent, 1, null, read.till().orderId(), clock.instant().getEpochSecond()), null));
        return handToReader(recorded);
    }

    /** Staff try again, on the same reader or another of the store's: the same SetupIntent, a new attempt. */
    public Subscription retry(String subscriptionId, String readerId) {
        Subscription s = store.subscription(subscriptionId).orElseThrow(() -> Rejected.notFound("subscription", "subscriptionId", subscriptionId));
        if (s.method() != Subscription.Method.TERMINAL || s.till() == null) {
            throw Rejected.conflict("not-at-the-till", "Not started at a till", "subscription '" + subscriptionId + "' was not started on a reader");
        }
        if (s.ended() || s.stripeSubscriptionId() != null) {
            throw Rejected.conflict("subscription-started", "Card already saved", "subscription '" + subscriptionId + "' is " + s.status());
        }
        Reader reader = readers.reader(readerId).orElseThrow(() -> Rejected.unusable("readerId", "unknown reader '" + readerId + "'"));
        if (reader.busy()) throw Rejected.conflict("reader-busy", "Reader busy", "reader '" + readerId + "' is taking another payment");
        // the reader it was handed to must have stopped asking for this card (its action cancelled or ended) first
        var previous = readers.reader(s.till().readerId()).orElse(null);
        if (previous != null && previous.busy() && s.id().equals(previous.action().orderId())) {
            throw Rejected.conflict("reader-busy", "Reader busy", "reader '" + previous.id() + "' is still asking for this card: cancel its action first");
        }
        if (s.till().setupIntentId() == null) {
            // a one-tap sale whose card was not kept: save one on the reader now
            change(s.id(), read -> read.withTill(read.till().withAttempt(readerId, 0, 0), read.billing().problem()));
            return start(store.subscription(s.id()).orElseThrow(), store.stripeCustomer(s.customerId()).orElseThrow());
        }
        if (billing.setupIntent(s.till().setupIntentId()).status() == BillingGateway.SetupStatus.SUCCEEDED) { // tapped after all: nothing to retry
            return setupSucceeded(s.till().setupIntentId(), s.id(), PaymentLedger.Source.NONE) == null ? s : store.subscription(s.id()).orElseThrow();
        }
        int attempt = s.till().attempt() + 1;
        Subscription next = change(s.id(), read -> read.withTill(read.till().withAttempt(readerId, attempt, clock.instant().getEpochSecond()), null));
        return handToReader(next);
    }

    private Subscription handToReader(Subscription s) {
        String readerId = s.till().readerId(), setupIntent = s.till().setupIntentId();
        Reader reader = readers.reader(readerId).orElseThrow(() -> Rejected.unusable("payment.readerId", "unknown reader '" + readerId + "'"));
        if (!readers.setAction(readerId, new Reader.Action(Reader.Action.State.IN_PROGRESS, s.id(), setupIntent, "saving the card for subscription " + s.id()), true)) {
            problem(s.id(), "reader '" + readerId + "' was taking another payment; hand it to the reader again");
            throw Rejected.conflict("reader-busy", "Reader busy", "reader '" + readerId + "' is taking another payment");
        }
        try {
            terminal.processSetupIntent(reader.stripeReaderId(), setupIntent, true, "uc-" + s.id() + "-reader-" + s.till().attempt());
        } catch (StripeFailed e) {
            if (e.definite()) { // the reader refused it (offline, busy at Stripe): nothing is asking for the card
                readers.setAction(readerId, new Reader.Action(Reader.Action.State.FAILED, s.id(), setupIntent, e.getMessage()), false);
                problem(s.id(), "reader '" + readerId + "' refused: " + e.getMessage());
            } else {
                // unclear: the reader may be asking for the card. The FollowUps function reads the reader back (or asks again
                // with the same key) until Stripe says, so the reader is never left marked busy for nothing
                transactions.commit(followUps.owedWrites(FollowUp.owed(FollowUp.Kind.TILL_READER, s.id(),
                        Map.of("subscriptionId", s.id(), "readerId", readerId, "setupIntentId", setupIntent,
                                "attempt", Integer.toString(s.till().attempt())), clock.instant(), clock.instant().plusSeconds(60))));
            }
            throw e;
        }
        LOG.infof("subscription %s: SetupIntent %s on reader %s (attempt %d)", s.id(), setupIntent, readerId, s.till().attempt());
        return store.subscription(s.id()).orElseThrow();
    }

    /**
     * setup_intent.succeeded, or the reader's action succeeded: the SetupIntent is read back with its latest attempt, and
     * the card Stripe generated from the tap starts Stripe's subscription (once: the key is ours). Null when not ours.
     */
    public Payments.Outcome setupSucceeded(String setupIntentId, String subscriptionId, PaymentLedger.Source source) {
        Subscription s = subscriptionId == null ? null : store.subscription(subscriptionId).orElse(null);
        if (s == null || s.till() == null || !setupIntentId.equals(s.till().setupIntentId())) return null;
        if (s.stripeSubscriptionId() != null || s.ended()) {
            finishReader(s.till().readerId(), s.id(), setupIntentId, true, null); // a redelivery after a crash: the reader is free
            return mark(source, Payments.Outcome.ALREADY_APPLIED);
        }
        BillingGateway.Setup setup = billing.setupIntent(setupIntentId);
        if (setup.status() != BillingGateway.SetupStatus.SUCCEEDED || setup.generatedCard() == null) return mark(source, Payments.Outcome.NO_CHANGE); // not yet
        startWithCard(s, setup.generatedCard());
        finishReader(s.till().readerId(), s.id(), setupIntentId, true, null);
        mark(source, Payments.Outcome.APPLIED);
        return Payments.Outcome.APPLIED;
    }

    /**
     * charge.succeeded of a till sale that also starts its subscription: the card Stripe generated from the tap starts
     * Stripe's subscription (once: the key is ours). Anything else (not ours, another sale, started or cancelled) is left.
     */
    public void saleCardSaved(String subscriptionId, String orderId, String paymentIntentId, String generatedCard) {
        Subscription s = store.subscription(subscriptionId).orElse(null);
        if (s == null || s.till() == null || orderId == null || !orderId.equals(s.till().orderId())) return;
        if (s.stripeSubscriptionId() != null || s.ended()) return;
        // only a sale the shop accepted starts it: a payment refunded as a mismatch (the hold ran out, the sale was
        // cancelled) must not be followed by a charge every month
        var booked = ledger.payment(paymentIntentId);
        if (booked.isEmpty()) throw Rejected.unavailable("the payment of sale " + orderId + " is not applied yet; deliver again later", 60);
        if (booked.get().booking() != PaymentLedger.Booking.PAID || !orderId.equals(booked.get().orderId())) {
            end(s.id(), "the sale " + orderId + " was not accepted (its payment was given back): nothing is billed");
            return;
        }
        if (generatedCard == null) {
            incomplete(s.id(), "the card tapped was not kept (a phone wallet?): hand the subscription to the reader to save a card");
            return;
        }
        startWithCard(s, generatedCard);
        transactions.commit(store.saleDoneWrites(s.id()));
        LOG.infof("subscription %s: started by the card of sale %s (%s)", s.id(), orderId, paymentIntentId);
    }

    /** Stripe's subscription, charged to the saved card at once, and ours recorded with it. */
    private void startWithCard(Subscription s, String card) {
        String stripeCustomer = store.stripeCustomer(s.customerId()).orElseThrow();
        BillingGateway.Started started = billing.createSubscriptionPaidBy(s, stripeCustomer, prices.itemsOf(s), card,
                "uc-" + s.id() + "-subscription");
        Subscription.Status status = Renewals.statusOf(new BillingGateway.StripeSubscription(started.stripeSubscriptionId(), s.id(), started.status(),
                false, false));
        Subscription after = change(s.id(), read -> {
            if (read.ended()) return null;
            // invoice.paid may have come first (it made the first delivery and knows the subscription): keep what it did
            Subscription.Status to = read.status() == Subscription.Status.PENDING || read.status() == Subscription.Status.INCOMPLETE ? status : read.status();
            var b = read.billing();
            return read.changed(to, started.stripeSubscriptionId(), new Subscription.Billing(0, b.deliveries(), b.lastOrderId(), b.paidInvoiceAt(),
                    b.failedInvoiceAt(), to == Subscription.Status.INCOMPLETE ? "the card was saved but its first charge was declined" : null,
                    b.cancelAtPeriodEnd(), b.checkoutSessionId(), b.url())).withTillCard(card);
        });
        if (after.ended() && after.stripeSubscriptionId() == null) {
            // cancelled while Stripe made it: Stripe must not bill what we no longer have (its first invoice, if paid, is a delivery)
            try {
                billing.cancel(started.stripeSubscriptionId(), true);
            } catch (RuntimeException e) {
                LOG.errorf("subscription %s was cancelled while Stripe made %s, which could not be cancelled: cancel it in the Dashboard", s.id(),
                        started.stripeSubscriptionId());
            }
            return;
        }
        LOG.infof("subscription %s: Stripe subscription %s %s, paid by %s", s.id(), started.stripeSubscriptionId(), started.status().word(), card);
    }

    /** terminal.reader.action_succeeded / action_failed for a process_setup_intent action. Null when not ours. */
    public Payments.Outcome readerFinished(String readerId, String setupIntentId, boolean succeeded, String failure, long eventCreated,
                                           PaymentLedger.Source source) {
        Reader reader = readerId == null ? null : readers.reader(readerId).orElse(null);
        if (reader == null || reader.action() == null || setupIntentId == null || !setupIntentId.equals(reader.action().paymentIntentId())) {
            return mark(source, Payments.Outcome.NO_CHANGE); // not ours, or the reader moved on
        }
        String subscriptionId = reader.action().orderId();
        if (succeeded) return setupSucceeded(setupIntentId, subscriptionId, source);
        return Contention.retry("subscription '" + subscriptionId + "'", () -> {
            Subscription s = store.subscription(subscriptionId).orElse(null);
            if (s == null || s.till() == null || s.ended() || s.stripeSubscriptionId() != null) return Optional.of(mark(source, Payments.Outcome.NO_CHANGE));
            // a failure of an earlier attempt arriving late must not stop the reader asking for the card now
            if (eventCreated > 0 && eventCreated < s.till().handedAt()) return Optional.of(mark(source, Payments.Outcome.NO_CHANGE));
            // the reader, the reason and the event's marker in one transaction: a redelivery changes nothing
            try {
                transactions.commit(readers.actionWrites(readerId, new Reader.Action(Reader.Action.State.FAILED, subscriptionId, setupIntentId, failure))
                        .and(store.changeWrites(s, s.withTill(s.till(), "the reader could not save the card: " + (failure == null ? "failed" : failure)
                                + "; try again or cancel")))
                        .and(ledger.eventWrites(source)));
                return Optional.of(Payments.Outcome.APPLIED);
            } catch (Refused failed) {
                if (failed.conditions(AlreadyRecorded.What.class).contains(AlreadyRecorded.What.EVENT)) {
                    return Optional.of(Payments.Outcome.NO_CHANGE);
                }
            }
            return Optional.empty();
        });
    }

    /** Cancelled before the card was saved: the reader stops asking, the SetupIntent is cancelled (best effort). */
    Subscription cancel(Subscription s) {
        if (s.till() != null && s.till().setupIntentId() != null) {
            readers.reader(s.till().readerId()).filter(r -> r.busy() && s.till().setupIntentId().equals(r.action().paymentIntentId())).ifPresent(r -> {
                try {
                    terminal.cancelAction(r.stripeReaderId());
                    readers.setAction(r.id(), new Reader.Action(Reader.Action.State.CANCELED, s.id(), s.till().setupIntentId(), "subscription cancelled"), false);
                } catch (RuntimeException e) {
                    LOG.warnf("reader %s not stopped for subscription %s: %s", r.id(), s.id(), e.getClass().getSimpleName());
                }
            });
            try {
                billing.cancelSetupIntent(s.till().setupIntentId());
            } catch (RuntimeException e) {
                LOG.warnf("SetupIntent %s not cancelled: %s", s.till().setupIntentId(), e.getClass().getSimpleName());
            }
        }
        return change(s.id(), read -> {
            if (read.ended() || read.stripeSubscriptionId() != null) return null; // saved meanwhile: the caller cancels it through Stripe
            var b = read.billing();
            return read.changed(Subscription.Status.CANCELLED, null, new Subscription.Billing(0, b.deliveries(), b.lastOrderId(), b.paidInvoiceAt(),
                    b.failedInvoiceAt(), "cancelled at the till before the card was saved", b.cancelAtPeriodEnd(), b.checkoutSessionId(), b.url()));
        });
    }

    private void finishReader(String readerId, String subscriptionId, String setupIntentId, boolean succeeded, String failure) {
        readers.reader(readerId).filter(r -> r.action() != null && setupIntentId.equals(r.action().paymentIntentId()))
                .ifPresent(r -> readers.setAction(readerId, new Reader.Action(succeeded ? Reader.Action.State.SUCCEEDED : Reader.Action.State.FAILED, subscriptionId, setupIntentId, failure), false));
    }

    @Override
    public Set<FollowUp.Kind> kinds() { return Set.of(FollowUp.Kind.TILL_READER); }

    /** A card setup handed to a reader without a clear answer: the reader read back, or asked again with the same key. */
    @Override
    public Result perform(FollowUp f) {
        Subscription s = store.subscription(f.get("subscriptionId")).orElse(null);
        if (s == null || s.ended() || s.stripeSubscriptionId() != null || s.till() == null
                || s.till().attempt() != Integer.parseInt(f.get("attempt"))) return new Result.Done("the subscription moved on");
        Reader reader = readers.reader(f.get("readerId")).orElse(null);
        if (reader == null) return new Result.Done("the reader is gone");
        var action = terminal.currentAction(reader.stripeReaderId());
        if (action.isPresent() && f.get("setupIntentId").equals(action.get().setupIntentId())) {
            return new Result.Done("the reader has it (" + StripeNames.word(action.get().status()) + "); its webhooks finish it");
        }
        try {
            terminal.processSetupIntent(reader.stripeReaderId(), f.get("setupIntentId"), true, "uc-" + s.id() + "-reader-" + s.till().attempt());
            return new Result.Done("handed to the reader");
        } catch (StripeFailed e) {
            if (!e.definite()) return new Result.Retry(e.getMessage());
            readers.setAction(reader.id(), new Reader.Action(Reader.Action.State.FAILED, s.id(), f.get("setupIntentId"), e.getMessage()), false);
            problem(s.id(), "reader '" + reader.id() + "' refused: " + e.getMessage());
            return new Result.Done("Stripe refused: " + e.getMessage());
        }
    }

    /** INCOMPLETE with why: staff hand it to a reader (or cancel it). */
    void incomplete(String subscriptionId, String why) {
        change(subscriptionId, read -> read.ended() || read.stripeSubscriptionId() != null ? null : read.withTill(read.till(), why));
        transactions.commit(store.saleDoneWrites(subscriptionId));
    }

    /** CANCELLED with why, before anything was billed. */
    void end(String subscriptionId, String why) {
        change(subscriptionId, read -> {
            if (read.ended() || read.stripeSubscriptionId() != null) return null;
            var b = read.billing();
            return read.changed(Subscription.Status.CANCELLED, null, new Subscription.Billing(0, b.deliveries(), b.lastOrderId(), b.paidInvoiceAt(),
                    b.failedInvoiceAt(), why, b.cancelAtPeriodEnd(), b.checkoutSessionId(), b.url()));
        });
        transactions.commit(store.saleDoneWrites(subscriptionId));
    }

    private void problem(String subscriptionId, String why) {
        change(subscriptionId, read -> read.ended() || read.stripeSubscriptionId() != null ? null : read.withTill(read.till(), why));
    }

    /** Applies {@code next} (null: nothing to change) to the subscription as read, again while it changes under us. */
    private Subscription change(String subscriptionId, Function<Subscription, Subscription> next) {
        return Contention.retry("subscription '" + subscriptionId + "'", () -> {
            Subscription read = store.subscription(subscriptionId).orElseThrow();
            Subscription changed = next.apply(read);
            if (changed == null) return Optional.of(read);
            try {
                transactions.commit(store.changeWrites(read, changed));
                return Optional.of(changed);
            } catch (Refused moved) {
                // another event changed it: read again
            }
            return Optional.empty();
        });
    }

    private Payments.Outcome mark(PaymentLedger.Source source, Payments.Outcome outcome) {
        return money.markProcessed(source) ? outcome : Payments.Outcome.NO_CHANGE;
    }
}
