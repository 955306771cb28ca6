package dev.unifiedcommerce.platform.auth;

/** The groups of DESIGN.md "Errors, auth", as carried in the token's cognito:groups claim. */
public final class Roles {
    public static final String ADMIN = "admin";
    public static final String STAFF = "staff";
    public static final String CHANNEL = "channel";
    private Roles() {}
}
