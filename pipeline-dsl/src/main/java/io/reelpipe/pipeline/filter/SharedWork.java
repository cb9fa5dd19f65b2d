package io.reelpipe.pipeline.filter;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Parts of one running stage that any instance of the filter's pool may run (the chunks of a long video, say).
 * The stage offers them with {@link StageContext#share}: one record per part goes to the filter's topic, and an
 * instance that receives one runs {@link Filter#runPart}. Every participant, the offering stage included, takes a
 * part by {@link #claim claiming} it: a lease the runtime keeps renewing while the claimant lives. A part whose
 * claimant died is free again when the lease lapses, so a killed worker loses only the part it was running; a part is
 * {@link #complete completed} once its output is stored where the offering stage will find it.
 *
 * <p>The offering stage stays responsible for the result: it runs free parts itself, waits for claimed ones and
 * gathers what the parts produced. Helpers only make it faster. Leases still held when a stage or part task ends are
 * released by the runtime.
 */
public interface SharedWork {

    /** The work's id, as given to {@link StageContext#share}. */
    String id();

    /** Takes {@code part}; empty when it is done or another participant holds it. */
    Mono<Optional<Lease>> claim(String part);

    /** Where {@code part} stands now. */
    Mono<PartState> state(String part);

    /** Marks the leased part done (its output is stored) and ends the lease. */
    Mono<Void> complete(Lease lease);

    /**
     * Reports how far the leased part is (0..1), so the offering stage can show it before the part is done; ignored
     * once the lease is no longer the caller's. Best effort: a lost report only delays the stage's progress.
     */
    default Mono<Void> progress(Lease lease, double fraction) {
        return Mono.empty();
    }

    /** Gives the part back undone, e.g. after a failure: another participant may take it at once. */
    Mono<Void> release(Lease lease);

    /** A claimed part. {@code owner} is unique per claim; renewals and completion check it. */
    record Lease(String workId, String part, String owner) {
    }

    /**
     * Where a part stands. {@code doneBy} names the instance that completed it, when done; {@code progress} is what
     * the claimant last {@link #progress reported} while it is claimed (0 when nothing was), 1 when done.
     */
    record PartState(Status status, String doneBy, double progress) {
        public enum Status { FREE, CLAIMED, DONE }

        public static final PartState FREE = new PartState(Status.FREE, null, 0);
        public static final PartState CLAIMED = new PartState(Status.CLAIMED, null, 0);

        public PartState(Status status, String doneBy) {
            this(status, doneBy, status == Status.DONE ? 1 : 0);
        }

        public boolean done() {
            return status == Status.DONE;
        }
    }

    /**
     * Work nobody else sees: every part is free until this process claims it. What {@link StageContext#share}
     * gives outside the runtime (tests, tools), and what a stage that does not offer parts behaves like.
     */
    static SharedWork local(String workId) {
        return new SharedWork() {
            private final Map<String, String> claimed = new ConcurrentHashMap<>();
            private final Map<String, String> done = new ConcurrentHashMap<>();

            @Override
            public String id() {
                return workId;
            }

            @Override
            public Mono<Optional<Lease>> claim(String part) {
                return Mono.fromSupplier(() -> {
                    if (done.containsKey(part)) {
                        return Optional.empty();
                    }
                    String owner = "local-" + java.util.UUID.randomUUID();
                    return claimed.putIfAbsent(part, owner) == null
                            ? Optional.of(new Lease(workId, part, owner)) : Optional.empty();
                });
            }

            @Override
            public Mono<PartState> state(String part) {
                return Mono.fromSupplier(() -> done.containsKey(part) ? new PartState(PartState.Status.DONE, "local")
                        : claimed.containsKey(part) ? PartState.CLAIMED : PartState.FREE);
            }

            @Override
            public Mono<Void> complete(Lease lease) {
                return Mono.fromRunnable(() -> {
                    done.put(lease.part(), "local");
                    claimed.remove(lease.part(), lease.owner());
                });
            }

            @Override
            public Mono<Void> release(Lease lease) {
                return Mono.fromRunnable(() -> claimed.remove(lease.part(), lease.owner()));
            }
        };
    }
}
