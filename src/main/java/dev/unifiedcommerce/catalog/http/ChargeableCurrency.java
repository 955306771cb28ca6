package dev.unifiedcommerce.catalog.http;

import dev.unifiedcommerce.catalog.Currencies;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A lower-case ISO 4217 code Stripe charges in. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ChargeableCurrency.Check.class)
public @interface ChargeableCurrency {
    String message() default "must be a lower-case ISO 4217 code that Stripe charges in (e.g. jpy, usd, eur)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<ChargeableCurrency, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) { return value == null || Currencies.chargeable(value); }
    }
}
