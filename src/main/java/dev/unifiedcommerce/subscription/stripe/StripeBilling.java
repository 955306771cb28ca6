package dev.unifiedcommerce.subscription.stripe;

import com.stripe.param.CustomerCreateParams;
import com.stripe.param.InvoiceRetrieveParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.SetupIntentCreateParams;
import com.stripe.param.SetupIntentRetrieveParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.common.EmptyParam;
import dev.unifiedcommerce.customer.Customer;
import dev.unifiedcommerce.platform.stripe.StripeApi;
import dev.unifiedcommerce.platform.stripe.StripeConfig;
import dev.unifiedcommerce.subscription.BillingGateway;
import dev.unifiedcommerce.subscription.Subscription;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;

/** Stripe Billing through stripe-java: Customers, Prices and subscriptions whose first invoice the shopper confirms. */
@ApplicationScoped
public class StripeBilling implements BillingGateway {
    private final StripeApi stripe;
    private final StripeConfig config;

    public StripeBilling(StripeApi stripe, StripeConfig config) {
        this.stripe = stripe;
        this.config = config;
    }

    @Override
    public String createCustomer(Customer c, String key) {
        var b = CustomerCreateParams.builder().putMetadata("customerId", c.id());
        if (c.name() != null) b.setName(c.name());
        if (c.email() != null) b.setEmail(c.email());
        if (c.phone() != null) b.setPhone(c.phone());
        var params = b.build();
        return stripe.write("create Customer", () -> stripe.client().v1().customers().create(params, StripeApi.idempotent(key))).getId();
    }

    @Override
    public String createPrice(String sku, String productName, String interval, String currency, long amount, String key) {
        var params = PriceCreateParams.builder().setCurrency(currency).setUnitAmount(amount)
                .setRecurring(PriceCreateParams.Recurring.builder().setInterval(PriceCreateParams.Recurring.Interval.valueOf(interval.toUpperCase(Locale.ROOT))).build())
                .setProductData(PriceCreateParams.ProductData.builder().setName(productName).putMetadata("sku", sku).build())
                .putMetadata("sku", sku).build();
        return stripe.write("create Price", () -> stripe.client().v1().prices().create(params, StripeApi.idempotent(key))).getId();
    }

    @Override
    public Started createSubscription(Subscription s, String stripeCustomerId, List<Item> items, String key) {
        var b = SubscriptionCreateParams.builder().setCustomer(stripeCustomerId)
                // the first invoice is confirmed by the shopper (the web shop's or app's payment form); the card is kept for renewals
                .setPaymentBehavior(SubscriptionCreateParams.PaymentBehavior.DEFAULT_INCOMPLETE)
                .setPaymentSettings(SubscriptionCreateParams.PaymentSettings.builder()
                        .setSaveDefaultPaymentMethod(SubscriptionCreateParams.PaymentSettings.SaveDefaultPaymentMethod.ON_SUBSCRIPTION).build())
                .addExpand("latest_invoice.confirmation_secret")
                .putMetadata("subscriptionId", s.id()).putMetadata("customerId", s.customerId());
        items.forEach(i -> b.addItem(SubscriptionCreateParams.Item.builder().setPrice(i.priceId()).setQuantity((long) i.quantity()).build()));
        var params = b.build();
        var sub = stripe.write("create Subscription", () -> stripe.client().v1().subscriptions().create(params, StripeApi.idempotent(key)));
        var invoice = sub.getLatestInvoiceObject();
        String secret = invoice == null || invoice.getConfirmationSecret() == null ? null : invoice.getConfirmationSecret().getClientSecret();
        return new Started(sub.getId(), SubscriptionStatus.of(sub.getStatus()), secret);
    }

