package dev.unifiedcommerce.catalog;

/** A product was created or changed (a CDI event): stock levels follow its {@code active} flag. */
public record ProductSaved(Product product) {}
