package dev.unifiedcommerce.order;

import java.time.Instant;

/** One thing that happened to an order, in the order's timeline. */
public record TimelineEntry(Instant at, String type, String channel, String detail) {}
