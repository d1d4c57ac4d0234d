package com.example.voicegateway.message;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL guards of the ledger's commands, derived from the state machines: a statement that moves rows to a status
 * selects only rows whose status may move there, so a move that {@link MessageStatus} or {@link CallStatus} refuses
 * cannot be written, and no hand-kept list of moves has to agree with the enums.
 */
public final class StatusGuards {

    private StatusGuards() {
    }

    /** The call statuses that may move to {@code to}. */
    public static Set<CallStatus> callsMovingTo(CallStatus to) {
        EnumSet<CallStatus> from = EnumSet.noneOf(CallStatus.class);
        Arrays.stream(CallStatus.values()).filter(s -> s.canMoveTo(to)).forEach(from::add);
        return from;
    }

    /** The message statuses that may move to {@code to}. */
    public static Set<MessageStatus> messagesMovingTo(MessageStatus to) {
        EnumSet<MessageStatus> from = EnumSet.noneOf(MessageStatus.class);
        Arrays.stream(MessageStatus.values()).filter(s -> s.canMoveTo(to)).forEach(from::add);
        return from;
    }

    /** {@link #callsMovingTo} as an SQL list, {@code ('QUEUED', 'SENDING')}. */
    public static String callsMovingToSql(CallStatus to) {
        return sql(callsMovingTo(to));
    }

    /** As {@link #callsMovingToSql}, plus {@code to} itself (a deferral leaves a QUEUED call QUEUED). */
    public static String callsMovingToOrStayingSql(CallStatus to) {
        Set<CallStatus> from = callsMovingTo(to);
        from.add(to);
        return sql(from);
    }

    /** Fails (a bug, not a client's conflict) when the call's state machine refuses the move: for commands that read the
     * row before writing it. */
    public static void require(CallStatus from, CallStatus to) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("call " + from + " cannot move to " + to);
        }
    }

    /** Enum names as an SQL list; the names are our own constants, never input. */
    public static String sql(Collection<? extends Enum<?>> statuses) {
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("an empty guard would match nothing");
        }
        return statuses.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));
    }
}
