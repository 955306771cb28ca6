package dev.unifiedcommerce.checkout.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionExpireParams;
import dev.unifiedcommerce.checkout.Order;
import dev.unifiedcommerce.checkout.PaymentGateway;
import dev.unifiedcommerce.checkout.PaymentProviderFailed;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Payments through stripe-java. Every create carries an idempotency key made of our own order id, so a retried
 * request, a Lambda retry or a client retry after a crash gets the same PaymentIntent or Checkout Session back.
 */
@ApplicationScoped
public class StripePayments implements PaymentGateway {
    private static final Logger LOG = Logger.getLogger(StripePayments.class);

    private final StripeConfig config;
    private volatile StripeClient client;

    public StripePayments(StripeConfig config) { this.config = config; }

    /** Built at first use (not at boot: cold starts that take no payment should not pay for it). */
    StripeClient client() {
        StripeClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    String key = config.secretKey().filter(k -> !k.isBlank())
                            .orElseThrow(() -> new PaymentProviderFailed("payments are not configured (no Stripe secret key)", true, null));
                    var b = StripeClient.builder().setApiKey(key).setMaxNetworkRetries(config.maxNetworkRetries())
                            .setConnectTimeout((int) config.connectTimeout().toMillis()).setReadTimeout((int) config.readTimeout().toMillis());
                    config.apiBase().filter(s -> !s.isBlank()).ifPresent(b::setApiBase);
                    client = b.build();
                }
                c = client;
            }
        }
        return c;
    }

    private static RequestOptions idempotent(String key) { return RequestOptions.builder().setIdempotencyKey(key).build(); }

    @Override
    public CardPayment startCard(Order order) {
        var params = PaymentIntentCreateParams.builder()
                .setAmount(order.total().amount()).setCurrency(order.total().currency())
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder().setEnabled(true).build())
                .setDescription("Order " + order.id())
                .putMetadata("orderId", order.id()).putMetadata("reservationId", order.reservationId())
                .putMetadata("channel", order.channel().name())
                .build();
        PaymentIntent pi = call("create PaymentIntent", () -> client().v1().paymentIntents().create(params, idempotent("uc-" + order.id() + "-payment-intent")));
        return new CardPayment(pi.getId(), pi.getClientSecret());
    }

    @Override
    public LinkPayment startLink(Order order, Instant expiresAt) {
        var b = SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
                .setExpiresAt(expiresAt.getEpochSecond())
                .setClientReferenceId(order.id())
                .setSuccessUrl(config.linkSuccessUrl()).setCancelUrl(config.linkCancelUrl())
                .putMetadata("orderId", order.id())
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata("orderId", order.id()).putMetadata("reservationId", order.reservationId())
                        .putMetadata("channel", order.channel().name()).build());
        for (Order.Line l : order.lines()) {
            b.addLineItem(SessionCreateParams.LineItem.builder().setQuantity((long) l.quantity())
                    .setPriceData(SessionCreateParams.LineItem.PriceData.builder().setCurrency(order.total().currency())
                            .setUnitAmount(l.unitAmount())
                            .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder().setName(l.name()).build())
                            .build())
                    .build());
        }
        SessionCreateParams params = b.build();
        Session s = call("create Checkout Session", () -> client().v1().checkout().sessions().create(params, idempotent("uc-" + order.id() + "-checkout-session")));
        return new LinkPayment(s.getId(), s.getUrl(), Instant.ofEpochSecond(s.getExpiresAt()));
    }

    @Override
    public Refund refund(String paymentIntentId, Long amount, String reason, String idempotencyKey, java.util.Map<String, String> metadata) {
        var b = com.stripe.param.RefundCreateParams.builder().setPaymentIntent(paymentIntentId).putAllMetadata(metadata);
        if (amount != null) b.setAmount(amount);
        if (reason != null) b.setReason(com.stripe.param.RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER);
        var params = b.build();
        com.stripe.model.Refund r = call("create Refund", () -> client().v1().refunds().create(params, idempotent(idempotencyKey)));
        return new Refund(r.getId(), r.getStatus(), r.getAmount(), r.getCurrency(), r.getMetadata());
    }

    @Override
    public java.util.List<Refund> refundsOf(String paymentIntentId) {
        var params = com.stripe.param.RefundListParams.builder().setPaymentIntent(paymentIntentId).setLimit(100L).build();
        var list = call("list Refunds", () -> client().v1().refunds().list(params));
        return list.getData().stream().map(r -> new Refund(r.getId(), r.getStatus(), r.getAmount(), r.getCurrency(), r.getMetadata())).toList();
    }

    @Override
    public void stop(Order order) {
        Order.Payment p = order.payment();
        try {
            if (p.checkoutSessionId() != null) {
                call("expire Checkout Session", () -> client().v1().checkout().sessions().expire(p.checkoutSessionId(),
                        SessionExpireParams.builder().build(), idempotent("uc-" + order.id() + "-expire")));
            } else if (p.paymentIntentId() != null) {
                call("cancel PaymentIntent", () -> client().v1().paymentIntents().cancel(p.paymentIntentId(),
                        PaymentIntentCancelParams.builder().setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED).build(),
                        idempotent("uc-" + order.id() + "-cancel")));
            }
        } catch (PaymentProviderFailed e) {
            if (e.getCause() instanceof InvalidRequestException) return; // already cancelled, expired or paid: nothing to stop
            throw e;
        }
    }

    interface StripeCall<T> { T run() throws StripeException; }

    private static <T> T call(String what, StripeCall<T> call) {
        long started = System.nanoTime();
        try {
            return call.run();
        } catch (RateLimitException | ApiConnectionException e) {
            LOG.warnf("Stripe %s: %s (request %s)", what, e.getClass().getSimpleName(), e.getRequestId());
            throw new PaymentProviderFailed("the payment provider is busy or unreachable", true, e);
        } catch (StripeException e) {
            LOG.warnf("Stripe %s answered %s %s (request %s)", what, e.getStatusCode(), e.getCode(), e.getRequestId());
            throw new PaymentProviderFailed("the payment provider refused: " + (e.getStripeError() != null ? e.getStripeError().getMessage() : e.getMessage()), false, e);
        } finally {
            LOG.debugf("Stripe %s took %d ms", what, (System.nanoTime() - started) / 1_000_000);
        }
    }
}
