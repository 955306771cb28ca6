package dev.unifiedcommerce.platform;

import com.stripe.model.Charge;
import com.stripe.model.Coupon;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.EventCollection;
import com.stripe.model.HasId;
import com.stripe.model.Invoice;
import com.stripe.model.InvoicePayment;
import com.stripe.model.InvoicePaymentCollection;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Price;
import com.stripe.model.Refund;
import com.stripe.model.RefundCollection;
import com.stripe.model.SetupAttempt;
import com.stripe.model.SetupIntent;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeError;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.checkout.Session;
import com.stripe.model.terminal.ConnectionToken;
import com.stripe.model.terminal.Location;
import com.stripe.model.terminal.Reader;
import com.stripe.net.ApiResource;
import com.stripe.param.CouponCreateParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.InvoiceRetrieveParams;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import com.stripe.param.SetupIntentCancelParams;
import com.stripe.param.SetupIntentCreateParams;
import com.stripe.param.SetupIntentRetrieveParams;
import com.stripe.param.SubscriptionCancelParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionExpireParams;
import com.stripe.param.terminal.ConnectionTokenCreateParams;
import com.stripe.param.terminal.LocationCreateParams;
import com.stripe.param.terminal.ReaderCancelActionParams;
import com.stripe.param.terminal.ReaderCreateParams;
import com.stripe.param.terminal.ReaderProcessPaymentIntentParams;
import com.stripe.param.terminal.ReaderProcessSetupIntentParams;
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
        PaymentIntent.class, Session.class, Refund.class,
        RefundCollection.class, StripeError.class, Charge.class,
        Location.class, Reader.class, ConnectionToken.class,
        StripeObject.class, ApiResource.class, HasId.class,
        Coupon.class, Event.class, EventCollection.class, StripeCollection.class,
        Customer.class, Price.class, Subscription.class, SubscriptionItem.class,
        Invoice.class, InvoicePayment.class, InvoicePaymentCollection.class,
        SetupIntent.class, SetupAttempt.class, PaymentMethod.class,
        // stripe-java: request parameters (serialised field by field)
        PaymentIntentCreateParams.class, PaymentIntentCancelParams.class,
        SessionCreateParams.class, SessionExpireParams.class,
        RefundCreateParams.class, RefundListParams.class,
        LocationCreateParams.class, ReaderCreateParams.class,
        ReaderProcessPaymentIntentParams.class, ReaderCancelActionParams.class,
        ConnectionTokenCreateParams.class, ReaderProcessSetupIntentParams.class,
        CouponCreateParams.class, EventListParams.class,
        CustomerCreateParams.class, PriceCreateParams.class,
        SubscriptionCreateParams.class, SubscriptionUpdateParams.class, SubscriptionCancelParams.class,
        InvoiceRetrieveParams.class, SetupIntentCreateParams.class, SetupIntentRetrieveParams.class,
        SetupIntentCancelParams.class,
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
