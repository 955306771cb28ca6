package dev.unifiedcommerce.customer.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.customer.PhoneRegions;
import dev.unifiedcommerce.customer.Verification;
import dev.unifiedcommerce.customer.Verifications;
import dev.unifiedcommerce.messaging.SmsPolicy;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.idempotency.Idempotency;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.Set;

/**
 * A shopper proves a phone or e-mail by giving back the code sent there (Checkout function): a channel binds its
 * signed-in shopper ({@code shopperRef}) to the customer; staff at the till use the confirmed verification as the
 * shopper's proof ({@code customer.verificationId}).
 */
@Path("/customers/verifications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VerificationResource {
    /** A channel's own id for its signed-in shopper (its account id), as the channel spells it. */
    public static final String SHOPPER_REF = "[A-Za-z0-9._:@|+-]{1,128}";

    public record StartBody(@Size(max = 40) String phone, @Size(max = 254) String email,
                            @Schema(description = "A channel's own id for its signed-in shopper: once the code is confirmed, the channel names "
                                    + "this shopper as customer.shopperRef and may use what the customer owns.")
                            @Pattern(regexp = SHOPPER_REF) String shopperRef) {}

    public record StartedView(String verificationId, String sentTo, String expiresAt) {}

    public record ConfirmBody(@NotNull @Size(min = 1, max = 20) String code) {}

    /**
     * {@code customerId}: to staff, and to a channel for the shopper it named (now bound); a channel that named none is
     * told only that the contact is proven ({@code verificationId} vouches for 30 minutes at its checkouts).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConfirmedView(String customerId, boolean verified) {}

    private final Verifications verifications;
    private final Caller caller;
    private final Idempotency idempotency;
    private final PhoneRegions regions;
    private final SmsPolicy sms;

    public VerificationResource(Verifications verifications, Caller caller, Idempotency idempotency, PhoneRegions regions, SmsPolicy sms) {
        this.verifications = verifications;
        this.caller = caller;
        this.idempotency = idempotency;
        this.regions = regions;
        this.sms = sms;
    }

    @POST
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    @APIResponse(responseCode = "202", description = "A 6-digit code was sent by SMS (phone: a possible mobile number of a country SMS may go to) "
            + "or e-mail; it works for 10 minutes and 5 tries, for this caller only. A replayed Idempotency-Key sends nothing again.")
    @APIResponse(responseCode = "400", description = "Neither or both of phone and email, or a malformed one (field names it); shopperRef from staff.")
    @APIResponse(responseCode = "422", description = "phone is no mobile number, or SMS to its country is not enabled (field phone).")
    @APIResponse(responseCode = "429", description = "Too many codes to this destination or for this shopperRef this hour (Retry-After).")
    @APIResponse(responseCode = "502", description = "The message could not be sent.")
    public Response start(@HeaderParam(Idempotency.HEADER) String idempotencyKey, @NotNull @Valid StartBody b) {
        if ((b.phone() == null) == (b.email() == null)) throw Rejected.invalid("phone", "give either phone or email");
        if (b.shopperRef() != null && !caller.isChannelOnly()) throw Rejected.invalid("shopperRef", "is a channel's id for its signed-in shopper");
        Verification.Kind kind = b.phone() != null ? Verification.Kind.PHONE : Verification.Kind.EMAIL;
        String destination;
        if (kind == Verification.Kind.PHONE) {
            // as typed at the till: a national number is read in the country of the staff member's store
            destination = Contact.e164(b.phone(), "phone", () -> regions.of(null, caller.isStaff() ? caller.stores() : Set.of()));
            Contact.requireMobile(destination, "phone");
            sms.requireAllowedCountry(destination, "phone");
        } else {
            destination = Contact.email(b.email(), "email");
        }
        return idempotency.execute(caller.id(), "POST /customers/verifications", idempotencyKey, b, 202, completion -> {
            var started = verifications.start(caller.id(), kind, destination, b.shopperRef());
            var view = new StartedView(started.verificationId(), started.sentTo(), started.expiresAt().toString());
            // recorded once the code went out: a request that failed to send it is retried afresh with its key
            idempotency.store(completion.record(202, view));
            return view;
        });
    }

    @POST
    @Path("{verificationId}/confirm")
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    @APIResponse(responseCode = "200", description = "The code is right: the customer with that contact (created on first sight); a channel's "
            + "shopperRef is now bound to them.")
    @APIResponse(responseCode = "404", description = "No verification of this caller's with that id.")
    @APIResponse(responseCode = "410", description = "Confirmed already, expired, or out of tries: ask for a new code.")
    @APIResponse(responseCode = "422", description = "Wrong code (field code; triesLeft).")
    public Response confirm(@PathParam("verificationId") @Pattern(regexp = Ids.PATTERN) String verificationId,
                            @HeaderParam(Idempotency.HEADER) String idempotencyKey, @NotNull @Valid ConfirmBody b) {
        return idempotency.execute(caller.id(), "POST /customers/verifications/" + verificationId + "/confirm", idempotencyKey, b, 200, completion -> {
            var confirmed = verifications.confirm(caller.id(), verificationId, b.code().strip());
            var view = new ConfirmedView(caller.isChannelOnly() && confirmed.shopperRef() == null ? null : confirmed.customerId(), true);
            idempotency.store(completion.record(200, view));
            return view;
        });
    }
}
