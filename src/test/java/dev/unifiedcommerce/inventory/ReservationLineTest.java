package dev.unifiedcommerce.inventory;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReservationLineTest {

    @Test
    void linesOfOnePlaceBecomeOneLineInTheOrderFirstAsked() {
        var merged = ReservationLine.merged(List.of(new ReservationLine("TEE", "ginza", 2), new ReservationLine("MUG", "ginza", 1),
                new ReservationLine("TEE", "ginza", 3), new ReservationLine("TEE", "shibuya", 1)));

        assertThat(merged).containsExactly(new ReservationLine("TEE", "ginza", 5), new ReservationLine("MUG", "ginza", 1),
                new ReservationLine("TEE", "shibuya", 1));
    }

    @Test
    void unitsFromShardsAreAddedUpPerShardSoEachShardGetsBackWhatItGave() {
        var moved = new ReservationLine("TEE", "ginza", 3, List.of(new ReservationLine.Draw(2, 1), new ReservationLine.Draw(0, 2)));
        var extra = new ReservationLine("TEE", "ginza", 4, List.of(new ReservationLine.Draw(2, 4)));

        assertThat(moved.plus(extra).draws()).containsExactly(new ReservationLine.Draw(0, 2), new ReservationLine.Draw(2, 5));
        assertThat(moved.plus(extra).quantity()).isEqualTo(7);
    }

    @Test
    void aWholeLevelLineAddedToAShardedOneCountsAsShardZero() {
        var fromLevel = new ReservationLine("TEE", "ginza", 2);
        var fromShard = new ReservationLine("TEE", "ginza", 1, List.of(new ReservationLine.Draw(3, 1)));

        assertThat(fromLevel.plus(fromShard).draws()).containsExactly(new ReservationLine.Draw(0, 2), new ReservationLine.Draw(3, 1));
    }

    @Test
    void linesOfTwoPlacesAreNeverAdded() {
        assertThatThrownBy(() -> new ReservationLine("TEE", "ginza", 1).plus(new ReservationLine("TEE", "shibuya", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
