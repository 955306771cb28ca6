package dev.unifiedcommerce.platform.routing;

/** The deployed functions of DESIGN.md; {@code ALL} serves every route (the local stack). */
public enum Function {
    ALL, CHECKOUT, INVENTORY, WEBHOOKS, TERMINAL, SWEEPER, FOLLOWUPS, RECONCILER, REPORTS, EXPORTER
}