    @Override
    public Link createSubscriptionLink(Subscription s, String stripeCustomerId, List<Item> items, String key) {
        var b = SessionCreateParams.builder().setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(stripeCustomerId).setClientReferenceId(s.id())
                .setSuccessUrl(config.linkSuccessUrl()).setCancelUrl(config.linkCancelUrl())
                .putMetadata("subscriptionId", s.id())
                // the subscription Stripe makes when the shopper pays carries our ids, as one made by the API does
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
                        .putMetadata("subscriptionId", s.id()).putMetadata("customerId", s.customerId()).build());
        items.forEach(i -> b.addLineItem(SessionCreateParams.LineItem.builder().setPrice(i.priceId())
                .setQuantity((long) i.quantity()).build()));
        var params = b.build();
        var session = stripe.write("create subscription Checkout Session", () -> stripe.client().v1().checkout().sessions().create(params,
                StripeApi.idempotent(key)));
        return new Link(session.getId(), session.getUrl());
    }

    @Override
    public String createSetupIntent(Subscription s, String stripeCustomerId, String key) {
        var params = SetupIntentCreateParams.builder().setCustomer(stripeCustomerId).addPaymentMethodType("card_present")
                .setUsage(SetupIntentCreateParams.Usage.OFF_SESSION)
                .putMetadata("subscriptionId", s.id()).putMetadata("customerId", s.customerId()).build();
        return stripe.write("create SetupIntent", () -> stripe.client().v1().setupIntents().create(params, StripeApi.idempotent(key))).getId();
    }

    @Override
    public Setup setupIntent(String id) {
        var params = SetupIntentRetrieveParams.builder().addExpand("latest_attempt").build();
        var si = stripe.call("read SetupIntent", () -> stripe.client().v1().setupIntents().retrieve(id, params));
        var attempt = si.getLatestAttemptObject();
        String generated = attempt == null || attempt.getPaymentMethodDetails() == null || attempt.getPaymentMethodDetails().getCardPresent() == null
                ? null : attempt.getPaymentMethodDetails().getCardPresent().getGeneratedCard();
        String failure = si.getLastSetupError() != null ? si.getLastSetupError().getMessage()
                : attempt != null && attempt.getSetupError() != null ? attempt.getSetupError().getMessage() : null;
        return new Setup(si.getId(), SetupStatus.of(si.getStatus()), generated, failure);
    }

    @Override
    public void cancelSetupIntent(String id) {
        stripe.write("cancel SetupIntent", () -> stripe.client().v1().setupIntents().cancel(id));
    }

    @Override
    public Started createSubscriptionPaidBy(Subscription s, String stripeCustomerId, List<Item> items, String paymentMethodId, String key) {
        var b = SubscriptionCreateParams.builder().setCustomer(stripeCustomerId).setDefaultPaymentMethod(paymentMethodId).setOffSession(true)
                // the customer agreed at the till: the first invoice is charged now; a decline leaves it incomplete (and says so)
                .setPaymentBehavior(SubscriptionCreateParams.PaymentBehavior.ALLOW_INCOMPLETE)
                .putMetadata("subscriptionId", s.id()).putMetadata("customerId", s.customerId());
        items.forEach(i -> b.addItem(SubscriptionCreateParams.Item.builder().setPrice(i.priceId()).setQuantity((long) i.quantity()).build()));
        var params = b.build();
        var sub = stripe.write("create Subscription", () -> stripe.client().v1().subscriptions().create(params, StripeApi.idempotent(key)));
        return new Started(sub.getId(), SubscriptionStatus.of(sub.getStatus()), null);
    }

    @Override
    public StripeSubscription subscription(String id) {
        return view(stripe.call("read Subscription", () -> stripe.client().v1().subscriptions().retrieve(id)));
    }

    @Override
    public String invoicePaymentIntent(String invoiceId) {
        // API versions from 2025-03 list an invoice's payments (not included unless asked); older ones name the intent
        var params = InvoiceRetrieveParams.builder().addExpand("payments").build();
        var invoice = stripe.call("read Invoice", () -> stripe.client().v1().invoices().retrieve(invoiceId, params));
        if (invoice.getPayments() != null && invoice.getPayments().getData() != null) {
            for (var p : invoice.getPayments().getData()) {
                if ("paid".equals(p.getStatus()) && p.getPayment() != null && p.getPayment().getPaymentIntent() != null) return p.getPayment().getPaymentIntent();
            }
        }
        return null;
    }

    @Override
    public StripeSubscription pauseCollection(String id, boolean paused) {
        var params = paused
                ? SubscriptionUpdateParams.builder().setPauseCollection(SubscriptionUpdateParams.PauseCollection.builder()
                        // void: the periods while paused are not charged (and nothing ships): the customer skips them
                        .setBehavior(SubscriptionUpdateParams.PauseCollection.Behavior.VOID).build()).build()
                : SubscriptionUpdateParams.builder().setPauseCollection(EmptyParam.EMPTY).build();
        return view(stripe.write(paused ? "pause Subscription" : "resume Subscription", () -> stripe.client().v1().subscriptions().update(id, params)));
    }

    @Override
    public StripeSubscription cancel(String id, boolean immediately) {
        if (immediately) return view(stripe.write("cancel Subscription", () -> stripe.client().v1().subscriptions().cancel(id)));
        var params = SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).build();
        return view(stripe.write("cancel Subscription at period end", () -> stripe.client().v1().subscriptions().update(id, params)));
    }

    // qualified: subscription.Subscription is ours
    private static StripeSubscription view(com.stripe.model.Subscription s) {
        return new StripeSubscription(s.getId(), s.getMetadata() == null ? null : s.getMetadata().get("subscriptionId"), SubscriptionStatus.of(s.getStatus()),
                s.getPauseCollection() != null, Boolean.TRUE.equals(s.getCancelAtPeriodEnd()));
    }
}
