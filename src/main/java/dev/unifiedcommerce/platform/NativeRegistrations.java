package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.messaging.Messages;
import dev.unifiedcommerce.order.http.CheckoutResource;
import dev.unifiedcommerce.order.http.CheckoutViews;
import dev.unifiedcommerce.platform.table.TableDefinition;
import dev.unifiedcommerce.subscription.http.SubscriptionResource;
import dev.unifiedcommerce.visit.http.VisitViews;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a GraalVM native image must keep for reflection that Quarkus cannot see by itself: stripe-java reads and
 * writes its models and request parameters with Gson and reflection (it ships no native configuration), and a few
 * of our own records are (de)serialised by Jackson away from any REST signature (stored idempotent answers, the
 * table definition file).
 */
@RegisterForReflection(ignoreNested = false, targets = {
        // stripe-java: responses
        com.stripe.model.PaymentIntent.class, com.stripe.model.checkout.Session.class, com.stripe.model.Refund.class,
        com.stripe.model.RefundCollection.class, com.stripe.model.StripeError.class, com.stripe.model.Charge.class,
        com.stripe.model.terminal.Location.class, com.stripe.model.terminal.Reader.class, com.stripe.model.terminal.ConnectionToken.class,
        com.stripe.model.StripeObject.class, com.stripe.net.ApiResource.class, com.stripe.model.HasId.class,
        com.stripe.model.Coupon.class, com.stripe.model.Event.class, com.stripe.model.EventCollection.class, com.stripe.model.StripeCollection.class,
        com.stripe.model.Customer.class, com.stripe.model.Price.class, com.stripe.model.Subscription.class, com.stripe.model.SubscriptionItem.class,
        com.stripe.model.Invoice.class, com.stripe.model.InvoicePayment.class, com.stripe.model.InvoicePaymentCollection.class,
        com.stripe.model.SetupIntent.class, com.stripe.model.SetupAttempt.class, com.stripe.model.PaymentMethod.class,
        // stripe-java: request parameters (serialised field by field)
        com.stripe.param.PaymentIntentCreateParams.class, com.stripe.param.PaymentIntentCancelParams.class,
        com.stripe.param.checkout.SessionCreateParams.class, com.stripe.param.checkout.SessionExpireParams.class,
        com.stripe.param.RefundCreateParams.class, com.stripe.param.RefundListParams.class,
        com.stripe.param.terminal.LocationCreateParams.class, com.stripe.param.terminal.ReaderCreateParams.class,
        com.stripe.param.terminal.ReaderProcessPaymentIntentParams.class, com.stripe.param.terminal.ReaderCancelActionParams.class,
        com.stripe.param.terminal.ConnectionTokenCreateParams.class, com.stripe.param.terminal.ReaderProcessSetupIntentParams.class,
        com.stripe.param.CouponCreateParams.class, com.stripe.param.EventListParams.class,
        com.stripe.param.CustomerCreateParams.class, com.stripe.param.PriceCreateParams.class,
        com.stripe.param.SubscriptionCreateParams.class, com.stripe.param.SubscriptionUpdateParams.class, com.stripe.param.SubscriptionCancelParams.class,
        com.stripe.param.InvoiceRetrieveParams.class, com.stripe.param.SetupIntentCreateParams.class, com.stripe.param.SetupIntentRetrieveParams.class,
        com.stripe.param.SetupIntentCancelParams.class,
        // our own, outside REST signatures
        TableDefinition.class, TableDefinition.Index.class,
        CheckoutViews.StoredAnswer.class,
        CheckoutResource.StoredRefund.class,
        Messages.Outcome.class,
        VisitViews.StoredVisit.class,
        SubscriptionResource.StoredSubscription.class,
})
public final class NativeRegistrations {
    private NativeRegistrations() {}
}
