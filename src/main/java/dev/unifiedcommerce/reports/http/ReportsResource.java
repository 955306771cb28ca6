package dev.unifiedcommerce.reports.http;

import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Problem;
import dev.unifiedcommerce.reports.SalesReport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** Sales by store, channel, payment method or day, live from the table's change stream (Reports function). */
@Path("/reports")
public class ReportsResource {
    /** One row: the key it is grouped by (day, locationId, channel or paymentMethod) and its totals in minor units. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record RowView(String day, String locationId, String channel, String paymentMethod, long orders, long units, long gross, long discounts,
                          long refunds, long net, long pointsEarned, long pointsSpent) {}

    public record SalesView(String currency, String groupBy, List<RowView> rows) {}

    private final SalesReport report;
    private final Caller caller;

    public ReportsResource(SalesReport report, Caller caller) {
        this.report = report;
        this.caller = caller;
    }

    @GET
    @Path("sales")
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Sales by day, store, channel or payment method: orders, units, gross, "
            + "discounts, refunds, net (minor units of one currency), points earned and spent; from/to are inclusive dates in each store's zone; "
            + "Accept: text/csv gives CSV. Staff see their stores only.")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "400", description = "A bad date or groupBy, a range over "
            + "92 days, or no currency for a range holding several (field currency).")
    public Response sales(@QueryParam("from") String fromParam, @QueryParam("to") String toParam,
                          @QueryParam("groupBy") @jakarta.ws.rs.DefaultValue("store") String groupByParam, @QueryParam("currency") String currency,
                          @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        LocalDate from = date(fromParam, "from"), to = date(toParam, "to");
        SalesReport.GroupBy groupBy = switch (groupByParam) {
            case "day" -> SalesReport.GroupBy.DAY;
            case "store" -> SalesReport.GroupBy.STORE;
            case "channel" -> SalesReport.GroupBy.CHANNEL;
            case "paymentMethod" -> SalesReport.GroupBy.PAYMENT_METHOD;
            default -> throw Problem.badField("groupBy", "must be day, store, channel or paymentMethod");
        };
        if (currency != null && !currency.matches("[a-z]{3}")) throw Problem.badField("currency", "must be a three-letter ISO code in lower case");
        var r = report.sales(from, to, groupBy, currency, store -> caller.isAdmin() || caller.stores().contains(store));
        List<RowView> rows = r.rows().stream().map(row -> view(groupBy, row)).toList();
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv")) {
            StringBuilder csv = new StringBuilder(groupByParam + ",currency,orders,units,gross,discounts,refunds,net,pointsEarned,pointsSpent\n");
            for (SalesReport.Row row : r.rows()) {
                var t = row.totals();
                csv.append(csvField(row.key())).append(',').append(r.currency()).append(',').append(t.orders()).append(',').append(t.units()).append(',')
                        .append(t.gross()).append(',').append(t.discounts()).append(',').append(t.refunds()).append(',').append(t.net()).append(',')
                        .append(t.pointsEarned()).append(',').append(t.pointsSpent()).append('\n');
            }
            return Response.ok(csv.toString(), "text/csv; charset=utf-8").build();
        }
        return Response.ok(new SalesView(r.currency(), groupByParam, rows), MediaType.APPLICATION_JSON).build();
    }

    private static RowView view(SalesReport.GroupBy by, SalesReport.Row row) {
        var t = row.totals();
        return new RowView(by == SalesReport.GroupBy.DAY ? row.key() : null, by == SalesReport.GroupBy.STORE ? row.key() : null,
                by == SalesReport.GroupBy.CHANNEL ? row.key() : null, by == SalesReport.GroupBy.PAYMENT_METHOD ? row.key() : null,
                t.orders(), t.units(), t.gross(), t.discounts(), t.refunds(), t.net(), t.pointsEarned(), t.pointsSpent());
    }

    private static LocalDate date(String value, String field) {
        if (value == null) throw Problem.badField(field, "is required (YYYY-MM-DD)");
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Problem.badField(field, "must be a date (YYYY-MM-DD)");
        }
    }

    /** A value that could be read as a formula by a spreadsheet is quoted and prefixed (CSV injection). */
    private static String csvField(String v) {
        if (v == null) return "";
        String safe = v.startsWith("=") || v.startsWith("+") || v.startsWith("-") || v.startsWith("@") ? "'" + v : v;
        return safe.contains(",") || safe.contains("\"") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
