package dev.unifiedcommerce.payment.http;

import dev.unifiedcommerce.catalog.http.CatalogViews.MoneyBody;
import dev.unifiedcommerce.payment.PaymentIssue;
import dev.unifiedcommerce.payment.PaymentIssues;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.pagination.Cursors;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Money that needs a person: the store's (staff) or everyone's (admin) open payment issues, and their resolution. */
@Path("/payment-issues")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PaymentIssueResource {
    private final PaymentIssues issues;
    private final Caller caller;
    private final Cursors cursors;

    public PaymentIssueResource(PaymentIssues issues, Caller caller, Cursors cursors) {
        this.cursors = cursors;
        this.issues = issues;
        this.caller = caller;
    }

    public record ResolutionView(String by, String note, Instant at) {}

    public record IssueView(String issueId, PaymentIssue.Kind kind, String orderId, String locationId, String paymentIntentId,
                            MoneyBody expected, MoneyBody actual, String detail, Instant since, PaymentIssue.Status status,
                            ResolutionView resolution, Integer attempts) {
        static IssueView of(PaymentIssue i) {
            return new IssueView(i.issueId(), i.kind(), i.orderId(), i.locationId(), i.paymentIntentId(),
                    i.expected() == null ? null : MoneyBody.of(i.expected()), i.actual() == null ? null : MoneyBody.of(i.actual()),
                    i.detail(), i.since(), i.status(),
                    i.resolution() == null ? null : new ResolutionView(i.resolution().by(), i.resolution().note(), i.resolution().at()), i.attempts());
        }
    }

    public record IssueList(List<IssueView> items, String next) {}

    public record ResolveBody(@NotBlank @Size(max = 500) String note) {}

    /** Staff see their stores' issues (a store of theirs must be named when they have several); admins any or all. */
    @GET
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    public IssueList list(@QueryParam("locationId") @Pattern(regexp = Ids.PATTERN) String locationId,
                          @QueryParam("kind") String kindParam, @QueryParam("status") @DefaultValue("OPEN") String statusParam,
                          @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(100) int limit, @QueryParam("next") String next,
                          @Context UriInfo uri) {
        String scope = Cursors.scope(caller.id(), uri);
        PaymentIssue.Kind kind = kindParam == null ? null : parse(PaymentIssue.Kind.class, kindParam, "kind");
        PaymentIssue.Status status = parse(PaymentIssue.Status.class, statusParam, "status");
        String at = locationId;
        if (!caller.isAdmin()) {
            if (at == null) {
                if (caller.stores().size() != 1) throw Rejected.invalid("locationId", "is required: name one of your stores");
                at = caller.stores().iterator().next();
            }
            caller.requireStore(at);
        }
        var page = issues.list(at, kind, status, limit, cursors.open(next, scope));
        return new IssueList(page.items().stream().map(IssueView::of).toList(), cursors.seal(page.next(), scope));
    }

    @GET
    @Path("{issueId}")
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    public IssueView issue(@PathParam("issueId") @Pattern(regexp = Ids.PATTERN) String issueId) {
        PaymentIssue issue = issues.issue(issueId);
        if (!caller.isAdmin() && !caller.stores().contains(issue.locationId())) throw Rejected.notFound("payment issue", "issueId", issueId);
        return IssueView.of(issue);
    }

    @POST
    @Path("{issueId}/resolve")
    @RolesAllowed(Roles.ADMIN)
    public IssueView resolve(@PathParam("issueId") @Pattern(regexp = Ids.PATTERN) String issueId, @NotNull @Valid ResolveBody body) {
        return IssueView.of(issues.resolve(issueId, caller.id(), body.note()));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw Rejected.invalid(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
