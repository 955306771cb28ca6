package dev.unifiedcommerce.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unifiedcommerce.customer.Customers;
import dev.unifiedcommerce.customer.Loyalty;
import dev.unifiedcommerce.customer.dynamo.DynamoCustomerStore;
import dev.unifiedcommerce.customer.dynamo.DynamoLoyaltyLedger;
import dev.unifiedcommerce.followup.FollowUps;
import dev.unifiedcommerce.followup.dynamo.DynamoFollowUpStore;
import dev.unifiedcommerce.inventory.HoldExpiry;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.messaging.NotifyConfig;
import dev.unifiedcommerce.messaging.delivery.MessageDelivery;
import dev.unifiedcommerce.order.Checkout;
import dev.unifiedcommerce.order.CheckoutConfig;
import dev.unifiedcommerce.order.DiscountUses;
import dev.unifiedcommerce.order.LinkDelivery;
import dev.unifiedcommerce.order.OrderExpiry;
import dev.unifiedcommerce.order.dynamo.DynamoCheckoutReads;
import dev.unifiedcommerce.order.dynamo.DynamoOrderStore;
import dev.unifiedcommerce.payment.CardLinks;
import dev.unifiedcommerce.payment.MoneyTransactions;
import dev.unifiedcommerce.payment.PaymentIssues;
import dev.unifiedcommerce.payment.PaymentObjects;
import dev.unifiedcommerce.payment.Payments;
import dev.unifiedcommerce.payment.Refunds;
import dev.unifiedcommerce.payment.StripeEvents;
import dev.unifiedcommerce.payment.TerminalPayments;
import dev.unifiedcommerce.payment.WebhookConfig;
import dev.unifiedcommerce.payment.dynamo.DynamoPaymentIssueStore;
import dev.unifiedcommerce.payment.dynamo.DynamoPaymentLedger;
import dev.unifiedcommerce.payment.dynamo.DynamoRefundStore;
import dev.unifiedcommerce.payment.stripe.SignedEvents;
import dev.unifiedcommerce.payment.stripe.StripePayments;
import dev.unifiedcommerce.platform.idempotency.Idempotency;
import dev.unifiedcommerce.platform.idempotency.IdempotencyConfig;
import dev.unifiedcommerce.platform.metrics.Metrics;
import dev.unifiedcommerce.platform.ratelimit.RateLimits;
import dev.unifiedcommerce.platform.secrets.Secrets;
import dev.unifiedcommerce.platform.stripe.StripeApi;
import dev.unifiedcommerce.platform.stripe.StripeConfig;
import dev.unifiedcommerce.promotion.CodeTries;
import dev.unifiedcommerce.promotion.Promotions;
import dev.unifiedcommerce.promotion.dynamo.DynamoPromotionStore;
import dev.unifiedcommerce.subscription.Renewals;
import dev.unifiedcommerce.subscription.StripePrices;
import dev.unifiedcommerce.subscription.SubscriptionStore;
import dev.unifiedcommerce.subscription.TillSubscriptions;
import dev.unifiedcommerce.subscription.dynamo.DynamoSubscriptionStore;
import dev.unifiedcommerce.subscription.stripe.StripeBilling;
import dev.unifiedcommerce.support.ServiceStack;
import dev.unifiedcommerce.terminal.dynamo.DynamoReaderStore;
import dev.unifiedcommerce.terminal.stripe.StripeTerminal;
import dev.unifiedcommerce.visit.VisitExpiry;
import dev.unifiedcommerce.visit.VisitStore;
import dev.unifiedcommerce.visit.Visits;
import dev.unifiedcommerce.visit.dynamo.DynamoVisitStore;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One application instance wired by hand (what a function instance runs), for benchmarks and for tests that race
 * several instances outside Quarkus.
 */
public final class BenchStack implements AutoCloseable {
    public final ServiceStack base;
    public final Checkout checkout;
    public final StripeEvents events;
    public final SignedEvents signed;
    public final Refunds refunds;
    public final DynamoOrderStore orders;
    public final Idempotency idempotency;
    public final Promotions promotions;
    public final Loyalty loyalty;
    public final Visits visits;
    public final VisitStore visitStore;
    public final SubscriptionStore subscriptionStore;
    public final Renewals renewals;

