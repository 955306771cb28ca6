package dev.unifiedcommerce.payment.http;

import dev.unifiedcommerce.payment.StripeEvents;
import dev.unifiedcommerce.payment.stripe.SignedEvents;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Stripe's webhook endpoint (Webhooks function). No JWT: the Stripe-Signature over the raw body is the credential.
 * 200 when applied or ignored; 400 for a bad signature or body (nothing written); 5xx only when a retry can help.
 */
@Path("/webhooks/stripe")
public class WebhookResource {
    private final SignedEvents signed;
    private final StripeEvents events;

    public WebhookResource(SignedEvents signed, StripeEvents events) {
        this.signed = signed;
        this.events = events;
    }

    @POST
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> receive(@Context HttpHeaders headers, InputStream body) throws IOException {
        // The Lambda HTTP adapter splits a header value on commas ("t=..,v1=..,v1=.." arrives as several values),
        // so the Stripe-Signature header is put back together before it is checked.
        List<String> parts = headers.getRequestHeader("Stripe-Signature");
        String signature = parts == null || parts.isEmpty() ? null : String.join(",", parts);
        // The exact bytes received: the signature covers them, not a re-serialisation.
        var result = events.handle(signed.verify(body == null ? new byte[0] : body.readAllBytes(), signature));
        return Map.of("received", true, "result", result.name().toLowerCase());
    }
}
