package dev.unifiedcommerce.support;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's random cases replay from its seed: the same seed and purpose draw the same sequence, other purposes another. */
class SeedsTest {
    static long[] draws(Random random) { return random.longs(8).toArray(); }

    @Test
    void theRunHasOneSeedKeptWhereAFailedTestReadsIt() {
        long seed = Seeds.run();
        assertThat(Seeds.run()).isEqualTo(seed);
        assertThat(System.getProperty("uc.seed")).isEqualTo(Long.toString(seed));
    }

    @Test
    void onePurposeDrawsTheSameSequenceEachTimeAndAnotherPurposeAnother() {
        assertThat(draws(Seeds.random("lost Stripe answers"))).isEqualTo(draws(Seeds.random("lost Stripe answers")))
                .isNotEqualTo(draws(Seeds.random("DynamoDB failures")));
    }
}