    public BenchStack(String table, String dynamoEndpoint, String stripeBase, String webhookSecret, ExecutionInterceptor... interceptors) {
        ServiceStack.MovableClock clock = new ServiceStack.MovableClock();
        base = new ServiceStack(table, dynamoEndpoint, clock, interceptors);
        var t = base.table;
        orders = new DynamoOrderStore(t);
        Metrics metrics = new Metrics(() -> false, clock);
        Secrets secrets = new Secrets(new Secrets.SecretsConfig() {
            @Override public Duration cacheFor() { return Duration.ofMinutes(5); }
            @Override public Optional<String> ssmEndpoint() { return Optional.empty(); }
        }, clock);
        StripeConfig stripeConfig = new StripeConfig() {
            @Override public Optional<String> secretKey() { return Optional.of("sk_test_bench"); }
            @Override public Optional<String> secretKeyParameter() { return Optional.empty(); }
            @Override public Optional<String> apiBase() { return Optional.of(stripeBase); }
            @Override public int maxNetworkRetries() { return 0; }
            @Override public Duration connectTimeout() { return Duration.ofSeconds(3); }
            @Override public Duration readTimeout() { return Duration.ofSeconds(8); }
            @Override public boolean readOnly() { return false; }
            @Override public String linkSuccessUrl() { return "https://example.com/ok"; }
            @Override public String linkCancelUrl() { return "https://example.com/cancel"; }
        };
        StripeApi stripe = new StripeApi(stripeConfig, secrets, metrics);
        StripePayments payments = new StripePayments(stripe, stripeConfig);
        StripeTerminal terminal = new StripeTerminal(stripe);
        DynamoReaderStore readers = new DynamoReaderStore(t);
        DynamoPaymentLedger ledger = new DynamoPaymentLedger(t, clock);
        MoneyTransactions money = new MoneyTransactions(t, ledger);
        TerminalPayments terminalPayments = new TerminalPayments(orders, readers, ledger, money, clock, terminal);
        DynamoFollowUpStore followUpStore = new DynamoFollowUpStore(t);
        FollowUps outbox = new FollowUps(followUpStore, List.of(), null, new FollowUps.FollowUpsConfig() {
            @Override public Duration lease() { return Duration.ofMinutes(2); }
            @Override public Duration grace() { return Duration.ofMinutes(2); }
            @Override public Duration firstBackoff() { return Duration.ofMinutes(1); }
            @Override public Duration maxBackoff() { return Duration.ofHours(1); }
            @Override public Duration overdueAfter() { return Duration.ofMinutes(15); }
            @Override public int batch() { return 50; }
        }, metrics, clock);
        PaymentObjects stops = new PaymentObjects(payments, outbox, clock);
        var customers = new Customers(new DynamoCustomerStore(t), clock);
        promotions = new Promotions(new DynamoPromotionStore(t), customers, clock,
                new Promotions.PromotionLimits() {
                    @Override public int staffMaxPercent() { return 20; }
                    @Override public Map<String, Long> staffMaxAmount() { return Map.of("jpy", 2000L, "usd", 2000L); }
                    @Override public int staffDailyCount() { return 20; }
                }, new RateLimits(t, clock));
        loyalty = new Loyalty(new DynamoLoyaltyLedger(t), new Loyalty.LoyaltyConfig() {
            @Override public double earnPercent() { return 1; }
            @Override public Map<String, Long> pointValue() { return Map.of(); }
            @Override public int maxRedeemPercent() { return 100; }
        }, clock);
        var uses = new DiscountUses(promotions, loyalty);
        var visitStore = new DynamoVisitStore(t);
        Inventory inventory = new Inventory(base.store, base.catalog, clock, HoldExpiry.all(List.of(
                new OrderExpiry(orders, clock, terminalPayments, followUpStore, stops, uses), new VisitExpiry(visitStore))));
        visits = new Visits(visitStore, t, base.catalog, inventory, customers, clock, followUpStore, outbox);
        this.visitStore = visitStore;
        NotifyConfig notify = new NotifyConfig() {
            @Override public String mode() { return "outbox"; }
            @Override public String outboxDir() { return "target/bench/outbox"; }
            @Override public Optional<String> snsEndpoint() { return Optional.empty(); }
            @Override public Optional<String> sesEndpoint() { return Optional.empty(); }
            @Override public Optional<String> emailFrom() { return Optional.empty(); }
            @Override public Optional<String> snsRegion() { return Optional.empty(); }
            @Override public boolean allowPrivateChatUrls() { return true; }
        };
        CheckoutConfig checkoutConfig = new CheckoutConfig() {
            @Override public Duration cardHold() { return Duration.ofMinutes(15); }
            @Override public Duration linkHold() { return Duration.ofHours(1); }
            @Override public Duration terminalHold() { return Duration.ofMinutes(10); }
        };
        checkout = new Checkout(inventory, base.catalog, orders, customers, payments,
                new LinkDelivery(new MessageDelivery(notify, (to, text) -> { }, (to, subject, text) -> { }, new ObjectMapper())), checkoutConfig, clock, readers, terminal, terminalPayments,
                followUpStore, outbox, stops, new DynamoCheckoutReads(t), promotions, uses, loyalty,
                new CodeTries(new CodeTries.CodeTriesConfig() {
                    @Override public int perShopperPerHour() { return 10; }
                    @Override public int perCallerPerHour() { return 100; }
                }, new RateLimits(t, clock)));
        idempotency = new Idempotency(t, clock, new IdempotencyConfig() {
            @Override public Duration retention() { return Duration.ofHours(24); }
            @Override public Duration inProgressTimeout() { return Duration.ofSeconds(30); }
        }, new ObjectMapper());
        PaymentIssues issues = new PaymentIssues(new DynamoPaymentIssueStore(t), orders, ledger, money, metrics, clock);
        Payments paymentsApplied = new Payments(orders, inventory, loyalty, payments, ledger, money, issues, followUpStore, outbox, clock, uses, new DynamoCustomerStore(t));
        refunds = new Refunds(orders, new DynamoRefundStore(t, clock), payments, inventory, base.catalog, loyalty, ledger, money, followUpStore, outbox, clock, uses);
        subscriptionStore = new DynamoSubscriptionStore(t);
        var billing = new StripeBilling(stripe, stripeConfig);
        renewals = new Renewals(subscriptionStore, t, billing, orders, inventory, loyalty, ledger, money, clock);
        var till = new TillSubscriptions(subscriptionStore, t, billing,
                new StripePrices(subscriptionStore, billing), readers, terminal, ledger, money, clock, followUpStore);
        events = new StripeEvents(paymentsApplied, refunds, payments, new CardLinks(orders, new DynamoCustomerStore(t), loyalty, ledger, money, clock),
                terminalPayments, ledger, money, metrics, renewals, till);
        signed = new SignedEvents(new WebhookConfig() {
            @Override public Optional<List<String>> secrets() { return Optional.of(List.of(webhookSecret)); }
            @Override public Optional<String> secretsParameter() { return Optional.empty(); }
            @Override public Duration tolerance() { return Duration.ofMinutes(5); }
        }, new ObjectMapper(), clock, secrets);
    }

    @Override
    public void close() { base.close(); }
}
