package dev.unifiedcommerce.reports.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.reports.SalesReport;
import dev.unifiedcommerce.reports.StockReport;
import dev.unifiedcommerce.reports.dynamo.SalesRecount;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** Sales by store, channel, payment method or day, live from the table's change stream (Reports function). */
@Path("/reports")
public class ReportsResource {
    /** One row: the key it is grouped by (day, locationId, channel or paymentMethod) and its totals in minor units. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RowView(String day, String locationId, String channel, String paymentMethod, long orders, long units, long gross, long discounts,
                          long refunds, long net, long pointsEarned, long pointsSpent) {}

    public record SalesView(String currency, String groupBy, List<RowView> rows) {}

    /** The days to recount, inclusive. */
    public record RecountBody(@NotNull String from, @NotNull String to) {}

    public record StockView(List<StockReport.Row> rows) {}

    private final SalesReport report;
    private final StockReport stock;
    private final SalesRecount recount;
    private final CatalogStore catalog;
    private final Caller caller;

    public ReportsResource(SalesReport report, StockReport stock, SalesRecount recount,
                           CatalogStore catalog, Caller caller) {
        this.report = report;
        this.stock = stock;
        this.recount = recount;
        this.catalog = catalog;
        this.caller = caller;
    }

    @GET
    @Path("stock")
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Low stock: per SKU at a location (or every location the caller may see), "
            + "units sold over the last 7 days in the location's zone, on hand, available, and days of cover at that rate (null: nothing sold); "
            + "belowDaysOfCover keeps the rows under it, lowest first. Accept: text/csv gives CSV.")
    @APIResponse(responseCode = "400", description = "belowDaysOfCover not a positive number.")
    public Response stock(@QueryParam("locationId") String locationId, @QueryParam("belowDaysOfCover") String belowParam,
                          @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Double below = null;
        if (belowParam != null) {
            try {
                below = Double.parseDouble(belowParam);
            } catch (NumberFormatException e) {
                throw Rejected.invalid("belowDaysOfCover", "must be a number of days");
            }
            if (!(below > 0) || below.isInfinite()) throw Rejected.invalid("belowDaysOfCover", "must be a positive number of days");
        }
        List<String> locations;
        if (locationId != null) {
            caller.requireStore(locationId);
            locations = List.of(locationId);
        } else if (caller.isAdmin()) {
            locations = catalog.locations().stream().map(Location::id).toList();
        } else {
            locations = caller.stores().stream().filter(id -> catalog.location(id).isPresent()).sorted().toList();
        }
        var rows = stock.lowStock(locations, below);
        if (wantsCsv(accept)) {
            StringBuilder csv = new StringBuilder("locationId,sku,soldLast7Days,onHand,available,daysOfCover\n");
            for (var r : rows) {
                csv.append(csvField(r.locationId())).append(',').append(csvField(r.sku())).append(',').append(r.soldLast7Days()).append(',')
                        .append(r.onHand()).append(',').append(r.available()).append(',').append(r.daysOfCover() == null ? "" : r.daysOfCover()).append('\n');
            }
            return Response.ok(csv.toString(), "text/csv; charset=utf-8").build();
        }
        return Response.ok(new StockView(rows), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("sales/recount")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rebuilds the sales report's lines of the days from..to (inclusive, at most 92) "
            + "from the orders and refunds as they stand: for history older than the change stream's 24 hours, and for repairs. Safe to repeat.")
    public SalesRecount.Result recount(@Valid @NotNull RecountBody body) {
        return recount.rebuild(date(body.from(), "from"), date(body.to(), "to"));
    }

    @GET
    @Path("sales")
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Sales by day, store, channel or payment method: orders, units, gross, "
            + "discounts, refunds, net (minor units of one currency), points earned and spent; from/to are inclusive dates in each store's zone; "
            + "Accept: text/csv gives CSV. Staff see their stores only.")
    @APIResponse(responseCode = "400", description = "A bad date or groupBy, a range over "
            + "92 days, or no currency for a range holding several (field currency).")
    public Response sales(@QueryParam("from") String fromParam, @QueryParam("to") String toParam,
                          @QueryParam("groupBy") @DefaultValue("store") String groupByParam, @QueryParam("currency") String currency,
                          @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        LocalDate from = date(fromParam, "from"), to = date(toParam, "to");
        SalesReport.GroupBy groupBy = switch (groupByParam) {
            case "day" -> SalesReport.GroupBy.DAY;
            case "store" -> SalesReport.GroupBy.STORE;
            case "channel" -> SalesReport.GroupBy.CHANNEL;
            case "paymentMethod" -> SalesReport.GroupBy.PAYMENT_METHOD;
            default -> throw Rejected.invalid("groupBy", "must be day, store, channel or paymentMethod");
        };
        if (currency != null && !currency.matches("[a-z]{3}")) throw Rejected.invalid("currency", "must be a three-letter ISO code in lower case");
        var r = report.sales(from, to, groupBy, currency, store -> caller.isAdmin() || caller.stores().contains(store));
        List<RowView> rows = r.rows().stream().map(row -> view(groupBy, row)).toList();
        if (wantsCsv(accept)) {
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
        if (value == null) throw Rejected.invalid(field, "is required (YYYY-MM-DD)");
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Rejected.invalid(field, "must be a date (YYYY-MM-DD)");
        }
    }

    /** CSV when the caller accepts it (a {@code q=0} refuses it) and prefers it to JSON, which is the default. */
    public static boolean wantsCsv(String accept) {
        if (accept == null) return false;
        double csv = 0, json = 0;
        for (String part : accept.toLowerCase(Locale.ROOT).split(",")) {
            String[] p = part.trim().split(";");
            double q = 1;
            for (int i = 1; i < p.length; i++) {
                String param = p[i].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            switch (p[0].trim()) {
                case "text/csv" -> csv = Math.max(csv, q);
                case "application/json" -> json = Math.max(json, q);
                default -> { }
            }
        }
        return csv > 0 && csv >= json;
    }

    /**
     * RFC 4180 quoting (commas, quotes, line breaks), and a value a spreadsheet would read as a formula (=, +, -, @,
     * tab, carriage return first) is prefixed with a quote (CSV injection).
     */
    public static String csvField(String v) {
        if (v == null) return "";
        String safe = !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        return safe.chars().anyMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r') ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
