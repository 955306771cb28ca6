package dev.unifiedcommerce.followup;

import java.util.Map;
import java.util.Set;

/** Performs follow-ups of some kinds; supplied by the capability that decides them. */
public interface FollowUpHandler {
    Set<FollowUp.Kind> kinds();

    /** One attempt. {@link Result.Done} when the other side confirmed (or nothing is owed any more). */
    Result perform(FollowUp followUp);

    sealed interface Result {
        record Done(String what) implements Result {}

        /** Try again later; {@code data} (null: unchanged) replaces what the next attempt works from (e.g. a new key). */
        record Retry(String why, Map<String, String> data) implements Result {
            public Retry(String why) { this(why, null); }
        }
    }
}
